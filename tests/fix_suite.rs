//! A property test of the fix engine over every valid case of the YAML test suite:
//! each kind of edit is tried on every node it applies to, and the verifier must either
//! refuse it or produce a text that parses to exactly the intended values, with every
//! byte outside the edit unchanged. The expectation here is computed independently of
//! the engine's own verifier (by JSON pointer, not by span). Never a written file that
//! parses differently.

use std::path::{Path, PathBuf};

use wirebook::config::Config;
use wirebook::diagnostic::{Applicability, Change, NewScalar};
use wirebook::document::{
    parse, pointer_segments, Entry, Node, ProblemKind, SourceText, Span, Style, Value,
};
use wirebook::engine::Options;
use wirebook::fix::{apply_changes, fix_text, Prover};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/corpus/yaml-test-suite"))
        .find(|dir| dir.is_dir())
        .expect("../shared/corpus/yaml-test-suite is next to the project")
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            cases(&path, out);
        } else if path.file_name().is_some_and(|n| n == "in.yaml")
            && !path.with_file_name("error").exists()
        {
            out.push(path);
        }
    }
}

fn options() -> Options {
    Options {
        today: wirebook::interval::parse_date("2026-11-20").unwrap(),
        members: None,
    }
}

fn roots(text: &str) -> Option<Vec<Node>> {
    let parsed = parse(&SourceText::new(text.to_owned()));
    if parsed
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::Syntax)
    {
        return None;
    }
    Some(parsed.documents.into_iter().map(|d| d.root).collect())
}

/// Values equal, spans and styles ignored.
fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| same(&p.key, &q.key) && same(&p.value, &q.value))
        }
        (x, y) => x == y,
    }
}

/// Every node with its JSON pointer (keys that are not text are skipped: no pointer).
fn nodes<'a>(root: &'a Node, at: String, out: &mut Vec<(String, &'a Node, Option<&'a Node>)>) {
    out.push((at.clone(), root, None));
    match &root.value {
        Value::Seq(items) => {
            for (i, n) in items.iter().enumerate() {
                nodes(n, format!("{at}/{i}"), out);
            }
        }
        Value::Map(entries) => {
            for e in entries {
                let Some(k) = e.key.as_str() else { continue };
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                let before = out.len();
                nodes(&e.value, p, out);
                out[before].2 = Some(&e.key);
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(root: &'a mut Node, pointer: &str) -> Option<&'a mut Node> {
    let mut node = root;
    for seg in pointer_segments(pointer) {
        node = match &mut node.value {
            Value::Seq(items) => items.get_mut(seg.parse::<usize>().ok()?)?,
            Value::Map(entries) => &mut entries.iter_mut().find(|e| e.key.key_text() == seg)?.value,
            _ => return None,
        };
    }
    Some(node)
}

fn plain(v: Value) -> Node {
    Node::new(v, Span::default(), Style::Plain)
}

/// Tries one change; checks the outcome against `expect` (the original values with
/// the change applied by pointer) and that the bytes before `keep_before` and after
/// `keep_after` (offsets in the original) are untouched.
fn attempt(
    text: &str,
    change: Change,
    expect: Vec<Node>,
    keep: (usize, usize),
    prover: &Prover<'_>,
    stats: &mut (usize, usize),
) -> Result<(), String> {
    match apply_changes(text, &[(0, change.clone())], prover) {
        Err(_) => {
            stats.1 += 1;
            Ok(())
        }
        Ok(new) => {
            stats.0 += 1;
            let Some(got) = roots(&new) else {
                return Err(format!("{change:?} wrote text that does not parse:\n{new}"));
            };
            if got.len() != expect.len() || !got.iter().zip(&expect).all(|(a, b)| same(a, b)) {
                return Err(format!(
                    "{change:?} wrote text that parses differently:\n{new}"
                ));
            }
            let (before, after) = keep;
            let tail = text.len() - after;
            if new.get(..before) != text.get(..before)
                || new.len() < tail
                || new[new.len() - tail..] != text[after..]
            {
                return Err(format!(
                    "{change:?} changed bytes outside its edit:\n{text}\n----\n{new}"
                ));
            }
            Ok(())
        }
    }
}

#[test]
fn every_edit_on_every_valid_case_is_proved_or_refused() {
    let mut files = Vec::new();
    cases(&corpus(), &mut files);
    assert!(files.len() > 250, "{}", files.len());
    let config = Config::default();
    let options = options();
    let mut failures = Vec::new();
    let mut stats = (0usize, 0usize);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Some(original) = roots(&text) else {
            continue;
        };
        let Some(first) = original.first() else {
            continue;
        };
        let prover = Prover {
            path: "case.yaml",
            config: &config,
            options: &options,
        };
        let mut all = Vec::new();
        nodes(first, String::new(), &mut all);
        for (pointer, node, key) in all.iter().take(40) {
            let mut tries: Vec<(Change, Vec<Node>, (usize, usize))> = Vec::new();
            if matches!(
                node.value,
                Value::String(_) | Value::Bool(_) | Value::Int(_) | Value::Null
            ) && !node.span.is_empty()
            {
                // A scalar replaced: the text, then a boolean.
                for value in [
                    NewScalar::Text("edited: #1".to_owned()),
                    NewScalar::Bool(true),
                ] {
                    let mut expect = original.clone();
                    let Some(target) = at_mut(&mut expect[0], pointer) else {
                        continue;
                    };
                    target.value = match &value {
                        NewScalar::Bool(b) => Value::Bool(*b),
                        NewScalar::Text(s) => Value::String(s.as_str().into()),
                    };
                    tries.push((
                        Change::SetScalar {
                            span: node.span,
                            value,
                        },
                        expect,
                        (node.span.start, node.span.end),
                    ));
                }
            }
            if let Some(k) = key.filter(|k| !k.span.is_empty()) {
                let mut expect = original.clone();
                let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
                if let Some(Node {
                    value: Value::Map(entries),
                    ..
                }) = at_mut(&mut expect[0], parent)
                {
                    let old = k.as_str().unwrap_or_default();
                    if let Some(e) = entries.iter_mut().find(|e| e.key.as_str() == Some(old)) {
                        e.key.value = Value::String("renamed key".into());
                        tries.push((
                            Change::RenameKey {
                                span: k.span,
                                to: "renamed key".to_owned(),
                            },
                            expect,
                            (k.span.start, k.span.end),
                        ));
                    }
                }
            }
            if matches!(node.value, Value::Map(_)) {
                let mut expect = original.clone();
                if let Some(Node {
                    value: Value::Map(entries),
                    ..
                }) = at_mut(&mut expect[0], pointer)
                {
                    if !entries.iter().any(|e| e.key.as_str() == Some("x-new")) {
                        entries.push(Entry::new(
                            plain(Value::String("x-new".into())),
                            plain(Value::Map(vec![Entry::new(
                                plain(Value::String("leaf".into())),
                                plain(Value::String("TODO".into())),
                            )])),
                        ));
                        // An insertion may touch only text after the mapping's first byte.
                        tries.push((
                            Change::Insert {
                                at: pointer.clone(),
                                path: vec!["x-new".to_owned(), "leaf".to_owned()],
                                value: NewScalar::Text("TODO".to_owned()),
                                comment: Some("a question?".to_owned()),
                            },
                            expect,
                            (node.span.start, node.span.start),
                        ));
                    }
                }
            }
            for (change, expect, (start, end)) in tries {
                // Insertions keep everything before the mapping; everything after the
                // end of the file is trivially kept.
                let keep = if matches!(change, Change::Insert { .. }) {
                    (start, text.len())
                } else {
                    (start, end)
                };
                if let Err(e) = attempt(&text, change, expect, keep, &prover, &mut stats) {
                    failures.push(format!("{}: {e}", file.display()));
                }
            }
        }
    }
    eprintln!(
        "fix suite: {} edits proved and written, {} refused",
        stats.0, stats.1
    );
    assert!(stats.0 > 1000, "too few edits were possible: {stats:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// Each valid case embedded in a wirebook document where that still parses: `--fix
/// --unsafe-fixes` never leaves a file that does not parse or has more schema errors,
/// and a second run changes nothing.
#[test]
fn fixing_embedded_cases_never_breaks_them() {
    let mut files = Vec::new();
    cases(&corpus(), &mut files);
    let config = Config::default();
    let options = options();
    let mut tried = 0;
    let mut failures = Vec::new();
    for file in &files {
        let Ok(case) = std::fs::read_to_string(file) else {
            continue;
        };
        if case.starts_with('%') || case.starts_with("---") || case.contains("\t") {
            continue;
        }
        let text = format!("apiVersion: wirebook.dev/v1\nkind: Integration\n{case}");
        let Some(docs) = roots(&text) else { continue };
        if !matches!(docs.first().map(|d| &d.value), Some(Value::Map(_))) {
            continue;
        }
        tried += 1;
        let out = fix_text(
            "case.yaml",
            &text,
            &[],
            &config,
            &options,
            Applicability::Unsafe,
        );
        if roots(&out.fixed).is_none() {
            failures.push(format!(
                "{}: fixed text does not parse:\n{}",
                file.display(),
                out.fixed
            ));
            continue;
        }
        let again = fix_text(
            "case.yaml",
            &out.fixed,
            &[],
            &config,
            &options,
            Applicability::Unsafe,
        );
        if again.changed() {
            failures.push(format!(
                "{}: a second --fix changed it again",
                file.display()
            ));
        }
    }
    eprintln!("embedded {tried} cases");
    assert!(tried > 50, "{tried}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
