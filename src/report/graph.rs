//! The data-flow graph of all integrations: every app is a node, every documented
//! flow an edge (flows between the same two apps share one edge).

use super::model::{Flow, Report};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphNode {
    /// The app's name as written.
    pub name: String,
    /// A unique identifier made of `[a-z0-9_]`, starting with `app_`.
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// One per flow: "data · frequency".
    pub labels: Vec<String>,
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

impl Graph {
    #[must_use]
    pub fn build(report: &Report) -> Self {
        let mut names: Vec<String> = Vec::new();
        for i in &report.integrations {
            for app in &i.apps {
                if !names.contains(app) {
                    names.push(app.clone());
                }
            }
        }
        names.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
        let mut nodes: Vec<GraphNode> = Vec::new();
        for name in names {
            let base = slug(&name);
            let mut id = base.clone();
            let mut n = 2;
            while nodes.iter().any(|g| g.id == id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            nodes.push(GraphNode { name, id });
        }
        let index = |name: &str| nodes.iter().position(|n| n.name == name);
        let mut edges: Vec<Edge> = Vec::new();
        for i in &report.integrations {
            for flow in &i.flows {
                let (Some(from), Some(to)) = (
                    flow.from.as_deref().and_then(index),
                    flow.to.as_deref().and_then(index),
                ) else {
                    continue;
                };
                let label = flow_label(flow);
                match edges.iter_mut().find(|e| e.from == from && e.to == to) {
                    Some(e) => {
                        if let Some(l) = label {
                            if !e.labels.contains(&l) {
                                e.labels.push(l);
                            }
                        }
                    }
                    None => edges.push(Edge {
                        from,
                        to,
                        labels: label.into_iter().collect(),
                    }),
                }
            }
        }
        edges.sort_by_key(|e| (e.from, e.to));
        Graph { nodes, edges }
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
}
