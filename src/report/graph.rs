//! The data-flow graph of all integrations: every app is a node (one per
//! [`app_key`], named by its most common spelling), every documented flow an edge
//! (flows between the same two apps share one edge, which counts them).

use std::collections::{HashMap, HashSet};

use super::model::{Flow, Report};
use crate::apps::{app_key, Spellings};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphNode {
    /// The app's name: its most common spelling ([`Spellings`]).
    pub name: String,
    /// A unique identifier made of `[a-z0-9_]`, starting with `app_`.
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// One per distinct flow label: "data · frequency".
    pub labels: Vec<String>,
    /// How many documented flows this edge stands for.
    pub flows: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    /// Sorted by name (case-insensitive).
    pub nodes: Vec<GraphNode>,
    /// Sorted by (from, to).
    pub edges: Vec<Edge>,
}

/// "Customer orders · every 15 minutes"; `None` when neither is written.
#[must_use]
pub fn flow_label(flow: &Flow) -> Option<String> {
    match (&flow.data, &flow.frequency) {
        (Some(d), Some(f)) => Some(format!("{d} · {f}")),
        (Some(d), None) => Some(d.clone()),
        (None, Some(f)) => Some(f.clone()),
        (None, None) => None,
    }
}

/// `Shopify Plus (EU)` -> `app_shopify_plus_eu`.
fn slug(name: &str) -> String {
    let mut out = String::from("app_");
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            gap = false;
        } else {
            gap = true;
        }
    }
    out
}

/// Unique node IDs for `names`, in order.
fn ids(names: &[String]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    names
        .iter()
        .map(|name| {
            let base = slug(name);
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(id.clone());
            id
        })
        .collect()
}

fn sort_names(names: &mut [String]) {
    names.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
}

/// Collects edges keyed by (from, to).
#[derive(Default)]
struct EdgeSet {
    at: HashMap<(usize, usize), usize>,
    edges: Vec<Edge>,
}

impl EdgeSet {
    fn add(&mut self, from: usize, to: usize, labels: &[String], flows: usize) {
        let k = *self.at.entry((from, to)).or_insert_with(|| {
            self.edges.push(Edge {
                from,
                to,
                labels: Vec::new(),
                flows: 0,
            });
            self.edges.len() - 1
        });
        let e = &mut self.edges[k];
        e.flows += flows;
        for l in labels {
            if !e.labels.contains(l) {
                e.labels.push(l.clone());
            }
        }
    }

    fn done(mut self) -> Vec<Edge> {
        self.edges.sort_by_key(|e| (e.from, e.to));
        self.edges
    }
}

impl Graph {
    /// Every app of every row (one node per [`app_key`]) and every flow between two
    /// named apps (one edge per ordered pair of apps).
    #[must_use]
    pub fn build(report: &Report) -> Self {
        let mut spellings = Spellings::new();
        for i in &report.integrations {
            for app in &i.apps {
                spellings.add(app);
            }
            for f in &i.flows {
                for end in [&f.from, &f.to].into_iter().flatten() {
                    spellings.add(end);
                }
            }
        }
        let mut names: Vec<String> = spellings
            .keys()
            .filter_map(|k| spellings.display(k))
            .map(str::to_owned)
            .collect();
        sort_names(&mut names);
        let index: HashMap<String, usize> = names
            .iter()
            .enumerate()
            .map(|(k, n)| (app_key(n), k))
            .collect();
        let nodes: Vec<GraphNode> = ids(&names)
            .into_iter()
            .zip(names)
            .map(|(id, name)| GraphNode { name, id })
            .collect();
        let mut edges = EdgeSet::default();
        for i in &report.integrations {
            for flow in &i.flows {
                let at = |name: &Option<String>| {
                    name.as_deref()
                        .and_then(|n| index.get(&app_key(n)).copied())
                };
                let (Some(from), Some(to)) = (at(&flow.from), at(&flow.to)) else {
                    continue;
                };
                let labels: Vec<String> = flow_label(flow).into_iter().collect();
                edges.add(from, to, &labels, 1);
            }
        }
        Graph {
            nodes,
            edges: edges.done(),
        }
    }

    /// How many flows start or end at each node (a loop counts once).
    #[must_use]
    pub fn flows_per_node(&self) -> Vec<usize> {
        let mut out = vec![0; self.nodes.len()];
        for e in &self.edges {
            out[e.from] += e.flows;
            if e.to != e.from {
                out[e.to] += e.flows;
            }
        }
        out
    }

    /// Total documented flows drawn.
    #[must_use]
    pub fn flow_count(&self) -> usize {
        self.edges.iter().map(|e| e.flows).sum()
    }

    /// Node indices, busiest first (most flows; ties by name order).
    #[must_use]
    pub fn busiest(&self) -> Vec<usize> {
        let per = self.flows_per_node();
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by_key(|&v| (std::cmp::Reverse(per[v]), v));
        order
    }

    /// The `keep` busiest apps, the others folded into one node "N other apps":
    /// flows between a kept app and any other app become edges to or from that
    /// node; flows among the other apps are dropped. Labels are not kept (edges
    /// keep their flow counts). Returns the graph and the number of dropped flows.
    #[must_use]
    pub fn fold(&self, keep: usize) -> (Graph, usize) {
        let order = self.busiest();
        if keep >= self.nodes.len() {
            return (self.without_labels(), 0);
        }
        let kept: HashSet<usize> = order[..keep].iter().copied().collect();
        let mut names: Vec<String> = order[..keep]
            .iter()
            .map(|&v| self.nodes[v].name.clone())
            .collect();
        sort_names(&mut names);
        let others = self.nodes.len() - keep;
        let other_name = format!("{others} other app{}", if others == 1 { "" } else { "s" });
        let mut all_names = names.clone();
        all_names.push(other_name);
        let new_ids = ids(&all_names);
        let position: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(k, n)| (n.as_str(), k))
            .collect();
        let other = names.len();
        let map = |v: usize| {
            if kept.contains(&v) {
                position[self.nodes[v].name.as_str()]
            } else {
                other
            }
        };
        let mut edges = EdgeSet::default();
        let mut dropped = 0;
        for e in &self.edges {
            let (from, to) = (map(e.from), map(e.to));
            if from == other && to == other {
                dropped += e.flows;
            } else {
                edges.add(from, to, &[], e.flows);
            }
        }
        let nodes = new_ids
            .into_iter()
            .zip(all_names)
            .map(|(id, name)| GraphNode { name, id })
            .collect();
        (
            Graph {
                nodes,
                edges: edges.done(),
            },
            dropped,
        )
    }

    /// The same graph, edges without their labels (flow counts only).
    #[must_use]
    pub fn without_labels(&self) -> Graph {
        let mut g = self.clone();
        for e in &mut g.edges {
            e.labels.clear();
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_identifier_safe() {
        assert_eq!(slug("Shopify Plus (EU)"), "app_shopify_plus_eu");
        assert_eq!(slug("end"), "app_end");
        assert_eq!(slug("\"; DROP"), "app_drop");
        assert_eq!(slug("日本"), "app_");
    }

    fn flow(from: &str, to: &str, data: &str) -> Flow {
        Flow {
            from: Some(from.to_owned()),
            to: Some(to.to_owned()),
            data: Some(data.to_owned()),
            frequency: None,
            mechanism: None,
        }
    }

    fn report(rows: &[(&[&str], Vec<Flow>)]) -> Report {
        let yaml = "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {id: a, title: A}\nspec:\n  primary: {app: X}\n";
        let config = crate::config::Config::default();
        let today = crate::interval::parse_date("2026-11-20").unwrap();
        let options = crate::engine::Options {
            today,
            members: None,
        };
        let run = crate::engine::check_texts(
            &[("a.yaml".to_owned(), yaml.to_owned())],
            &config,
            &options,
        );
        let mut r = crate::report::build(&run, &config, today);
        let template = r.integrations[0].clone();
        r.integrations = rows
            .iter()
            .map(|(apps, flows)| {
                let mut i = template.clone();
                i.apps = apps.iter().map(|a| (*a).to_owned()).collect();
                i.flows = flows.clone();
                i
            })
            .collect();
        r
    }

    #[test]
    fn spellings_of_one_app_are_one_node_named_by_the_most_common() {
        let r = report(&[
            (
                &["Shopify", "ShipStation"],
                vec![flow("Shopify", "ShipStation", "orders")],
            ),
            (
                &["shopify ", "shipstation "],
                vec![flow("SHOPIFY", " shipstation", "refunds")],
            ),
            (&["Shopify"], vec![flow("shopify", "ShipStation", "orders")]),
        ]);
        let g = Graph::build(&r);
        let names: Vec<&str> = g.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["ShipStation", "Shopify"]);
        assert_eq!(g.edges.len(), 1);
        assert_eq!(g.edges[0].flows, 3);
        assert_eq!(g.edges[0].labels, ["orders", "refunds"]);
        assert_eq!((g.edges[0].from, g.edges[0].to), (1, 0));
    }

    #[test]
    fn folding_keeps_the_busiest_and_counts_the_rest() {
        // Hub gets 3 flows, B 2, C 1, D 1, C->D 1.
        let r = report(&[(
            &["Hub", "B", "C", "D"],
            vec![
                flow("Hub", "B", "x"),
                flow("B", "Hub", "y"),
                flow("Hub", "C", "z"),
                flow("C", "D", "w"),
            ],
        )]);
        let g = Graph::build(&r);
        assert_eq!(g.flows_per_node(), [2, 2, 1, 3]); // B, C, D, Hub
        assert_eq!(g.busiest()[0], 3);
        let (f, dropped) = g.fold(2);
        let names: Vec<&str> = f.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["B", "Hub", "2 other apps"]);
        assert_eq!(dropped, 1, "C -> D is among the folded apps");
        assert_eq!(f.flow_count() + dropped, g.flow_count());
        let hub_to_other = f.edges.iter().find(|e| e.from == 1 && e.to == 2).unwrap();
        assert_eq!(hub_to_other.flows, 1);
        assert!(f.edges.iter().all(|e| e.labels.is_empty()));
        let (all, none) = g.fold(10);
        assert_eq!((all.nodes.len(), none), (4, 0));
    }
}
