//! The Markdown report's Mermaid `flowchart LR`, kept within what GitHub renders:
//! at most [`MAX_EDGES`] edges and [`MAX_CHARS`] characters (Mermaid's `maxEdges`
//! and `maxTextSize`; past them GitHub shows an error instead of a graph).
//!
//! Within those, it also keeps to [`EDGE_BUDGET`] arrows: GitHub accepts 500, but
//! Mermaid's layout of a few hundred arrows takes minutes in the reader's browser
//! (mermaid-cli: 75 arrows 16 s, 232 arrows 44 s, 312 arrows 86 s, 494 arrows over
//! 3 minutes, on the generated organization) and nobody can follow them.
//!
//! [`fit`] tries, in order: every flow with its label; one arrow per app pair
//! labelled with its flow count; the busiest apps with the others folded into one
//! node "N other apps". A note says what was left out and where the full graph is.

use std::fmt::Write;

use super::graph::Graph;

/// Mermaid's default `maxEdges`.
pub const MAX_EDGES: usize = 500;
/// Mermaid's default `maxTextSize` (counted here in bytes, which is never less
/// than JavaScript's UTF-16 length).
pub const MAX_CHARS: usize = 50_000;
/// The most arrows a report's diagram draws (see the module documentation).
pub const EDGE_BUDGET: usize = 200;

/// Escapes a Mermaid label written inside `"…"` with numeric entity codes, which
/// Mermaid decodes; nothing in the result can close the string or the edge label.
#[must_use]
pub fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '#' | '&' | '<' | '>' | '|' | '`' | '\\' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labels {
    /// Each flow's "data · frequency", joined with ` / `.
    Text,
    /// "3 flows" (nothing for a single flow).
    Counts,
}

/// A Mermaid `flowchart LR` of `graph` (no code fence).
#[must_use]
pub fn mermaid_with(graph: &Graph, labels: Labels) -> String {
    let mut out = String::from("flowchart LR\n");
    for n in &graph.nodes {
        let _ = writeln!(out, "  {}[\"{}\"]", n.id, mermaid_text(&n.name));
    }
    for e in &graph.edges {
        let (from, to) = (&graph.nodes[e.from].id, &graph.nodes[e.to].id);
        let label = match labels {
            Labels::Text => e.labels.join(" / "),
            Labels::Counts if e.flows > 1 => format!("{} flows", e.flows),
            Labels::Counts => String::new(),
        };
        if label.is_empty() {
            let _ = writeln!(out, "  {from} --> {to}");
        } else {
            let _ = writeln!(out, "  {from} -->|\"{}\"| {to}", mermaid_text(&label));
        }
    }
    out
}

/// Every app and flow, edges labelled with the flows' data and frequency.
#[must_use]
pub fn mermaid(graph: &Graph) -> String {
    mermaid_with(graph, Labels::Text)
}

/// How much of the graph the Mermaid source shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Full,
    Counts,
    Busiest {
        kept: usize,
        folded: usize,
        dropped_flows: usize,
    },
}

/// The Mermaid source to print and, when it is not the full graph, a note.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub source: String,
    pub edges: usize,
    pub level: Level,
    pub note: Option<String>,
}

fn fits(source: &str, edges: usize) -> bool {
    edges <= EDGE_BUDGET.min(MAX_EDGES) && source.len() <= MAX_CHARS
}

/// `12345` -> `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const ELSEWHERE: &str = "Every app and flow, with its data and frequency, is in the HTML report \
     (`wirebook report --format html`, pan, zoom and search) and the JSON report \
     (`graph` in `wirebook report --format json`).";

/// The largest view of `graph` within GitHub's limits.
#[must_use]
pub fn fit(graph: &Graph) -> Fitted {
    let full = mermaid(graph);
    if fits(&full, graph.edges.len()) {
        return Fitted {
            source: full,
            edges: graph.edges.len(),
            level: Level::Full,
            note: None,
        };
    }
    let whole = format!(
        "The full graph ({} apps, {} app pairs, {} flows; {} characters of Mermaid) is more than this diagram \
         draws: at most {EDGE_BUDGET} arrows (GitHub's limits are {MAX_EDGES} edges and {} characters).",
        thousands(graph.nodes.len()),
        thousands(graph.edges.len()),
        thousands(graph.flow_count()),
        thousands(full.len()),
        thousands(MAX_CHARS),
    );
    let counts = mermaid_with(graph, Labels::Counts);
    if fits(&counts, graph.edges.len()) {
        return Fitted {
            source: counts,
            edges: graph.edges.len(),
            level: Level::Counts,
            note: Some(format!(
                "{whole} This one shows every app with one arrow per pair of apps, labelled with its number \
                 of flows when more than one. {ELSEWHERE}"
            )),
        };
    }
    // The most apps that fit: edges and text only grow as more apps are kept.
    let (mut lo, mut hi) = (0, graph.nodes.len().saturating_sub(1));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let (g, _) = graph.fold(mid);
        if fits(&mermaid_with(&g, Labels::Counts), g.edges.len()) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let (g, dropped) = graph.fold(lo);
    let folded = graph.nodes.len() - lo;
    let source = mermaid_with(&g, Labels::Counts);
    let dropped_text = if dropped == 0 {
        String::new()
    } else {
        format!(
            " {} flow{} between two of the folded apps {} left out.",
            thousands(dropped),
            if dropped == 1 { "" } else { "s" },
            if dropped == 1 { "is" } else { "are" }
        )
    };
    Fitted {
        edges: g.edges.len(),
        source,
        level: Level::Busiest {
            kept: lo,
            folded,
            dropped_flows: dropped,
        },
        note: Some(format!(
            "{whole} This one shows the {} busiest apps (most flows) and folds the other {} into one node, \
             \"{}\"; arrows are labelled with their number of flows when more than one.{dropped_text} {ELSEWHERE}",
            thousands(lo),
            thousands(folded),
            g.nodes.last().map_or("", |n| n.name.as_str()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::graph::{Edge, GraphNode};

    #[test]
    fn labels_cannot_close_quotes() {
        let t = mermaid_text("say \"hi\" | <b>#1</b>\nnext");
        assert!(!t.contains(['"', '|', '<', '>', '\n']));
        assert_eq!(mermaid_text("a\"b"), "a#34;b");
        assert_eq!(mermaid_text("#"), "#35;");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(50_000), "50,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    /// `n` apps; app 0 is a hub linked both ways with every other app, and each
    /// app links to the next, each edge with a long label.
    fn dense(n: usize, label: usize) -> Graph {
        let nodes = (0..n)
            .map(|i| GraphNode {
                name: format!("App {i}"),
                id: format!("app_{i}"),
            })
            .collect();
        let mut edges = Vec::new();
        let text = "x".repeat(label);
        for i in 1..n {
            for (from, to) in [(0, i), (i, 0)] {
                edges.push(Edge {
                    from,
                    to,
                    labels: vec![text.clone()],
                    flows: 2,
                });
            }
            if i + 1 < n {
                edges.push(Edge {
                    from: i,
                    to: i + 1,
                    labels: vec![text.clone()],
                    flows: 1,
                });
            }
        }
        edges.sort_by_key(|e| (e.from, e.to));
        Graph { nodes, edges }
    }

    #[test]
    fn small_graphs_are_drawn_whole() {
        let g = dense(10, 20);
        let f = fit(&g);
        assert_eq!(f.level, Level::Full);
        assert!(f.note.is_none());
        assert_eq!(f.source, mermaid(&g));
    }

    #[test]
    fn long_labels_give_way_to_counts() {
        // 60 apps: 59 * 3 - 1 = 176 edges, but 176 labels of 400 characters.
        let g = dense(60, 400);
        assert!(mermaid(&g).len() > MAX_CHARS);
        let f = fit(&g);
        assert_eq!(f.level, Level::Counts);
        assert!(f.source.contains("-->|\"2 flows\"|"));
        assert!(f.source.len() <= MAX_CHARS && f.edges <= EDGE_BUDGET);
        let note = f.note.unwrap();
        assert!(note.contains("60 apps, 176 app pairs"), "{note}");
        assert!(note.contains("--format html") && note.contains("--format json"));
    }

    #[test]
    fn too_many_edges_keep_the_busiest_apps() {
        let g = dense(400, 10);
        assert!(g.edges.len() > MAX_EDGES);
        let f = fit(&g);
        let Level::Busiest { kept, folded, .. } = f.level else {
            panic!("{:?}", f.level)
        };
        assert_eq!(kept + folded, 400);
        assert!(f.edges <= EDGE_BUDGET && f.source.len() <= MAX_CHARS);
        // One more app would not fit.
        let (more, _) = g.fold(kept + 1);
        assert!(!fits(
            &mermaid_with(&more, Labels::Counts),
            more.edges.len()
        ));
        assert!(f.source.contains("App 0"), "the hub is kept");
        assert!(f.source.contains(&format!("[\"{folded} other apps\"]")));
        let note = f.note.unwrap();
        assert!(note.contains(&format!("the {kept} busiest apps")), "{note}");
        assert!(note.contains(&format!("\"{folded} other apps\"")));
    }
}
