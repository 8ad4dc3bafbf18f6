//! `wirebook review TARGET... --by @handle [--date] [--pass CHECK] [--fail CHECK[=NOTE]]`:
//! records a review through the fix engine. Every target is resolved and every edit
//! proved before any file is written; anything wrong is exit 2 with nothing written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::io::Write;

use miette::{miette, IntoDiagnostic};

use crate::cli::{Global, ReviewArgs, EXIT_OK};
use crate::diagnostic::Change;
use crate::document::{parse, Node, SourceText};
use crate::engine::Options;
use crate::fix::{apply_changes, write_atomic, Prover};
use crate::interval::Interval;
use crate::review::{changes, parse_checks, Request};

/// One document to record the review in.
struct Target {
    file: PathBuf,
    doc: usize,
    id: Option<String>,
}

fn read(path: &Path) -> Result<(bool, String), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8", path.display()))?;
    // A BOM stays in the text: offsets are the file's own (the parser skips it).
    Ok((false, text))
}

/// The wirebook documents of a text: (stream index, root, id).
fn documents(text: &str) -> Vec<(usize, Node, Option<String>)> {
    parse(&SourceText::new(text.to_owned()))
        .documents
        .into_iter()
        .filter(|d| {
            d.root
                .get("apiVersion")
                .and_then(Node::as_str)
                .is_some_and(|a| a.starts_with("wirebook.dev/"))
        })
        .map(|d| {
            let id = d
                .root
                .path(&["metadata", "id"])
                .and_then(Node::as_str)
                .map(str::to_owned);
            (d.index, d.root, id)
        })
        .collect()
}

fn resolve(targets: &[String]) -> Result<Vec<Target>, String> {
    let mut out = Vec::new();
    let mut by_id: Option<Vec<(PathBuf, usize, String)>> = None;
    for t in targets {
        let path = Path::new(t);
        if path.is_file() {
            let (_, text) = read(path)?;
            let docs = documents(&text);
            if docs.is_empty() {
                return Err(format!("{t} holds no wirebook document"));
            }
            out.extend(docs.into_iter().map(|(doc, _, id)| Target {
                file: path.to_path_buf(),
                doc,
                id,
            }));
            continue;
        }
        let index = match &mut by_id {
            Some(i) => i,
            None => by_id.insert(index_ids()?),
        };
        let hits: Vec<&(PathBuf, usize, String)> =
            index.iter().filter(|(_, _, id)| id == t).collect();
        match hits.as_slice() {
            [] => {
                let ids: Vec<String> = index.iter().map(|(_, _, id)| id.clone()).collect();
                let hint = crate::schema::did_you_mean(t, &ids)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!(
                    "no document has the id `{t}` and no such file exists{hint}"
                ));
            }
            [(file, doc, id)] => out.push(Target {
                file: file.clone(),
                doc: *doc,
                id: Some(id.clone()),
            }),
            many => {
                let places: Vec<String> = many
                    .iter()
                    .map(|(f, _, _)| f.display().to_string())
                    .collect();
                return Err(format!(
                    "the id `{t}` is ambiguous: {} documents have it ({}); name the file instead",
                    many.len(),
                    places.join(", ")
                ));
            }
        }
    }
    Ok(out)
}

/// Every document id below the current directory (as `check .` finds them).
fn index_ids() -> Result<Vec<(PathBuf, usize, String)>, String> {
    let candidates = crate::discover::discover(&[PathBuf::from(".")]).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for c in candidates {
        let Ok((_, text)) = read(&c.path) else {
            continue;
        };
        for (doc, _, id) in documents(&text) {
            if let Some(id) = id {
                out.push((c.path.clone(), doc, id));
            }
        }
    }
    Ok(out)
}

fn looks_like_person(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with('@') && s.len() > 1 && !s.contains(char::is_whitespace))
        || (s.contains('@') && !s.starts_with('@') && !s.contains(char::is_whitespace))
}

/// Runs `wirebook review`.
///
/// # Errors
/// A bad date, person, check, target or a document the review cannot be written into
/// (exit 2; nothing is written).
pub fn run(global: &Global, args: &ReviewArgs) -> miette::Result<u8> {
    let config = super::load_config(global)?;
    let today = super::today(global);
    let date = args.date.unwrap_or(today);
    if date > today {
        return Err(miette!(
            help = "record a review on the day it happened, or earlier",
            "--date {date} is after today ({today}); nothing written"
        ));
    }
    if !looks_like_person(&args.by) {
        return Err(miette!(
            help = "write a GitHub handle (`@alice`, `@org/team`) or an e-mail address",
            "--by `{}` is not a person; nothing written",
            args.by
        ));
    }
    let checks =
        parse_checks(&args.pass, &args.fail).map_err(|e| miette!("{e}; nothing written"))?;
    let request = Request {
        date,
        by: args.by.trim().to_owned(),
        checks,
    };
    let targets = resolve(&args.targets).map_err(|e| miette!("{e}; nothing written"))?;
    let options = Options {
        today,
        members: None,
    };

    // Every file's new text is made and proved before anything is written.
    let mut per_file: BTreeMap<PathBuf, Vec<&Target>> = BTreeMap::new();
    for t in &targets {
        per_file.entry(t.file.clone()).or_default().push(t);
    }
    let mut writes = Vec::new();
    let mut lines = Vec::new();
    for (file, docs) in &per_file {
        let (bom, text) = read(file).map_err(|e| miette!("{e}; nothing written"))?;
        let parsed = documents(&text);
        let mut all: Vec<(usize, Change)> = Vec::new();
        for t in docs {
            let (_, root, _) = parsed.iter().find(|(i, ..)| *i == t.doc).ok_or_else(|| {
                miette!(
                    "{} changed while being read; nothing written",
                    file.display()
                )
            })?;
            let made = changes(root, &request)
                .map_err(|e| miette!("{}: {e}; nothing written", file.display()))?;
            all.extend(made.into_iter().map(|c| (t.doc, c)));
            let interval = root
                .path(&["spec", "validation", "review", "interval"])
                .and_then(Node::as_str)
                .and_then(|s| s.parse::<Interval>().ok())
                .unwrap_or(config.review_interval);
            let name =
                t.id.clone()
                    .unwrap_or_else(|| format!("document {}", t.doc + 1));
            lines.push(format!(
                "{}: recorded the review of {name} on {date} by {}; next review due {} (every {interval})",
                file.display(),
                request.by,
                interval.after(date)
            ));
        }
        let path = file.display().to_string();
        let prover = Prover {
            path: &path,
            config: &config,
            options: &options,
        };
        let new = apply_changes(&text, &all, &prover).map_err(|e| {
            miette!(
                help = "record this review by hand; `wirebook rule WB301` shows the keys",
                "{}: the review cannot be written safely: {e}; nothing written",
                file.display()
            )
        })?;
        writes.push((
            file.clone(),
            if bom { format!("\u{feff}{new}") } else { new },
        ));
    }
    for (file, contents) in &writes {
        write_atomic(file, contents)
            .map_err(|e| miette!("cannot write {}: {e}", file.display()))?;
    }
    let mut out = std::io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}").into_diagnostic()?;
    }
    Ok(EXIT_OK)
}
