use std::collections::{BTreeMap, HashMap};

use super::{Finding, Rule, RuleMeta};
use crate::project::Project;

declare_rule! {
    /// ## What it does
    /// Reports two documents that share a `metadata.id`: one finding at each document's
    /// `id`, each naming the other location.
    ///
    /// ## Why is this bad?
    /// The ID names the integration everywhere: in GitHub issues, reports and links.
    /// Two documents with one ID overwrite each other's issue and status.
    ///
    /// ## Example
    /// ```yaml
    /// metadata: {id: shopify-orders, title: Shopify order sync}
    /// ---
    /// metadata: {id: shopify-orders, title: Shopify refunds}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// metadata: {id: shopify-orders, title: Shopify order sync}
    /// ---
    /// metadata: {id: shopify-refunds, title: Shopify refunds}
    /// ```
    pub DuplicateId { id: "WB004", name: "duplicate-id", severity: Error, summary: "two documents share `metadata.id`" }
}

impl Rule for DuplicateId {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, project: &Project, out: &mut Vec<(usize, Finding)>) {
        // One hash lookup per document; only IDs used twice are gathered, in ID order.
        let mut seen: HashMap<&str, bool, foldhash::fast::RandomState> = HashMap::default();
        seen.reserve(project.docs.len());
        for (id, _) in project.docs.iter().filter_map(|d| d.id.as_ref()) {
            seen.entry(id.as_str())
                .and_modify(|twice| *twice = true)
                .or_insert(false);
        }
        let mut by_id: BTreeMap<&str, Vec<usize>> = seen
            .into_iter()
            .filter(|&(_, twice)| twice)
            .map(|(id, _)| (id, Vec::new()))
            .collect();
        if by_id.is_empty() {
            return;
        }
        for (i, doc) in project.docs.iter().enumerate() {
            if let Some(docs) = doc.id.as_ref().and_then(|(id, _)| by_id.get_mut(id.as_str())) {
                docs.push(i);
            }
        }
        for (id, docs) in by_id {
            for &i in &docs {
                let doc = &project.docs[i];
                let span = doc.id.as_ref().map(|(_, s)| *s).unwrap_or_default();
                let others: Vec<_> = docs.iter().filter(|&&j| j != i).map(|&j| &project.docs[j]).collect();
                let places = others
                    .iter()
                    .map(|o| {
                        let line = o.id.as_ref().map_or(0, |(_, s)| s.line);
                        format!("{}:{line}", o.path)
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut f = Finding::new(
                    &Self::META,
                    span,
                    format!("metadata.id `{id}` is also used at {places}"),
                )
                .help("give each integration its own ID; IDs name issues and reports");
                for o in others {
                    if let Some((_, s)) = &o.id {
                        f = f.related(o.path.clone(), *s, "the same ID here");
                    }
                }
                // The engine may have released the tree: the pointer is known.
                f.pointer = Some("/metadata/id".to_owned());
                out.push((doc.file, f));
            }
        }
    }
}
