//! The server's workspace: every wirebook YAML file below the `initialize` folders (read
//! from disk) with the open buffers laid over them, each with the facts the
//! cross-document rules read and its latest findings.
//!
//! Linting is incremental: a change re-lints the changed files, plus the files whose
//! cross-document findings may change with it (those sharing a `metadata.id` with it
//! for WB004, those connecting to an app it adds or drops for WB201), with the project
//! entries of every other document passed to the engine as they are
//! ([`crate::engine::check_texts_among`]). Nothing else is parsed again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use super::encoding::LineIndex;
use super::lint::{self, Configs};
use crate::diagnostic::Diagnostic;
use crate::project::DocRef;

/// What the command line gave the server (the common flags).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--config`: one configuration for every file instead of the discovered ones.
    pub config: Option<PathBuf>,
    pub today: Option<Date>,
    pub deny: Vec<String>,
    pub warn: Vec<String>,
    pub allow: Vec<String>,
}

/// What the cross-document rules read of one file.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// One project entry per wirebook document.
    pub docs: Vec<DocRef>,
    /// `primary.connects_to` items, as [`app_word`]s.
    pub connects: BTreeSet<String>,
    /// The text names `wirebook.dev/` (a document being written, maybe unparseable).
    pub mentions_wirebook: bool,
}

impl Facts {
    /// The facts of `text` at `path` (parsed once; the tree is dropped).
    #[must_use]
    pub fn of(path: &str, text: &str) -> Self {
        let mut facts = Facts {
            mentions_wirebook: text.contains("wirebook.dev/"),
            ..Facts::default()
        };
        if text.contains('\0') {
            return facts; // the engine refuses binary files
        }
        let source = crate::document::SourceText::new(text.to_owned());
        for doc in crate::document::parse(&source).documents {
            if crate::engine::is_wirebook(&doc.root).is_err() {
                continue;
            }
            facts.docs.push(DocRef::new(0, path, &doc.root));
            let items = doc
                .root
                .path(&["spec", "primary", "connects_to"])
                .and_then(crate::document::Node::as_seq)
                .unwrap_or_default();
            facts
                .connects
                .extend(items.iter().filter_map(|n| n.as_str()).map(app_word));
        }
        facts
    }

    /// Does the file hold a wirebook document (or one being written)?
    #[must_use]
    pub fn is_wirebook(&self) -> bool {
        !self.docs.is_empty() || self.mentions_wirebook
    }

    fn ids(&self) -> Vec<(&str, crate::document::Span)> {
        self.docs
            .iter()
            .filter_map(|d| d.id.as_ref().map(|(id, s)| (id.as_str(), *s)))
            .collect()
    }

    fn app_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for app in self.docs.iter().flat_map(|d| &d.apps) {
            *counts.entry(app_word(app)).or_default() += 1;
        }
        counts
    }

    fn same_entries(&self, other: &Facts) -> bool {
        self.docs.len() == other.docs.len()
            && self
                .docs
                .iter()
                .zip(&other.docs)
                .all(|(a, b)| a.path == b.path && a.id == b.id && a.apps == b.apps)
    }
}

/// An app name reduced to its letters and digits, lower-cased: coarser than the
/// project's own app key, so files that may be affected are never missed.
#[must_use]
pub fn app_word(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One file the server knows.
#[derive(Debug)]
pub struct File {
    /// The buffer's text when open, else the disk copy (without a BOM).
    pub text: String,
    pub lines: LineIndex,
    /// `Some(version)` while the client has it open.
    pub version: Option<i32>,
    /// Found below a workspace folder on disk (it stays known when closed).
    pub on_disk: bool,
    pub modified: Option<std::time::SystemTime>,
    pub facts: Facts,
    /// The findings of the latest lint (masked; severity resolved).
    pub diagnostics: Vec<Diagnostic>,
}

impl File {
    #[must_use]
    pub fn new(path: &Path, text: String, version: Option<i32>, on_disk: bool) -> Self {
        let facts = Facts::of(&lint::engine_path(path), &text);
        Self {
            lines: LineIndex::new(&text),
            text,
            version,
            on_disk,
            modified: None,
            facts,
            diagnostics: Vec::new(),
        }
    }

    /// Replaces the text, recomputing the line index and the facts.
    pub fn set_text(&mut self, path: &Path, text: String) {
        self.edit(text);
        self.refresh_facts(path);
    }

    /// Replaces the text and its line index only: a change the client sends while
    /// more may follow; [`File::refresh_facts`] runs once before the lint.
    pub fn edit(&mut self, text: String) {
        self.lines = LineIndex::new(&text);
        self.text = text;
    }

    pub fn refresh_facts(&mut self, path: &Path) {
        self.facts = Facts::of(&lint::engine_path(path), &self.text);
    }
}

/// The workspace.
pub struct Session {
    pub roots: Vec<PathBuf>,
    pub files: BTreeMap<PathBuf, File>,
    pub configs: Configs,
}

impl Session {
    #[must_use]
    pub fn new(roots: Vec<PathBuf>, settings: Settings) -> Self {
        Self {
            roots,
            files: BTreeMap::new(),
            configs: Configs::new(settings),
        }
    }

    /// Reads every YAML file below the workspace folders (in parallel) and lints them
    /// all once.
    pub fn index(&mut self) {
        let found = self.scan();
        let read: Vec<(PathBuf, Option<Disk>)> = found
            .into_par_iter()
            .map(|p| {
                let r = read_disk(&p);
                (p, r)
            })
            .collect();
        let built: Vec<(PathBuf, File)> = read
            .into_par_iter()
            .filter_map(|(p, r)| {
                let (text, modified) = r?;
                let mut f = File::new(&p, text, None, true);
                f.modified = modified;
                Some((p, f))
            })
            .collect();
        for (p, f) in built {
            match self.files.get_mut(&p) {
                Some(open) => open.on_disk = true,
                None => {
                    self.files.insert(p, f);
                }
            }
        }
        let all: Vec<PathBuf> = self.files.keys().cloned().collect();
        self.lint(&all);
    }

    /// The YAML files below the workspace folders.
    fn scan(&self) -> Vec<PathBuf> {
        if self.roots.is_empty() {
            return Vec::new();
        }
        match crate::discover::discover(&self.roots) {
            Ok(found) => found.into_iter().map(|c| c.path).collect(),
            Err(e) => {
                self.configs
                    .notice(format!("wirebook: cannot list the workspace: {e}"));
                Vec::new()
            }
        }
    }

    /// Re-reads the disk after a save or a watched-file event: new, changed and
    /// deleted closed files. Returns the paths whose text or presence changed.
    pub fn rescan(&mut self) -> Vec<PathBuf> {
        let found: BTreeSet<PathBuf> = self.scan().into_iter().collect();
        let mut changed = Vec::new();
        let gone: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(p, f)| f.on_disk && !found.contains(*p))
            .map(|(p, _)| p.clone())
            .collect();
        for p in gone {
            if let Some(f) = self.files.get_mut(&p) {
                f.on_disk = false;
                if f.version.is_none() {
                    self.files.remove(&p);
                }
                changed.push(p);
            }
        }
        for p in found {
            let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
            match self.files.get_mut(&p) {
                Some(f) if f.version.is_some() => f.on_disk = true,
                Some(f) if f.modified == modified && modified.is_some() => {}
                Some(f) => {
                    if let Some((text, m)) = read_disk(&p) {
                        f.modified = m;
                        if text != f.text {
                            f.set_text(&p, text);
                            changed.push(p);
                        }
                    }
                }
                None => {
                    if let Some((text, m)) = read_disk(&p) {
                        let mut f = File::new(&p, text, None, true);
                        f.modified = m;
                        self.files.insert(p.clone(), f);
                        changed.push(p);
                    }
                }
            }
        }
        changed
    }

    /// Is `path` below one of the workspace folders?
    #[must_use]
    pub fn in_workspace(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(r))
    }

    /// Re-lints after `changed` files changed (their facts before the change in
    /// `before`); returns every file that was linted again.
    pub fn relint(
        &mut self,
        changed: &[PathBuf],
        before: &HashMap<PathBuf, Facts>,
    ) -> Vec<PathBuf> {
        let mut affected: BTreeSet<PathBuf> = changed.iter().cloned().collect();
        let empty = Facts::default();
        for p in changed {
            let old = before.get(p).unwrap_or(&empty);
            let new = self.files.get(p).map_or(&empty, |f| &f.facts);
            if old.same_entries(new) {
                continue;
            }
            // WB004: every file naming one of its IDs, before or after.
            let ids: BTreeSet<&str> = old
                .ids()
                .into_iter()
                .chain(new.ids())
                .map(|(i, _)| i)
                .collect();
            // WB201: every file connecting to an app it gained or lost.
            let (a, b) = (old.app_counts(), new.app_counts());
            let apps: BTreeSet<&String> = a
                .keys()
                .chain(b.keys())
                .filter(|k| a.get(*k) != b.get(*k))
                .collect();
            for (q, f) in &self.files {
                let shares_id = f.facts.ids().iter().any(|(i, _)| ids.contains(i));
                let connects = apps.iter().any(|app| f.facts.connects.contains(*app));
                if shares_id || connects {
                    affected.insert(q.clone());
                }
            }
        }
        let affected: Vec<PathBuf> = affected
            .into_iter()
            .filter(|p| self.files.contains_key(p))
            .collect();
        self.lint(&affected);
        affected
    }

    /// Lints `paths` with the rest of the workspace as the project's other documents.
    pub fn lint(&mut self, paths: &[PathBuf]) {
        let results = lint::run(&self.files, paths, &self.configs);
        for (path, diagnostics) in results {
            if let Some(f) = self.files.get_mut(&path) {
                f.diagnostics = diagnostics;
            }
        }
    }

    /// The facts of `paths` now (taken before a change).
    #[must_use]
    pub fn facts_of(&self, paths: &[PathBuf]) -> HashMap<PathBuf, Facts> {
        paths
            .iter()
            .filter_map(|p| self.files.get(p).map(|f| (p.clone(), f.facts.clone())))
            .collect()
    }

    /// Drops every cached configuration and baseline and lints everything again.
    pub fn reload_config(&mut self) -> Vec<PathBuf> {
        self.configs.clear();
        let all: Vec<PathBuf> = self.files.keys().cloned().collect();
        self.lint(&all);
        all
    }

    /// The configuration notices (bad `wirebook.toml`, unreadable baseline) not yet
    /// shown.
    #[must_use]
    pub fn take_notices(&self) -> Vec<String> {
        self.configs.take_notices()
    }

    /// Shared configuration of `path`, for fixes.
    #[must_use]
    pub fn config_for(&self, path: &Path) -> Arc<crate::config::Config> {
        self.configs.for_file(path)
    }
}

/// A file's text on disk and when it was last modified.
pub type Disk = (String, Option<std::time::SystemTime>);

/// A file's text as the engine reads it: UTF-8, without a BOM; `None` when it cannot
/// be read, is not UTF-8 or is over the size limit (the editor cannot show it either).
pub fn read_disk(path: &Path) -> Option<Disk> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > crate::engine::MAX_FILE_SIZE {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Some((text, meta.modified().ok()))
}
