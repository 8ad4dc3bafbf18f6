//! The fix engine (SPEC section 8): a finding's [`Fix`] becomes byte edits on the
//! file's own text; edits are applied sorted and never overlapping, repeated until
//! nothing changes (at most [`MAX_PASSES`]), and every result is proved by parsing it
//! again and comparing its values with the original's plus the intended change. An
//! edit that fails the proof, or would add a WB001/WB002, is refused with a reason and
//! never written. Every byte outside an edit stays as it was.
//!
//! `check --fix`, `--diff`, `wirebook review` and the language server's code actions
//! all go through [`fix_text`] or [`apply_changes`].

mod diff;
mod locate;
mod render;
mod scalar;
mod verify;
mod write;

use std::collections::BTreeMap;

pub use diff::unified;
pub use render::Edit;
pub use write::write_atomic;

use crate::config::Config;
use crate::diagnostic::{Applicability, Change, Diagnostic, Fix};
use crate::document::{parse, Node, ProblemKind, SourceText};
use crate::engine::{check_texts, Options};
use render::NewKey;

/// Most rounds of fixing one file.
pub const MAX_PASSES: usize = 10;

/// A fix that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub description: String,
    pub reason: String,
}

/// What fixing one file did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub path: String,
    pub original: String,
    pub fixed: String,
    /// Fixes applied.
    pub applied: usize,
    pub refused: Vec<Refusal>,
    /// Unsafe fixes left alone because `--unsafe-fixes` was not given.
    pub held_back: usize,
}

impl Outcome {
    #[must_use]
    pub fn changed(&self) -> bool {
        self.original != self.fixed
    }
}

/// The findings a run reports for `path` and `text` (offline, this file alone).
fn lint(path: &str, text: &str, config: &Config, options: &Options) -> Vec<Diagnostic> {
    check_texts(&[(path.to_owned(), text.to_owned())], config, options).diagnostics
}

fn wanted(d: &Diagnostic, min: Applicability) -> Option<&Fix> {
    d.fix.as_ref().filter(|f| f.applicability >= min)
}

fn refusal(d: &Diagnostic, fix: &Fix, reason: impl Into<String>) -> Refusal {
    Refusal {
        rule: d.rule,
        line: d.span.line,
        column: d.span.column,
        description: fix.description.clone(),
        reason: reason.into(),
    }
}

/// Checks a candidate text: it parses to the intended values and has no more schema
/// errors (WB002) than the text it came from.
pub struct Prover<'a> {
    pub path: &'a str,
    pub config: &'a Config,
    pub options: &'a Options,
}

impl Prover<'_> {
    fn wb002(&self, text: &str) -> usize {
        lint(self.path, text, self.config, self.options)
            .iter()
            .filter(|d| d.rule == "WB002")
            .count()
    }

    /// # Errors
    /// Why `new` is not `roots` plus `changes`.
    fn prove(
        &self,
        old: &str,
        roots: &[Node],
        changes: &[(usize, Change)],
        new: &str,
    ) -> Result<(), String> {
        let borrowed: Vec<(usize, &Change)> = changes.iter().map(|(d, c)| (*d, c)).collect();
        let expect = verify::expected(roots, &borrowed)?;
        let actual =
            parse_roots(new).map_err(|e| format!("the edit would break the YAML ({e})"))?;
        if let Some(why) = verify::differ(&expect, &actual) {
            return Err(why);
        }
        if self.wb002(new) > self.wb002(old) {
            return Err("it would add a schema error (WB002)".to_owned());
        }
        Ok(())
    }
}

/// Fixes `text` (the unmasked contents of `path`) until nothing changes. `first` are
/// findings already made on this very text that carry fixes an offline lint cannot
/// make (WB503 needs the link check); the passes after the first lint offline.
#[must_use]
pub fn fix_text(
    path: &str,
    text: &str,
    first: &[Diagnostic],
    config: &Config,
    options: &Options,
    min: Applicability,
) -> Outcome {
    let prover = Prover {
        path,
        config,
        options,
    };
    let mut out = Outcome {
        path: path.to_owned(),
        original: text.to_owned(),
        fixed: text.to_owned(),
        applied: 0,
        refused: Vec::new(),
        held_back: 0,
    };
    let mut diags = lint(path, text, config, options);
    diags.extend(first.iter().filter(|d| d.rule == "WB503").cloned());
    out.held_back = diags
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability < min))
        .count();
    // A fix refused once is not tried again (its finding usually stays).
    let mut refused_keys: Vec<(String, String, String)> = Vec::new();
    let key =
        |d: &Diagnostic, f: &Fix| (d.rule.to_owned(), d.pointer.clone(), f.description.clone());
    for _ in 0..MAX_PASSES {
        let todo: Vec<(&Diagnostic, &Fix)> = diags
            .iter()
            .filter_map(|d| wanted(d, min).map(|f| (d, f)))
            .filter(|(d, f)| !refused_keys.contains(&key(d, f)))
            .collect();
        if todo.is_empty() {
            break;
        }
        let step = one_pass(&out.fixed, &todo, &prover);
        for (d, f, why) in &step.refused {
            out.refused.push(refusal(d, f, why.clone()));
            refused_keys.push(key(d, f));
        }
        let Some((next, count)) = step.text else {
            break;
        };
        out.applied += count;
        diags = lint(path, &next, config, options);
        out.fixed = next;
    }
    out
}

struct Pass<'d> {
    /// The new text and how many fixes it holds.
    text: Option<(String, usize)>,
    refused: Vec<(&'d Diagnostic, &'d Fix, String)>,
}
/// Fixes rendered together: one fix, or every fix inserting below the same place.
struct Unit<'d> {
    fixes: Vec<(&'d Diagnostic, &'d Fix)>,
    edits: Vec<Edit>,
    changes: Vec<(usize, Change)>,
}

fn parse_roots(text: &str) -> Result<Vec<Node>, String> {
    let src = SourceText::new(text.to_owned());
    let parsed = parse(&src);
    if let Some(p) = parsed
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::Syntax)
    {
        return Err(format!("the file does not parse: {}", p.message));
    }
    Ok(parsed.documents.into_iter().map(|d| d.root).collect())
}

/// Groups the fixes into units and renders their edits.
fn units<'d>(
    text: &str,
    roots: &[Node],
    todo: &[(&'d Diagnostic, &'d Fix)],
) -> (Vec<Unit<'d>>, Vec<(&'d Diagnostic, &'d Fix, String)>) {
    let mut refused = Vec::new();
    // Fixes that insert below the same node are written as one edit.
    let mut groups: BTreeMap<(usize, String), Vec<(&Diagnostic, &Fix)>> = BTreeMap::new();
    let mut singles = Vec::new();
    for &(d, f) in todo {
        let Some(doc) = d.doc else {
            refused.push((d, f, "the finding is not in a document".to_owned()));
            continue;
        };
        let only_insert = f.changes.len() == 1 && matches!(f.changes[0], Change::Insert { .. });
        match &f.changes[0] {
            Change::Insert { at, .. } if only_insert => {
                groups.entry((doc, at.clone())).or_default().push((d, f))
            }
            _ => singles.push((d, f)),
        }
    }
    let mut out = Vec::new();
    for ((doc, at), fixes) in groups {
        let Some(root) = roots.get(doc) else { continue };
        let keys: Vec<NewKey> = fixes
            .iter()
            .filter_map(|(_, f)| match &f.changes[0] {
                Change::Insert {
                    path,
                    value,
                    comment,
                    ..
                } => Some(NewKey {
                    path: path.clone(),
                    value: value.clone(),
                    comment: comment.clone(),
                }),
                _ => None,
            })
            .collect();
        // Filling an empty value takes one fix only; the others wait for the next pass.
        let (fixes, keys) = if keys.iter().any(|k| k.path.is_empty()) {
            let i = keys.iter().position(|k| k.path.is_empty()).unwrap_or(0);
            (vec![fixes[i]], vec![keys[i].clone()])
        } else {
            (fixes, keys)
        };
        match render::insert(text, root, &at, &keys) {
            Ok(edits) => out.push(Unit {
                changes: fixes
                    .iter()
                    .map(|(_, f)| (doc, f.changes[0].clone()))
                    .collect(),
                fixes,
                edits,
            }),
            Err(why) => refused.extend(fixes.into_iter().map(|(d, f)| (d, f, why.clone()))),
        }
    }
    for (d, f) in singles {
        let doc = d.doc.unwrap_or(0);
        let Some(root) = roots.get(doc) else { continue };
        let mut edits = Vec::new();
        let mut failed = None;
        for c in &f.changes {
            match render::edit(text, root, c) {
                Ok(mut e) => edits.append(&mut e),
                Err(why) => {
                    failed = Some(why);
                    break;
                }
            }
        }
        match failed {
            Some(why) => refused.push((d, f, why)),
            None => out.push(Unit {
                fixes: vec![(d, f)],
                edits,
                changes: f.changes.iter().map(|c| (doc, c.clone())).collect(),
            }),
        }
    }
    out.sort_by_key(|u| u.edits.iter().map(|e| e.start).min().unwrap_or(usize::MAX));
    (out, refused)
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Applies edits that do not overlap (sorted by start) to `text`.
#[must_use]
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

/// One round: every unit that does not overlap an earlier one, proved together; if the
/// proof fails, each unit is proved alone and the first that passes is kept (the others
/// are tried again on its result, next pass).
fn one_pass<'d>(text: &str, todo: &[(&'d Diagnostic, &'d Fix)], prover: &Prover<'_>) -> Pass<'d> {
    let mut pass = Pass {
        text: None,
        refused: Vec::new(),
    };
    let roots = match parse_roots(text) {
        Ok(r) => r,
        Err(why) => {
            pass.refused = todo.iter().map(|(d, f)| (*d, *f, why.clone())).collect();
            return pass;
        }
    };
    let (units, mut refused) = units(text, &roots, todo);
    pass.refused.append(&mut refused);
    let mut chosen: Vec<Unit<'d>> = Vec::new();
    for u in units {
        if u.edits
            .iter()
            .any(|e| chosen.iter().flat_map(|c| &c.edits).any(|c| overlaps(c, e)))
        {
            continue; // next pass, on the re-linted text
        }
        chosen.push(u);
    }
    let apply = |units: &[&Unit<'d>]| -> (String, Vec<(usize, Change)>) {
        let edits: Vec<Edit> = units.iter().flat_map(|u| u.edits.clone()).collect();
        let changes = units.iter().flat_map(|u| u.changes.clone()).collect();
        (apply_edits(text, &edits), changes)
    };
    let all: Vec<&Unit<'d>> = chosen.iter().collect();
    let (new, changes) = apply(&all);
    if all.is_empty() {
        return pass;
    }
    if prover.prove(text, &roots, &changes, &new).is_ok() {
        pass.text = Some((new, all.iter().map(|u| u.fixes.len()).sum()));
        return pass;
    }
    for u in &chosen {
        let (alone, changes) = apply(&[u]);
        match prover.prove(text, &roots, &changes, &alone) {
            Ok(()) => {
                pass.text = Some((alone, u.fixes.len()));
                return pass;
            }
            Err(why) => pass
                .refused
                .extend(u.fixes.iter().map(|(d, f)| (*d, *f, why.clone()))),
        }
    }
    pass
}

/// Applies `changes` (each with its document index) to `text` at once, with the same
/// rendering and proof as fixes: the edit `wirebook review` makes.
///
/// # Errors
/// Why the changes cannot be made safely.
pub fn apply_changes(
    text: &str,
    changes: &[(usize, Change)],
    prover: &Prover<'_>,
) -> Result<String, String> {
    let roots = parse_roots(text)?;
    let mut edits = Vec::new();
    let mut inserts: BTreeMap<(usize, String), Vec<NewKey>> = BTreeMap::new();
    for (doc, c) in changes {
        let root = roots.get(*doc).ok_or("the document is gone")?;
        match c {
            Change::Insert {
                at,
                path,
                value,
                comment,
            } => inserts.entry((*doc, at.clone())).or_default().push(NewKey {
                path: path.clone(),
                value: value.clone(),
                comment: comment.clone(),
            }),
            other => edits.extend(render::edit(text, root, other)?),
        }
    }
    for ((doc, at), keys) in &inserts {
        edits.extend(render::insert(text, &roots[*doc], at, keys)?);
    }
    let mut sorted = edits.clone();
    sorted.sort_by_key(|e| (e.start, e.end));
    if sorted.windows(2).any(|w| overlaps(&w[0], &w[1])) {
        return Err("two changes touch the same text".to_owned());
    }
    let new = apply_edits(text, &edits);
    prover.prove(text, &roots, changes, &new)?;
    Ok(new)
}

/// The edits of one finding's fix on `text`, proved: the language server's quick fix.
///
/// # Errors
/// Why the fix cannot be made safely.
pub fn edits_for(text: &str, d: &Diagnostic, prover: &Prover<'_>) -> Result<Vec<Edit>, String> {
    let fix = d.fix.as_ref().ok_or("the finding has no fix")?;
    let doc = d.doc.ok_or("the finding is not in a document")?;
    let changes: Vec<(usize, Change)> = fix.changes.iter().map(|c| (doc, c.clone())).collect();
    let fixed = apply_changes(text, &changes, prover)?;
    Ok(vec![whole_change(text, &fixed)])
}

/// One edit turning `old` into `new`: the common prefix and suffix are kept.
#[must_use]
pub fn whole_change(old: &str, new: &str) -> Edit {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let suffix = old.as_bytes()[old.len() - max_suffix..]
        .iter()
        .rev()
        .zip(new.as_bytes()[new.len() - max_suffix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut suffix = suffix;
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Edit {
        start: prefix,
        end: old.len() - suffix,
        text: new[prefix..new.len() - suffix].to_owned(),
    }
}
