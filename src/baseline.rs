//! The baseline (SPEC section 7): the findings a team has accepted for now, so a pull
//! request fails on new gaps only while the old ones are worked down.
//!
//! An entry is a finding's identity that survives moved lines and unrelated edits:
//! rule, file (relative to the baseline's folder), document id and the node's JSON
//! pointer. No message, line or value is stored, so the file holds no document text
//! and diffs well in review. Entries are sorted; identical findings are separate
//! entries and match one for one. WB104 (a pasted credential) is never baselined.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::engine::Run;
use crate::output::slash_path;

/// The default file name of `--write-baseline`.
pub const DEFAULT_FILE: &str = ".wirebook-baseline.json";
/// The format version this build reads and writes.
pub const VERSION: u32 = 1;
/// Rules never recorded: a pasted credential must be removed (or suppressed with a reason).
pub const NEVER: &[&str] = &["WB104"];

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub rule: String,
    pub pointer: String,
}

/// The baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub baselined: usize,
    pub fixed_since_baseline: usize,
}

/// Paths relative to the baseline file's folder, so the same finding gets the same
/// entry whether the check ran on `.`, `docs/` or a single file.
#[derive(Debug, Clone)]
pub struct Paths {
    base: PathBuf,
}

impl Paths {
    /// For a baseline at `file`.
    #[must_use]
    pub fn for_file(file: &Path) -> Self {
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Self {
            base: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
        }
    }

    /// `file` (as the run names it) relative to the baseline's folder, with `/`.
    #[must_use]
    pub fn relative(&self, file: &str) -> String {
        let path = Path::new(file);
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match abs.strip_prefix(&self.base) {
            Ok(rel) => slash_path(&rel.to_string_lossy()),
            Err(_) => slash_path(file),
        }
    }
}

fn entry(d: &Diagnostic, paths: &Paths) -> Entry {
    Entry {
        file: paths.relative(&d.file),
        document: d.document.clone(),
        rule: d.rule.to_owned(),
        pointer: d.pointer.clone(),
    }
}

impl Baseline {
    /// Every current finding of `run` (but WB104), sorted.
    #[must_use]
    pub fn from_run(run: &Run, paths: &Paths) -> Self {
        let mut entries: Vec<Entry> = run
            .diagnostics
            .iter()
            .filter(|d| !NEVER.contains(&d.rule))
            .map(|d| entry(d, paths))
            .collect();
        entries.sort();
        Self {
            version: VERSION,
            entries,
        }
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// The file cannot be read, is not a wirebook baseline, or is of a newer version.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read the baseline {}: {e} (write one with `wirebook check --write-baseline {}`)",
                path.display(),
                path.display()
            )
        })?;
        let b: Self = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a wirebook baseline: {e} (line {}, column {})",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if b.version != VERSION {
            return Err(format!(
                "{} is a version {} baseline; this wirebook reads version {VERSION}",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// Writes the baseline as sorted, pretty JSON with a final newline.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        text.push('\n');
        if path.exists() {
            crate::fix::write_atomic(path, &text)
        } else {
            std::fs::write(path, text)
        }
    }

    /// Hides the findings of `run` this baseline records (one entry hides one finding)
    /// and counts the entries of the run's files that matched nothing.
    pub fn apply(&self, run: &mut Run, paths: &Paths) -> Applied {
        let mut left: BTreeMap<&Entry, usize> = BTreeMap::new();
        for e in &self.entries {
            *left.entry(e).or_default() += 1;
        }
        let mut baselined = 0;
        run.diagnostics.retain(|d| {
            if NEVER.contains(&d.rule) {
                return true;
            }
            let key = entry(d, paths);
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    baselined += 1;
                    false
                }
                _ => true,
            }
        });
        // Only entries of files this run looked at can be "fixed": a check of a few
        // files says nothing about the others.
        let checked: Vec<String> = run
            .files
            .iter()
            .map(|f| paths.relative(&f.path))
            .chain(run.skipped.iter().map(|(p, _)| paths.relative(p)))
            .collect();
        let fixed = left
            .iter()
            .filter(|(e, _)| checked.contains(&e.file))
            .map(|(_, n)| n)
            .sum();
        run.baselined += baselined;
        run.fixed_since_baseline += fixed;
        Applied {
            baselined,
            fixed_since_baseline: fixed,
        }
    }
}
