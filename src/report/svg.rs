//! The data-flow graph as inline SVG: a layered left-to-right layout computed here
//! (layer = longest path from a source, capped so cycles end; rows ordered by the
//! mean row of their predecessors), edges as cubic curves with arrowheads.

use std::fmt::Write;

use super::graph::Graph;
use super::html::escape;

const W: f64 = 176.0;
const H: f64 = 44.0;
const COL_GAP: f64 = 250.0;
const ROW_GAP: f64 = 46.0;
const MARGIN: f64 = 24.0;
/// Room below the graph for labels of the lowest edges.
const LOOP_ROOM: f64 = 24.0;

/// Node positions: (x, y) of each node's top-left corner, and the canvas size.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pos: Vec<(f64, f64)>,
    pub layer: Vec<usize>,
    pub width: f64,
    pub height: f64,
}

/// Edges that close a cycle, found by depth-first search (ignored for layering).
fn back_edges(graph: &Graph) -> Vec<bool> {
    let n = graph.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, e) in graph.edges.iter().enumerate() {
        out[e.from].push(k);
    }
    // 0 unvisited, 1 on the DFS stack, 2 done.
    let mut state = vec![0u8; n];
    let mut back = vec![false; graph.edges.len()];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        let mut stack = vec![(start, 0usize)];
        while let Some((v, next)) = stack.last_mut() {
            let v = *v;
            if let Some(&k) = out[v].get(*next) {
                *next += 1;
                let w = graph.edges[k].to;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

#[must_use]
pub fn layout(graph: &Graph) -> Layout {
    let n = graph.nodes.len();
    let back = back_edges(graph);
    let mut layer = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for (k, e) in graph.edges.iter().enumerate() {
            if !back[k] && e.from != e.to && layer[e.to] <= layer[e.from] && layer[e.from] + 1 < n {
                layer[e.to] = layer[e.from] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let layers = layer.iter().copied().max().map_or(0, |m| m + 1);
    let mut row = vec![0f64; n];
    let mut columns: Vec<Vec<usize>> = Vec::with_capacity(layers);
    for l in 0..layers {
        let mut members: Vec<(f64, usize)> = (0..n)
            .filter(|&v| layer[v] == l)
            .map(|v| {
                let preds: Vec<f64> = graph
                    .edges
                    .iter()
                    .filter(|e| e.to == v && layer[e.from] < l)
                    .map(|e| row[e.from])
                    .collect();
                let key = if preds.is_empty() {
                    f64::MAX
                } else {
                    preds.iter().sum::<f64>() / preds.len() as f64
                };
                (key, v)
            })
            .collect();
        members.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (r, &(_, v)) in members.iter().enumerate() {
            row[v] = r as f64;
        }
        columns.push(members.into_iter().map(|(_, v)| v).collect());
    }
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) as f64;
    let column_height = |k: f64| k * H + (k - 1.0).max(0.0) * ROW_GAP;
    let mut pos = vec![(0.0, 0.0); n];
    for (l, members) in columns.iter().enumerate() {
        let offset = (column_height(rows) - column_height(members.len() as f64)) / 2.0;
        for (r, &v) in members.iter().enumerate() {
            pos[v] = (
                MARGIN + l as f64 * (W + COL_GAP),
                MARGIN + offset + r as f64 * (H + ROW_GAP),
            );
        }
    }
    let width = 2.0 * MARGIN + layers as f64 * W + (layers as f64 - 1.0).max(0.0) * COL_GAP;
    let height = 2.0 * MARGIN + column_height(rows) + LOOP_ROOM;
    Layout {
        pos,
        layer,
        width,
        height,
    }
}

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

/// The `<svg>` element (no XML prolog), or `None` for a graph without apps.
#[must_use]
pub fn render(graph: &Graph) -> Option<String> {
    if graph.nodes.is_empty() {
        return None;
    }
    let l = layout(graph);
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg id="flows" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" role="img" aria-labelledby="flows-title"><title id="flows-title">Data flows between {n} apps</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>"##,
        w = l.width,
        h = l.height,
        n = graph.nodes.len(),
    );
    for e in &graph.edges {
        let (ux, uy) = l.pos[e.from];
        let (vx, vy) = l.pos[e.to];
        let (path, mid) = if e.from == e.to {
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
        } else if l.layer[e.to] > l.layer[e.from] {
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
        };
        let full = e.labels.join(" / ");
        let _ = write!(
            out,
            r##"<g class="edge"><title>{} → {}{}{}</title><path d="{path}" fill="none" stroke="#555" stroke-width="1.6" marker-end="url(#arrow)"/>"##,
            escape(&graph.nodes[e.from].name),
            escape(&graph.nodes[e.to].name),
            if full.is_empty() { "" } else { ": " },
            escape(&full),
        );
        let lines = label_lines(&e.labels);
        if !lines.is_empty() {
            // Forward edges and loops carry their label above the curve, backward
            // edges below it, so a pair of opposite flows stays readable.
            let below = e.from != e.to && l.layer[e.to] < l.layer[e.from];
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
        out.push_str("</g>");
    }
    for (v, node) in graph.nodes.iter().enumerate() {
        let (x, y) = l.pos[v];
        let _ = write!(
            out,
            r#"<g class="node" data-app="{id}"><title>{name}</title><rect x="{x:.1}" y="{y:.1}" width="{W}" height="{H}" rx="8"/><text x="{cx:.1}" y="{cy:.1}" text-anchor="middle" dominant-baseline="central">{short}</text></g>"#,
            id = escape(&node.id),
            name = escape(&node.name),
            cx = x + W / 2.0,
            cy = y + H / 2.0,
            short = escape(&shorten(&node.name, 22)),
        );
    }
    out.push_str("</svg>");
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
                })
                .collect(),
        }
    }

    #[test]
    fn layers_follow_the_flows_and_cycles_terminate() {
        let g = graph(&["a", "b", "c", "d"], &[(0, 1), (1, 2), (0, 2), (2, 0)]);
        let l = layout(&g);
        assert_eq!(l.layer, [0, 1, 2, 0]);
        let g = graph(&["a", "b", "c"], &[(0, 1), (1, 2)]);
        let l = layout(&g);
        assert_eq!(l.layer, [0, 1, 2]);
        assert!(l.pos[0].0 < l.pos[1].0 && l.pos[1].0 < l.pos[2].0);
    }

    #[test]
    fn nodes_do_not_overlap() {
        let g = graph(
            &["a", "b", "c", "d", "e"],
            &[(0, 1), (0, 2), (0, 3), (4, 3)],
        );
        let l = layout(&g);
        for i in 0..5 {
            for j in i + 1..5 {
                let (a, b) = (l.pos[i], l.pos[j]);
                assert!(
                    (a.0 - b.0).abs() >= W || (a.1 - b.1).abs() >= H,
                    "{i} and {j} overlap"
                );
            }
        }
        let svg = render(&g).unwrap();
        assert_eq!(svg.matches("<rect").count(), 5);
        assert_eq!(svg.matches("marker-end=").count(), 4);
    }

    #[test]
    fn text_is_escaped() {
        let g = graph(&["<script>&"], &[]);
        let svg = render(&g).unwrap();
        assert!(svg.contains("&lt;script&gt;&amp;"));
        assert!(!svg.contains("<script>"));
    }
}
