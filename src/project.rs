//! What rules need to know about every document at once: IDs and apps.

use std::collections::HashMap;

use crate::apps::app_key;
use crate::document::{Node, Span};

/// The apps a document is about, as [`app_key`]s (trimmed, lower-cased), sorted and
/// unique: `primary.app` and every `secondary[].app`.
#[must_use]
pub fn apps_of(root: &Node) -> Vec<String> {
    let primary = root.at_path(&crate::keys!["spec", "primary", "app"]);
    let secondary = root
        .at_path(&crate::keys!["spec", "secondary"])
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.get("app"));
    let mut apps: Vec<String> = primary
        .into_iter()
        .chain(secondary)
        .filter_map(Node::as_str)
        .map(app_key)
        .collect();
    apps.sort();
    apps.dedup();
    apps
}

/// One wirebook document as the project sees it.
#[derive(Debug, Clone)]
pub struct DocRef {
    /// Index of the file in the run.
    pub file: usize,
    /// The path as given or found.
    pub path: String,
    /// `metadata.id` and where it is written.
    pub id: Option<(String, Span)>,
    /// The [`app_key`]s of `primary.app` and every `secondary[].app`.
    pub apps: Vec<String>,
    /// `primary.connects_to` entries that no `secondary` entry of this document
    /// documents: WB201 asks the whole project about them.
    pub connections: Vec<Connection>,
}

/// A connection a document names but does not document itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The [`app_key`] of the app.
    pub key: String,
    /// As written (trimmed).
    pub name: String,
    pub span: Span,
    /// The JSON pointer of the `connects_to` item.
    pub pointer: String,
    /// The document's own primary app is this app (so it counts once in the project).
    pub own: bool,
}

/// The `connects_to` entries of `root` that its `secondary` entries do not cover.
#[must_use]
pub fn open_connections(root: &Node) -> Vec<Connection> {
    let Some(items) = root
        .at_path(&crate::keys!["spec", "primary", "connects_to"])
        .and_then(Node::as_seq)
    else {
        return Vec::new();
    };
    let key_of = |n: Option<&Node>| n.and_then(Node::as_str).map(app_key);
    let primary = key_of(root.at_path(&crate::keys!["spec", "primary", "app"]));
    let secondary: Vec<String> = root
        .at_path(&crate::keys!["spec", "secondary"])
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|s| key_of(s.get("app")))
        .collect();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(name) = item.as_str().map(str::trim) else {
            continue; // not text: a schema error (WB002)
        };
        let key = app_key(name);
        if item.is_unanswered() || key == "none" || key == "n/a" || secondary.contains(&key) {
            continue;
        }
        out.push(Connection {
            own: primary.as_deref() == Some(key.as_str()),
            key,
            name: name.to_owned(),
            span: item.span,
            pointer: format!("/spec/primary/connects_to/{i}"),
        });
    }
    out
}

/// The index of every document in the run.
#[derive(Debug, Default)]
pub struct Project {
    pub docs: Vec<DocRef>,
    /// Keys are [`app_key`]s, a few per document: a fast hash, no DoS concern (the
    /// documents are the user's own).
    app_counts: HashMap<String, usize, foldhash::fast::RandomState>,
}

impl DocRef {
    /// The project entry of the document `root` of file `file` at `path`.
    #[must_use]
    pub fn new(file: usize, path: &str, root: &Node) -> Self {
        let id = root
            .at_path(&crate::keys!["metadata", "id"])
            .and_then(|n| n.as_str().map(|s| (s.to_owned(), n.span)));
        Self {
            file,
            path: path.to_owned(),
            id,
            apps: apps_of(root),
            connections: open_connections(root),
        }
    }
}

impl Project {
    pub fn add(&mut self, file: usize, path: &str, root: &Node) {
        self.push(DocRef::new(file, path, root));
    }

    /// Adds one document's entry (in file order).
    pub fn push(&mut self, doc: DocRef) {
        for app in &doc.apps {
            match self.app_counts.get_mut(app.as_str()) {
                Some(n) => *n += 1,
                None => {
                    self.app_counts.insert(app.clone(), 1);
                }
            }
        }
        self.docs.push(doc);
    }

    /// Room for `n` more entries.
    pub fn reserve(&mut self, n: usize) {
        self.docs.reserve(n);
    }

    /// Adds entries of documents that are not in this run (the language server keeps
    /// the rest of the workspace this way), then orders every entry as a full run
    /// would: by path, documents in file order.
    pub fn extend_sorted(&mut self, others: impl IntoIterator<Item = DocRef>) {
        for doc in others {
            self.push(doc);
        }
        self.docs
            .sort_by(|a, b| std::path::Path::new(&a.path).cmp(std::path::Path::new(&b.path)));
    }

    /// How many documents name `app` (any spelling: see [`app_key`]) as primary or
    /// secondary app.
    #[must_use]
    pub fn documents_with_app(&self, app: &str) -> usize {
        self.app_counts.get(&app_key(app)).copied().unwrap_or(0)
    }
}
