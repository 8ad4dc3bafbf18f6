//! `check --changed-since <ref>`: which documents a pull request touched.
//!
//! The engine still reads every document (so duplicate IDs are found across the whole
//! tree); this module then keeps the files changed since the ref, plus the files of the
//! documents they connect to, and drops every other finding except a WB004 that names a
//! changed file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::document::Node;
use crate::engine::Run;

/// Files changed since `git_ref`, as canonical paths: committed since the merge base
/// (`git diff <ref>...HEAD`), changed in the work tree or index, and untracked files
/// that are not ignored. Deleted files are left out (there is nothing to lint).
///
/// # Errors
/// git is missing, this is not a repository, or the ref does not resolve.
pub fn changed_files(git_ref: &str) -> Result<HashSet<PathBuf>, String> {
    let top = git(&["rev-parse", "--show-toplevel"], git_ref)?;
    let top = PathBuf::from(top.trim());
    let range = format!("{git_ref}...HEAD");
    let mut names = Vec::new();
    for args in [
        &["diff", "--name-only", "-z", "--diff-filter=d", &range, "--"][..],
        &["diff", "--name-only", "-z", "--diff-filter=d", "HEAD", "--"][..],
    ] {
        let out = git(args, git_ref)?;
        names.extend(
            out.split('\0')
                .filter(|s| !s.is_empty())
                .map(ToOwned::to_owned),
        );
    }
    // `ls-files` without `:/` lists below the current directory only; run it from the top.
    let out = git(
        &[
            "-C",
            &top.display().to_string(),
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
        ],
        git_ref,
    )?;
    names.extend(
        out.split('\0')
            .filter(|s| !s.is_empty())
            .map(ToOwned::to_owned),
    );
    Ok(names
        .iter()
        .map(|n| canonical(&top.join(n)))
        .collect::<HashSet<_>>())
}

fn git(args: &[&str], git_ref: &str) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("--changed-since {git_ref}: cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "--changed-since {git_ref}: `git {}` failed: {}\n\
             help: the ref must exist locally; in GitHub Actions check out with `fetch-depth: 0`",
            args.join(" "),
            err.trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// An app name's identity ([`crate::apps::app_key`]).
fn lower(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::as_str).map(crate::apps::app_key)
}

/// The apps a document names as connections: `primary.connects_to` and `secondary[].app`.
fn referenced_apps(root: &Node, into: &mut HashSet<String>) {
    if let Some(items) = root
        .path(&["spec", "primary", "connects_to"])
        .and_then(Node::as_seq)
    {
        into.extend(items.iter().filter_map(|n| lower(Some(n))));
    }
    if let Some(items) = root.path(&["spec", "secondary"]).and_then(Node::as_seq) {
        into.extend(items.iter().filter_map(|s| lower(s.get("app"))));
    }
}

/// Keeps in `run` the files `is_changed` selects plus the files of the documents they
/// reference, and only their findings (and WB004 findings that name a changed file).
/// Returns the paths (as in the run) of the changed files.
pub fn restrict(run: &mut Run, is_changed: impl Fn(&str) -> bool) -> HashSet<String> {
    let changed: HashSet<String> = run
        .files
        .iter()
        .filter(|f| is_changed(&f.path))
        .map(|f| f.path.clone())
        .collect();
    let mut wanted = HashSet::new();
    for file in run.files.iter().filter(|f| changed.contains(&f.path)) {
        // `check --changed-since` keeps the trees (`Keep::trees`).
        for root in file.documents.iter().filter_map(|d| d.root.as_ref()) {
            referenced_apps(root, &mut wanted);
        }
    }
    let selected: HashSet<String> = run
        .files
        .iter()
        .filter(|f| {
            changed.contains(&f.path)
                || f.documents
                    .iter()
                    .filter_map(|d| d.root.as_ref())
                    .any(|root| {
                        crate::project::apps_of(root)
                            .iter()
                            .any(|a| wanted.contains(a))
                    })
        })
        .map(|f| f.path.clone())
        .collect();
    run.diagnostics.retain(|d| {
        selected.contains(&d.file)
            || (d.rule == "WB004" && d.related.iter().any(|r| changed.contains(&r.file)))
    });
    run.files.retain(|f| selected.contains(&f.path));
    changed
}

/// [`restrict`] to the files git reports changed since `git_ref`.
///
/// # Errors
/// See [`changed_files`].
pub fn restrict_to_git(run: &mut Run, git_ref: &str) -> Result<HashSet<String>, String> {
    let changed = changed_files(git_ref)?;
    Ok(restrict(run, |p| {
        changed.contains(&canonical(Path::new(p)))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{check_texts, Options};

    fn doc(id: &str, app: &str, connects: &[&str]) -> String {
        format!(
            "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata:\n  id: {id}\n  title: T\n  colour: red\n\
             spec:\n  primary:\n    app: {app}\n    connects_to: [{}]\n",
            connects.join(", ")
        )
    }

    fn run(files: &[(&str, String)]) -> Run {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), t.clone()))
            .collect();
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        check_texts(&files, &Config::default(), &options)
    }

    #[test]
    fn keeps_changed_and_referenced_documents_and_cross_tree_duplicates() {
        let mut r = run(&[
            ("a.yaml", doc("shop", "Shopify", &["QuickBooks"])),
            ("b.yaml", doc("books", "quickbooks", &[])),
            ("c.yaml", doc("other", "Slack", &[])),
            ("d.yaml", doc("shop", "Zendesk", &[])),
        ]);
        assert!(r.diagnostics.iter().any(|d| d.file == "c.yaml"));
        let changed = restrict(&mut r, |p| p == "a.yaml");
        assert_eq!(changed, HashSet::from(["a.yaml".to_owned()]));
        let files: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(files, ["a.yaml", "b.yaml"]);
        assert!(r.diagnostics.iter().all(|d| d.file != "c.yaml"));
        // d.yaml is unchanged, but its duplicate ID collides with the changed a.yaml.
        let in_d: Vec<&str> = r
            .diagnostics
            .iter()
            .filter(|d| d.file == "d.yaml")
            .map(|d| d.rule)
            .collect();
        assert_eq!(in_d, ["WB004"]);
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.file == "a.yaml" && d.rule == "WB004"));
    }

    #[test]
    fn nothing_changed_reports_nothing() {
        let mut r = run(&[("a.yaml", doc("shop", "Shopify", &[]))]);
        let changed = restrict(&mut r, |_| false);
        assert!(changed.is_empty());
        assert!(r.diagnostics.is_empty());
        assert!(r.files.is_empty());
    }
}
