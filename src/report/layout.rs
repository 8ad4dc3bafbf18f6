//! Where the HTML graph puts each app. Two layouts:
//!
//! - **layered** (small graphs): left to right, an app's column is its longest flow
//!   path from a source (capped so cycles end), rows ordered by the mean row of
//!   their predecessors;
//! - **map** (large graphs, or when layering would be far wider than tall): a
//!   force-directed placement (linked apps attract, all apps repel, a weak pull to
//!   the centre) snapped to a grid of about 16:10, busiest apps placed first, so
//!   hubs sit in the middle with their neighbours around them and no two boxes
//!   overlap. The page fits it to its width and lets the reader pan and zoom.
//!
//! Both are deterministic: the same graph gives the same picture.

use super::graph::Graph;

/// Node box size.
pub const W: f64 = 176.0;
pub const H: f64 = 44.0;
const COL_GAP: f64 = 250.0;
const ROW_GAP: f64 = 46.0;
pub const MARGIN: f64 = 24.0;
/// Room below the graph for labels of the lowest edges.
const LOOP_ROOM: f64 = 24.0;
/// Map cells: a box plus room for the edges between boxes.
const CELL_W: f64 = W + 44.0;
const CELL_H: f64 = H + 40.0;
/// Width over height the map aims for.
const ASPECT: f64 = 1.6;
/// Graphs with more apps than this are drawn as a map.
const LAYERED_MAX_NODES: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Layered,
    Map,
}

/// Node positions: (x, y) of each node's top-left corner, and the canvas size.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub kind: Kind,
    pub pos: Vec<(f64, f64)>,
    /// Layered: each node's column. Map: all 0.
    pub layer: Vec<usize>,
    pub width: f64,
    pub height: f64,
}

/// The layered layout when the graph is small and it stays within 8 columns and
/// 16 rows, else the map.
#[must_use]
pub fn layout(graph: &Graph) -> Layout {
    if graph.nodes.len() <= LAYERED_MAX_NODES {
        let l = layered(graph);
        let columns = l.layer.iter().max().map_or(0, |m| m + 1);
        let rows = (0..columns)
            .map(|c| l.layer.iter().filter(|&&x| x == c).count())
            .max()
            .unwrap_or(0);
        if columns <= 8 && rows <= 16 {
            return l;
        }
    }
    map(graph)
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
pub fn layered(graph: &Graph) -> Layout {
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
        kind: Kind::Layered,
        pos,
        layer,
        width,
        height,
    }
}

/// Grid size for `n` boxes: about 15% spare cells, about [`ASPECT`] wide.
fn grid(n: usize) -> (usize, usize) {
    let cells = (n as f64 * 1.15).ceil().max(1.0);
    let cols = (cells * ASPECT * CELL_H / CELL_W).sqrt().ceil().max(1.0) as usize;
    let rows = (cells / cols as f64).ceil().max(1.0) as usize;
    (cols, rows)
}

/// Fruchterman-Reingold in the unit square, from a golden-angle spiral (busiest
/// first, so hubs start in the middle). Returns a position per node.
fn forces(graph: &Graph, order: &[usize]) -> Vec<(f64, f64)> {
    let n = graph.nodes.len();
    let mut p = vec![(0.0, 0.0); n];
    for (rank, &v) in order.iter().enumerate() {
        let r = ((rank as f64 + 0.5) / n as f64).sqrt() * 0.5;
        let a = rank as f64 * 2.399_963_229_728_653;
        p[v] = (r * a.cos(), r * a.sin());
    }
    let k = (1.0 / n as f64).sqrt();
    let links: Vec<(usize, usize, f64)> = graph
        .edges
        .iter()
        .filter(|e| e.from != e.to)
        .map(|e| (e.from, e.to, 1.0 + (e.flows as f64).ln()))
        .collect();
    // Fewer rounds for very large graphs: the repulsion is quadratic.
    let rounds = (300.0 * (150.0 / n.max(150) as f64).powi(2)).clamp(30.0, 300.0) as usize;
    let mut disp = vec![(0.0, 0.0); n];
    for round in 0..rounds {
        let t = 0.1 * (1.0 - round as f64 / rounds as f64) + 0.002;
        disp.fill((0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (p[i].0 - p[j].0, p[i].1 - p[j].1);
                let dist2 = (dx * dx + dy * dy).max(1e-9);
                let f = k * k / dist2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(u, v, w) in &links {
            let (dx, dy) = (p[u].0 - p[v].0, p[u].1 - p[v].1);
            let dist = (dx * dx + dy * dy).sqrt().max(1e-9);
            let f = dist / k * w;
            disp[u].0 -= dx * f;
            disp[u].1 -= dy * f;
            disp[v].0 += dx * f;
            disp[v].1 += dy * f;
        }
        for v in 0..n {
            let gravity = 2.0 * k;
            let (dx, dy) = (disp[v].0 - p[v].0 * gravity, disp[v].1 - p[v].1 * gravity);
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let step = len.min(t);
                p[v].0 += dx / len * step;
                p[v].1 += dy / len * step;
            }
        }
    }
    p
}

#[must_use]
pub fn map(graph: &Graph) -> Layout {
    let n = graph.nodes.len();
    let (cols, rows) = grid(n);
    let order = graph.busiest();
    let p = forces(graph, &order);
    // Stretch the force picture over the grid, then give each app (busiest first)
    // the free cell nearest to where the forces put it.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &p {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let sx = if x1 > x0 {
        (cols - 1) as f64 / (x1 - x0)
    } else {
        0.0
    };
    let sy = if y1 > y0 {
        (rows - 1) as f64 / (y1 - y0)
    } else {
        0.0
    };
    let mut free = vec![true; cols * rows];
    let mut pos = vec![(0.0, 0.0); n];
    for &v in &order {
        let (tx, ty) = ((p[v].0 - x0) * sx * CELL_W, (p[v].1 - y0) * sy * CELL_H);
        let mut best = (f64::MAX, 0);
        for (cell, _) in free.iter().enumerate().filter(|(_, f)| **f) {
            let (cx, cy) = ((cell % cols) as f64 * CELL_W, (cell / cols) as f64 * CELL_H);
            let d = (cx - tx).powi(2) + (cy - ty).powi(2);
            if d < best.0 {
                best = (d, cell);
            }
        }
        free[best.1] = false;
        pos[v] = (
            MARGIN + (best.1 % cols) as f64 * CELL_W + (CELL_W - W) / 2.0,
            MARGIN + (best.1 / cols) as f64 * CELL_H + (CELL_H - H) / 2.0,
        );
    }
    Layout {
        kind: Kind::Map,
        pos,
        layer: vec![0; n],
        width: 2.0 * MARGIN + cols as f64 * CELL_W,
        height: 2.0 * MARGIN + rows as f64 * CELL_H,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::graph::{Edge, GraphNode};

    pub(crate) fn graph(names: &[&str], edges: &[(usize, usize)]) -> Graph {
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
                    flows: 1,
                })
                .collect(),
        }
    }

    fn no_overlap(l: &Layout) {
        for i in 0..l.pos.len() {
            for j in i + 1..l.pos.len() {
                let (a, b) = (l.pos[i], l.pos[j]);
                assert!(
                    (a.0 - b.0).abs() >= W || (a.1 - b.1).abs() >= H,
                    "{i} and {j} overlap"
                );
            }
        }
    }

    #[test]
    fn layers_follow_the_flows_and_cycles_terminate() {
        let g = graph(&["a", "b", "c", "d"], &[(0, 1), (1, 2), (0, 2), (2, 0)]);
        let l = layered(&g);
        assert_eq!(l.layer, [0, 1, 2, 0]);
        let g = graph(&["a", "b", "c"], &[(0, 1), (1, 2)]);
        let l = layout(&g);
        assert_eq!(l.kind, Kind::Layered);
        assert_eq!(l.layer, [0, 1, 2]);
        assert!(l.pos[0].0 < l.pos[1].0 && l.pos[1].0 < l.pos[2].0);
    }

    #[test]
    fn layered_nodes_do_not_overlap() {
        let g = graph(
            &["a", "b", "c", "d", "e"],
            &[(0, 1), (0, 2), (0, 3), (4, 3)],
        );
        no_overlap(&layered(&g));
    }

    /// A hub with spokes plus a long chain: 150 apps.
    fn big() -> Graph {
        let names: Vec<String> = (0..150).map(|i| format!("n{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut edges: Vec<(usize, usize)> = (1..150).map(|i| (i, 0)).collect();
        edges.extend((1..149).map(|i| (i, i + 1)));
        graph(&refs, &edges)
    }

    #[test]
    fn a_long_chain_is_a_map_that_fits_a_page_shape() {
        let g = big();
        let l = layout(&g);
        assert_eq!(l.kind, Kind::Map);
        no_overlap(&l);
        let ratio = l.width / l.height;
        assert!((1.2..=2.2).contains(&ratio), "{} x {}", l.width, l.height);
        for &(x, y) in &l.pos {
            assert!(x >= MARGIN && y >= MARGIN);
            assert!(x + W <= l.width - MARGIN + 0.01 && y + H <= l.height - MARGIN + 0.01);
        }
        // The layered layout of the same graph would be a 150-column strip.
        let strip = layered(&g);
        assert!(strip.width / strip.height > 10.0);
    }

    #[test]
    fn the_hub_sits_near_the_middle_and_the_map_is_deterministic() {
        let g = big();
        let l = map(&g);
        let (cx, cy) = (l.width / 2.0, l.height / 2.0);
        let hub = (l.pos[0].0 + W / 2.0 - cx, l.pos[0].1 + H / 2.0 - cy);
        assert!(
            hub.0.abs() < l.width / 4.0 && hub.1.abs() < l.height / 4.0,
            "hub at {hub:?} of {} x {}",
            l.width,
            l.height
        );
        assert_eq!(l, map(&g));
    }

    #[test]
    fn tiny_maps_work() {
        for n in 1..4 {
            let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let l = map(&graph(&refs, &[]));
            assert_eq!(l.pos.len(), n);
            no_overlap(&l);
            assert!(l.pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        }
    }
}
