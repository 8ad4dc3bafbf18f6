//! The data flows of every document as one graph of apps, to follow what breaks
//! downstream of an app (and what feeds it) across documents.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{app_key, Runbook};
use crate::apps::Spellings;

/// An app reached by following flows, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub app: String,
    /// Display names from the starting app to this one, both included.
    pub path: Vec<String>,
}

/// Apps and the flows between them, across documents.
#[derive(Debug, Default)]
pub struct FlowGraph {
    names: Spellings,
    out: BTreeMap<String, BTreeSet<String>>,
    into: BTreeMap<String, BTreeSet<String>>,
}

impl FlowGraph {
    /// From every runbook's apps and flows.
    #[must_use]
    pub fn build(books: &[Runbook]) -> Self {
        let mut g = Self::default();
        for b in books {
            for app in b.apps() {
                g.names.add(app);
            }
            for c in &b.connects_to {
                g.names.add(c);
            }
            for f in &b.flows {
                let (Some(from), Some(to)) = (&f.from, &f.to) else {
                    continue;
                };
                g.names.add(from);
                g.names.add(to);
                let (from, to) = (app_key(from), app_key(to));
                if from != to {
                    g.out.entry(from.clone()).or_default().insert(to.clone());
                    g.into.entry(to).or_default().insert(from);
                }
            }
        }
        g
    }

    /// The name to show for an app key.
    #[must_use]
    pub fn display(&self, key: &str) -> String {
        self.names
            .display(key)
            .map_or_else(|| key.to_owned(), str::to_owned)
    }

    /// Is the app (a key) named anywhere?
    #[must_use]
    pub fn knows(&self, key: &str) -> bool {
        self.names.count(key) > 0
    }

    /// Every app named anywhere, as displayed.
    #[must_use]
    pub fn apps(&self) -> Vec<String> {
        self.names.keys().map(|k| self.display(k)).collect()
    }

    /// Every app reachable along flows from `focus` (keys), nearest first.
    #[must_use]
    pub fn downstream(&self, focus: &[String]) -> Vec<Reach> {
        self.reach(focus, &self.out)
    }

    /// Every app whose flows lead to `focus`, nearest first; paths read in the
    /// direction the data flows.
    #[must_use]
    pub fn upstream(&self, focus: &[String]) -> Vec<Reach> {
        let mut found = self.reach(focus, &self.into);
        for r in &mut found {
            r.path.reverse();
        }
        found
    }

    fn reach(&self, focus: &[String], edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Reach> {
        let mut parent: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        let mut queue = VecDeque::new();
        for f in focus {
            if parent.insert(f.as_str(), None).is_none() {
                queue.push_back(f.as_str());
            }
        }
        let mut order = Vec::new();
        while let Some(at) = queue.pop_front() {
            for next in edges.get(at).into_iter().flatten() {
                if !parent.contains_key(next.as_str()) {
                    parent.insert(next, Some(at));
                    order.push(next.as_str());
                    queue.push_back(next);
                }
            }
        }
        order
            .into_iter()
            .map(|key| {
                let mut path = vec![self.display(key)];
                let mut at = key;
                while let Some(Some(p)) = parent.get(at) {
                    path.push(self.display(p));
                    at = p;
                }
                path.reverse();
                Reach {
                    app: self.display(key),
                    path,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::show::Flow;

    fn book(app: &str, flows: &[(&str, &str)]) -> Runbook {
        let src = crate::document::SourceText::new(format!("spec:\n  primary: {{app: {app}}}\n"));
        let mut b =
            crate::show::extract("x.yaml", 0, &crate::document::parse(&src).documents[0].root);
        b.flows = flows
            .iter()
            .map(|(f, t)| Flow {
                from: Some((*f).to_owned()),
                to: Some((*t).to_owned()),
                data: None,
                frequency: None,
                mechanism: None,
                on_failure: None,
                line: 1,
            })
            .collect();
        b
    }

    #[test]
    fn transitive_across_documents_with_paths_cycles_and_case() {
        let g = FlowGraph::build(&[
            book(
                "Shopify",
                &[("Shopify", "QuickBooks"), ("Shopify", "ShipStation")],
            ),
            book("quickbooks ", &[("QuickBooks", "Bank Export")]),
            book("ShipStation", &[("shipstation", "Shopify")]),
        ]);
        let down = g.downstream(&["shopify".to_owned()]);
        let got: Vec<(String, String)> = down
            .iter()
            .map(|r| (r.app.clone(), r.path.join(" → ")))
            .collect();
        assert_eq!(
            got,
            [
                ("QuickBooks".into(), "Shopify → QuickBooks".into()),
                ("ShipStation".into(), "Shopify → ShipStation".into()),
                (
                    "Bank Export".into(),
                    "Shopify → QuickBooks → Bank Export".into()
                ),
            ]
        );
        let up = g.upstream(&["bank export".to_owned()]);
        assert_eq!(up[0].path, ["QuickBooks", "Bank Export"]);
        assert_eq!(up[1].path, ["Shopify", "QuickBooks", "Bank Export"]);
        assert_eq!(
            up[2].path,
            ["ShipStation", "Shopify", "QuickBooks", "Bank Export"]
        );
        assert_eq!(up.len(), 3);
        assert!(g.downstream(&["nothing".to_owned()]).is_empty());
    }
}
