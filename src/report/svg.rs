//! The data-flow graph as inline SVG, laid out by [`super::layout`]: edges as
//! curves with arrowheads, nodes as boxes. Every node carries `data-app` (its ID)
//! and `data-flows`; every edge `data-from`, `data-to` and `data-flows`, which the
//! page's script uses to highlight an app's flows. Small (layered) graphs label
//! their edges; on a map, an edge's flows are in its tooltip and in the panel of
//! the selected app.

use std::fmt::Write;

use super::graph::Graph;
use super::html::escape;
use super::layout::{layout, Kind, Layout, H, W};

/// Height of one line of an edge label.
const LINE: f64 = 14.0;

/// An edge label as at most 4 short lines: "data" then "frequency" per flow.
fn label_lines(labels: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = labels
        .iter()
        .flat_map(|l| l.split(" · "))
        .map(|part| shorten(part, 34))
        .collect();
    if lines.len() > 4 {
        lines.truncate(3);
        lines.push(format!("+{} more", labels.len().saturating_sub(1)));
    }
    lines
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Where the line from the centre of a `W`×`H` box at (x, y) towards `(tx, ty)`
/// leaves the box.
fn border(x: f64, y: f64, tx: f64, ty: f64) -> (f64, f64) {
    let (cx, cy) = (x + W / 2.0, y + H / 2.0);
    let (dx, dy) = (tx - cx, ty - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let t = ((W / 2.0) / dx.abs()).min((H / 2.0) / dy.abs());
    (cx + dx * t, cy + dy * t)
}

/// A loop on the box's top-right corner: (path, label anchor).
fn self_loop(ux: f64, uy: f64) -> (String, (f64, f64)) {
    let (x, y) = (ux + W, uy + H / 2.0);
    (
        format!(
            "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            x - 20.0,
            uy,
            x + 30.0,
            uy - 40.0,
            x + 40.0,
            y,
            x,
            y + 8.0
        ),
        (x + 30.0, uy - 12.0),
    )
}

/// An edge on the layered layout: (path, label anchor).
fn layered_edge(l: &Layout, from: usize, to: usize) -> (String, (f64, f64)) {
    let (ux, uy) = l.pos[from];
    let (vx, vy) = l.pos[to];
    if l.layer[to] > l.layer[from] {
        let (x0, y0, x1, y1) = (ux + W, uy + H / 2.0, vx, vy + H / 2.0);
        let dx = (x1 - x0) / 2.0;
        (
            format!(
                "M{x0:.1},{y0:.1} C{:.1},{y0:.1} {:.1},{y1:.1} {x1:.1},{y1:.1}",
                x0 + dx,
                x1 - dx
            ),
            ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
        )
    } else {
        // Backwards (closing a cycle): from the left side of the source to the
        // right side of the target, below the centre line of forward edges.
        let (x0, y0, x1, y1) = (ux, uy + H * 0.75, vx + W, vy + H * 0.75);
        let dx = (x0 - x1) / 2.0;
        (
            format!(
                "M{x0:.1},{y0:.1} C{:.1},{y0:.1} {:.1},{y1:.1} {x1:.1},{y1:.1}",
                x0 - dx,
                x1 + dx
            ),
            ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
        )
    }
}

/// An edge on the map: a gentle curve bending to its right, so flows both ways
/// between two apps stay apart, from border to border.
fn map_edge(l: &Layout, from: usize, to: usize) -> String {
    let (ux, uy) = l.pos[from];
    let (vx, vy) = l.pos[to];
    let (a, b) = ((ux + W / 2.0, uy + H / 2.0), (vx + W / 2.0, vy + H / 2.0));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let bend = 0.12;
    let control = ((a.0 + b.0) / 2.0 - dy * bend, (a.1 + b.1) / 2.0 + dx * bend);
    let (x0, y0) = border(ux, uy, control.0, control.1);
    let (x1, y1) = border(vx, vy, control.0, control.1);
    format!(
        "M{x0:.1},{y0:.1} Q{:.1},{:.1} {x1:.1},{y1:.1}",
        control.0, control.1
    )
}

fn labels(out: &mut String, l: &Layout, from: usize, to: usize, mid: (f64, f64), text: &[String]) {
    let lines = label_lines(text);
    if lines.is_empty() {
        return;
    }
    // Forward edges and loops carry their label above the curve, backward edges
    // below it, so a pair of opposite flows stays readable.
    let below = from != to && l.layer[to] < l.layer[from];
    let first = if below {
        mid.1 + LINE
    } else {
        mid.1 - 5.0 - LINE * (lines.len() - 1) as f64
    };
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{first:.1}" text-anchor="middle" class="edge-label">"#,
        mid.0
    );
    for (k, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tspan x="{:.1}" dy="{}">{}</tspan>"#,
            mid.0,
            if k == 0 { 0.0 } else { LINE },
            escape(line)
        );
    }
    out.push_str("</text>");
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The `<svg>` element (no XML prolog), or `None` for a graph without apps.
#[must_use]
pub fn render(graph: &Graph) -> Option<String> {
    if graph.nodes.is_empty() {
        return None;
    }
    let l = layout(graph);
    let kind = match l.kind {
        Kind::Layered => "layered",
        Kind::Map => "map",
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg id="flows" class="{kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}"{natural} data-width="{w:.0}" data-height="{h:.0}" tabindex="0" role="img" aria-labelledby="flows-title"><title id="flows-title">Data flows between {n} apps</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker><marker id="arrow-hl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1d4ed8"/></marker></defs><g id="edges">"##,
        w = l.width,
        h = l.height,
        n = graph.nodes.len(),
        // A small graph is drawn at its own size (at most the page width); a map
        // always fills the width.
        natural = if l.kind == Kind::Layered {
            format!(" width=\"{:.0}\"", l.width)
        } else {
            String::new()
        },
    );
    for e in &graph.edges {
        let (path, mid) = if e.from == e.to {
            let (ux, uy) = l.pos[e.from];
            self_loop(ux, uy)
        } else if l.kind == Kind::Layered {
            layered_edge(&l, e.from, e.to)
        } else {
            (map_edge(&l, e.from, e.to), (0.0, 0.0))
        };
        let full = e.labels.join(" / ");
        let (from, to) = (&graph.nodes[e.from], &graph.nodes[e.to]);
        let _ = write!(
            out,
            r#"<g class="edge" data-from="{}" data-to="{}" data-flows="{}"><title>{} → {}{}{} ({})</title><path d="{path}" marker-end="url(#arrow)"/>"#,
            escape(&from.id),
            escape(&to.id),
            e.flows,
            escape(&from.name),
            escape(&to.name),
            if full.is_empty() { "" } else { ": " },
            escape(&full),
            plural(e.flows, "flow"),
        );
        if l.kind == Kind::Layered {
            labels(&mut out, &l, e.from, e.to, mid, &e.labels);
        }
        out.push_str("</g>");
    }
    out.push_str(r#"</g><g id="nodes">"#);
    let per = graph.flows_per_node();
    for (v, node) in graph.nodes.iter().enumerate() {
        let (x, y) = l.pos[v];
        let _ = write!(
            out,
            r#"<g class="node" data-app="{id}" data-flows="{flows}"><title>{name}</title><rect x="{x:.1}" y="{y:.1}" width="{W}" height="{H}" rx="8"/><text x="{cx:.1}" y="{cy:.1}" text-anchor="middle" dominant-baseline="central">{short}</text></g>"#,
            id = escape(&node.id),
            flows = per[v],
            name = escape(&node.name),
            cx = x + W / 2.0,
            cy = y + H / 2.0,
            short = escape(&shorten(&node.name, 22)),
        );
    }
    out.push_str("</g></svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::graph::{Edge, GraphNode};

    fn graph(names: &[&str], edges: &[(usize, usize)]) -> Graph {
        Graph {
            nodes: names
                .iter()
                .map(|n| GraphNode {
                    name: (*n).to_owned(),
                    id: format!("app_{n}"),
                })
                .collect(),
            edges: edges
                .iter()
                .map(|&(from, to)| Edge {
                    from,
                    to,
                    labels: vec!["x".to_owned()],
                    flows: 2,
                })
                .collect(),
        }
    }

    #[test]
    fn one_box_per_app_one_curve_per_edge_with_data_for_the_script() {
        let g = graph(
            &["a", "b", "c", "d", "e"],
            &[(0, 1), (0, 2), (0, 3), (4, 3), (1, 1)],
        );
        let svg = render(&g).unwrap();
        assert!(svg.contains(r#"class="layered""#));
        assert_eq!(svg.matches("<rect").count(), 5);
        assert_eq!(svg.matches("marker-end=").count(), 5);
        assert!(
            svg.contains(r#"<g class="edge" data-from="app_e" data-to="app_d" data-flows="2">"#)
        );
        assert!(svg.contains(r#"<g class="node" data-app="app_a" data-flows="6">"#));
        assert!(
            svg.contains(r#"data-app="app_b" data-flows="4""#),
            "a loop counts once"
        );
        assert!(svg.contains("a → b: x (2 flows)"));
    }

    #[test]
    fn a_large_graph_is_a_map_without_edge_text() {
        let names: Vec<String> = (0..60).map(|i| format!("n{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let edges: Vec<(usize, usize)> = (1..60).map(|i| (i, 0)).collect();
        let svg = render(&graph(&refs, &edges)).unwrap();
        assert!(svg.contains(r#"class="map""#));
        assert_eq!(svg.matches("<rect").count(), 60);
        assert_eq!(svg.matches(r#"<g class="edge""#).count(), 59);
        assert!(!svg.contains("edge-label"));
    }

    #[test]
    fn edges_leave_and_enter_at_the_box_border() {
        let (x, y) = border(0.0, 0.0, 1000.0, H / 2.0);
        assert!((x - W).abs() < 1e-9 && (y - H / 2.0).abs() < 1e-9);
        let (x, y) = border(0.0, 0.0, W / 2.0, -500.0);
        assert!((x - W / 2.0).abs() < 1e-9 && y.abs() < 1e-9);
    }

    #[test]
    fn text_is_escaped() {
        let g = graph(&["<script>&"], &[]);
        let svg = render(&g).unwrap();
        assert!(svg.contains("&lt;script&gt;&amp;"));
        assert!(!svg.contains("<script>"));
    }
}
