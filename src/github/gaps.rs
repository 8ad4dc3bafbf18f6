//! From a checked run to what each document's issue should say: the gaps at or above
//! `[github] min_severity`, grouped by workflow step, each with the question the
//! documentation workflow asks (SPEC section 2).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::body::{self, Gaps, Item, Links};
use super::plan::Desired;
use super::steps::{key_path, question, step_of};
use crate::diagnostic::Diagnostic;
use crate::document::Node;
use crate::engine::Run;
use crate::rules::OwnerDeparted;

/// Where the swept files live, and which commit the links point at.
#[derive(Debug, Clone)]
pub struct Place {
    pub root: PathBuf,
    pub links: Links,
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}

impl Place {
    /// From `GITHUB_SERVER_URL`, `GITHUB_SHA` (or `git rev-parse HEAD`) and the
    /// repository's top level (or `GITHUB_WORKSPACE`, or the current directory).
    #[must_use]
    pub fn detect(repo: &str) -> Self {
        let var = |n: &str| std::env::var(n).ok().filter(|v| !v.trim().is_empty());
        let root = git(&["rev-parse", "--show-toplevel"])
            .map(PathBuf::from)
            .or_else(|| var("GITHUB_WORKSPACE").map(PathBuf::from))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        Self {
            root,
            links: Links {
                server: var("GITHUB_SERVER_URL").unwrap_or_else(|| "https://github.com".to_owned()),
                repo: repo.to_owned(),
                sha: var("GITHUB_SHA").or_else(|| git(&["rev-parse", "HEAD"])),
            },
        }
    }

    /// `file` relative to the repository root, `/`-separated.
    #[must_use]
    pub fn relative(&self, file: &str) -> String {
        let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let rel = abs(Path::new(file))
            .strip_prefix(abs(&self.root))
            .map_or_else(|_| PathBuf::from(file), Path::to_path_buf);
        let s = rel.to_string_lossy().replace('\\', "/");
        s.strip_prefix("./")
            .map_or_else(|| s.clone(), str::to_owned)
    }
}

/// The strings of a value that may be a string or a list of strings.
fn strings(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(n) => match n.as_seq() {
            Some(items) => items
                .iter()
                .filter_map(Node::as_str)
                .map(str::trim)
                .map(str::to_owned)
                .collect(),
            None => n
                .as_str()
                .map(|s| vec![s.trim().to_owned()])
                .unwrap_or_default(),
        },
        None => Vec::new(),
    }
}

/// What the run says each document's issue should be, and the ID of every document
/// this run checked (an ID with no issue wanted is a document without gaps).
#[must_use]
pub fn desired(
    run: &Run,
    min: crate::diagnostic::Severity,
    place: &Place,
    assign_owners: bool,
) -> (Vec<Desired>, BTreeSet<String>, Vec<String>) {
    let mut swept = BTreeSet::new();
    let mut by_id: BTreeMap<String, Gaps> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut diags: BTreeMap<(&str, &str), Vec<&Diagnostic>> = BTreeMap::new();
    for d in &run.diagnostics {
        if d.severity >= min {
            if let Some(id) = &d.document {
                diags
                    .entry((d.file.as_str(), id.as_str()))
                    .or_default()
                    .push(d);
            }
        }
    }
    for file in &run.files {
        for doc in &file.documents {
            let Some(id) = &doc.id else { continue };
            if !valid_id(id) {
                notes.push(format!(
                    "{}: `{id}` is not a valid metadata.id, so no issue can track it",
                    file.path
                ));
                continue;
            }
            swept.insert(id.clone());
            let found = diags
                .remove(&(file.path.as_str(), id.as_str()))
                .unwrap_or_default();
            if found.is_empty() {
                continue;
            }
            // The sweep's run keeps every tree (`engine::check`).
            let Some(root) = &doc.root else { continue };
            let gaps = by_id.entry(id.clone()).or_insert_with(|| Gaps {
                id: id.clone(),
                title: root
                    .path(&["metadata", "title"])
                    .and_then(Node::as_str)
                    .map_or_else(|| id.clone(), |t| t.trim().to_owned()),
                owners: strings(root.path(&["metadata", "owners"])),
                items: Vec::new(),
            });
            let rel = place.relative(&file.path);
            for d in found {
                let path = key_path(root, d.span.start);
                gaps.items.push(Item {
                    step: step_of(&path, d.rule),
                    question: question(&path, d.rule),
                    rule: d.rule,
                    name: d.name,
                    severity: d.severity,
                    message: d.message.clone(),
                    file: rel.clone(),
                    line: d.span.line,
                    column: d.span.column,
                });
            }
        }
    }
    // A document can be swept clean in one file and have gaps under the same ID in
    // another (WB004): the gaps win.
    let desired = by_id
        .into_values()
        .map(|g| {
            let fingerprint = body::fingerprint(&g);
            let assignees = if assign_owners {
                g.owners
                    .iter()
                    .filter(|o| OwnerDeparted::is_handle(o) && !o.contains('/'))
                    .map(|o| o.trim_start_matches('@').to_owned())
                    .collect()
            } else {
                Vec::new()
            };
            Desired {
                id: g.id.clone(),
                title: body::title(&g),
                body: body::render(&g, &place.links, &fingerprint),
                fingerprint,
                assignees,
            }
        })
        .collect();
    (desired, swept, notes)
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn ids_that_can_be_tracked() {
        assert!(valid_id("shopify-orders") && valid_id("a1"));
        assert!(!valid_id("Shop Orders") && !valid_id("-x") && !valid_id(""));
    }
}
