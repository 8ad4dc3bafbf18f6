//! `check --fix`, `--unsafe-fixes` and `--diff`: runs the fix engine over every file
//! of a run that has an applicable fix, then writes the files (atomically) or prints
//! the diff. Diffs show masked text: no credential appears in them.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::{check_texts, Options, Run};
use crate::fix::{self, Outcome};

/// What fixing a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub outcomes: Vec<Outcome>,
    /// Files that could not be read or written, with the reason.
    pub failures: Vec<(String, String)>,
}

impl Summary {
    #[must_use]
    pub fn applied(&self) -> usize {
        self.outcomes.iter().map(|o| o.applied).sum()
    }

    #[must_use]
    pub fn changed_files(&self) -> usize {
        self.outcomes.iter().filter(|o| o.changed()).count()
    }

    #[must_use]
    pub fn held_back(&self) -> usize {
        self.outcomes.iter().map(|o| o.held_back).sum()
    }

    /// "Fixed 3 findings in 2 files; 1 fix refused; 4 unsafe fixes held back (--unsafe-fixes)."
    #[must_use]
    pub fn line(&self, diff: bool) -> String {
        let verb = if diff { "Would fix" } else { "Fixed" };
        let mut line = format!(
            "{verb} {} in {}",
            plural(self.applied(), "finding"),
            plural(self.changed_files(), "file")
        );
        let refused: usize = self.outcomes.iter().map(|o| o.refused.len()).sum();
        if refused > 0 {
            line.push_str(&format!("; {} refused", plural(refused, "fix")));
        }
        if self.held_back() > 0 {
            line.push_str(&format!(
                "; {} held back as unsafe (add --unsafe-fixes)",
                plural(self.held_back(), "fix")
            ));
        }
        line.push('.');
        line
    }
}

fn plural(n: usize, word: &str) -> String {
    let s = if n == 1 {
        ""
    } else if word.ends_with('x') {
        "es"
    } else {
        "s"
    };
    format!("{n} {word}{s}")
}

/// Reads a file as the engine does: UTF-8, without a BOM (returned apart).
fn read(path: &str) -> Result<(bool, String), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned())?;
    // A BOM stays in the text: offsets are the file's own (the parser skips it).
    Ok((false, text))
}

/// Fixes every file of `run` that has a fix at or above `min`, writing the results
/// unless `dry` (for `--diff`).
#[must_use]
pub fn fix_run(
    run: &Run,
    config: &Config,
    options: &Options,
    min: Applicability,
    dry: bool,
) -> Summary {
    let files: Vec<(&str, Vec<Diagnostic>)> = run
        .files
        .iter()
        .map(|f| {
            let mine: Vec<Diagnostic> = run
                .diagnostics
                .iter()
                .filter(|d| d.file == f.path)
                .cloned()
                .collect();
            (f.path.as_str(), mine)
        })
        .filter(|(_, d)| d.iter().any(|d| d.fix.is_some()))
        .collect();
    let results: Vec<Result<Outcome, (String, String)>> = files
        .par_iter()
        .map(|(path, diags)| {
            let (bom, text) = read(path).map_err(|e| ((*path).to_owned(), e))?;
            let outcome = fix::fix_text(path, &text, diags, config, options, min);
            if !dry && outcome.changed() {
                let contents = if bom {
                    format!("\u{feff}{}", outcome.fixed)
                } else {
                    outcome.fixed.clone()
                };
                fix::write_atomic(Path::new(path), &contents)
                    .map_err(|e| ((*path).to_owned(), format!("cannot write: {e}")))?;
            }
            Ok(outcome)
        })
        .collect();
    let mut summary = Summary::default();
    for r in results {
        match r {
            Ok(o) => summary.outcomes.push(o),
            Err(f) => summary.failures.push(f),
        }
    }
    summary
}

/// The masked form of `text` (what any output may show of it).
fn masked(path: &str, text: &str, config: &Config, options: &Options) -> String {
    let run = check_texts(&[(path.to_owned(), text.to_owned())], config, options);
    run.files
        .first()
        .map_or_else(|| text.to_owned(), |f| f.source.text().to_owned())
}

/// Prints the diff of every changed file on `out`.
///
/// # Errors
/// Writing failed.
pub fn print_diffs(
    summary: &Summary,
    config: &Config,
    options: &Options,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for o in summary.outcomes.iter().filter(|o| o.changed()) {
        let old = masked(&o.path, &o.original, config, options);
        let new = masked(&o.path, &o.fixed, config, options);
        let path = crate::output::slash_path(&o.path);
        out.write_all(fix::unified(&path, &old, &new).as_bytes())?;
    }
    Ok(())
}

/// Says on stderr what was refused and what could not be written.
pub fn report_problems(summary: &Summary) {
    for o in &summary.outcomes {
        for r in &o.refused {
            eprintln!(
                "{}:{}:{}: {} fix not applied ({}): {}",
                o.path, r.line, r.column, r.rule, r.description, r.reason
            );
        }
    }
    for (path, why) in &summary.failures {
        eprintln!("{path}: not fixed: {why}");
    }
}
