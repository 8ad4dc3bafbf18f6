//! The tree validator (`src/schema/compiled.rs`) against `jsonschema` on the document's
//! JSON copy, on every YAML file of the repository and the shared corpus and on
//! thousands of random edits of their trees: a "valid" from the tree validator is always
//! `jsonschema`'s "valid" (else a finding would be lost), and it says "valid" wherever
//! `jsonschema` does, except for the forms it leaves to `jsonschema` on purpose
//! (integral floats, keys that are not text, a key written twice), so that it saves the time it is there for.
//!
//! `WIREBOOK_GEN_ROUNDS` (edits per document, default 40) and `WIREBOOK_GEN_SEED` scale
//! it up.

use wirebook::document::{parse, Entry, Node, SourceText, Span, Style, Value};
use wirebook::schema::{is_valid_fast, is_valid_reference};

mod differential;

use differential::Rng;

fn documents() -> Vec<(String, Node)> {
    let mut out = Vec::new();
    for (path, text) in differential::texts() {
        let parsed = parse(&SourceText::new(text));
        for doc in parsed.documents {
            out.push((format!("{}#{}", path.display(), doc.index), doc.root));
        }
    }
    out
}

/// Forms the tree validator leaves to `jsonschema` (it answers "not sure" for them).
fn has_doubtful_forms(node: &Node) -> bool {
    let mut doubt = false;
    node.walk(|n| match &n.value {
        Value::Float(f) if !f.is_finite() || f.fract() == 0.0 => doubt = true,
        Value::Map(entries) => {
            doubt |= entries
                .iter()
                .any(|e| !matches!(e.key.value, Value::String(_)));
            // The JSON copy keeps the last of two equal keys; the tree validator
            // checks both.
            doubt |= entries.iter().enumerate().any(|(i, a)| {
                entries[..i]
                    .iter()
                    .any(|b| a.key.as_str() == b.key.as_str())
            });
        }
        _ => {}
    });
    doubt
}

/// Compares the two validators on `root`; returns `jsonschema`'s verdict.
fn compare(name: &str, root: &Node) -> bool {
    let fast = is_valid_fast(root).expect("the embedded schema compiles for the tree validator");
    let reference = is_valid_reference(root);
    assert!(
        !fast || reference,
        "{name}: the tree validator accepts what jsonschema refuses; smallest such part:\n{}",
        serde_json::to_string_pretty(
            &shrink(root.clone(), |t| {
                is_valid_fast(t) == Some(true) && !is_valid_reference(t)
            })
            .to_json()
        )
        .unwrap_or_default()
    );
    if reference && !has_doubtful_forms(root) && !fast {
        let small = shrink(root.clone(), |t| {
            is_valid_fast(t) == Some(false) && is_valid_reference(t) && !has_doubtful_forms(t)
        });
        panic!(
            "{name}: the tree validator refuses a valid document; smallest such part:\n{}",
            serde_json::to_string_pretty(&small.to_json()).unwrap_or_default()
        );
    }
    reference
}

/// Removes map entries and list items from `tree` while `still` holds.
fn shrink(mut tree: Node, still: impl Fn(&Node) -> bool) -> Node {
    loop {
        let mut smaller = None;
        'search: for path in paths(&tree) {
            let len = match &at(&mut tree, &path).value {
                Value::Seq(items) => items.len(),
                Value::Map(entries) => entries.len(),
                _ => 0,
            };
            for i in 0..len {
                let mut t = tree.clone();
                match &mut at(&mut t, &path).value {
                    Value::Seq(items) => drop(items.remove(i)),
                    Value::Map(entries) => drop(entries.remove(i)),
                    _ => {}
                }
                if still(&t) {
                    smaller = Some(t);
                    break 'search;
                }
            }
        }
        match smaller {
            Some(t) => tree = t,
            None => return tree,
        }
    }
}

fn node(value: Value) -> Node {
    Node::new(value, Span::default(), Style::Plain)
}

/// Values the schema cares about: its enums and consts, dates, URLs, people, intervals,
/// placeholders, and the wrong types.
const TEXTS: &[&str] = &[
    "",
    " ",
    "TODO",
    "tbd",
    "?",
    "-",
    "unknown",
    "UNKNOWN",
    "x",
    "yes",
    "no",
    "2026-02-28",
    "2026-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026-1-01",
    "https://example.com/a",
    "HTTP://x",
    "http//bad",
    "https://",
    "ftp://x",
    "@team",
    "@org/team",
    "@-bad",
    "a@b.co",
    "a@b",
    "n/a",
    "N/A",
    "3 months",
    "1 week",
    "0 days",
    "2 fortnights",
    "pass",
    "fail",
    "critical",
    "high",
    "webhook",
    "oauth",
    "wirebook.dev/v1",
    "Integration",
    "abc-def",
    "Abc",
    "-abc",
    "é",
    "long text with spaces",
];

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Int(i64::try_from(rng.below(100)).unwrap() - 5),
        3 => Value::Float([1.5, 2.0, -0.25][rng.below(3)]),
        _ => Value::String(TEXTS[rng.below(TEXTS.len())].into()),
    }
}

fn random_value(rng: &mut Rng, keys: &[String]) -> Value {
    match rng.below(8) {
        0 => Value::Seq((0..rng.below(3)).map(|_| node(scalar(rng))).collect()),
        1 => Value::Map(
            (0..rng.below(3))
                .map(|_| {
                    Entry::new(
                        node(Value::String(keys[rng.below(keys.len())].as_str().into())),
                        node(scalar(rng)),
                    )
                })
                .collect(),
        ),
        _ => scalar(rng),
    }
}

/// Every node of the tree, as a path of child positions (a map entry's value is its
/// index).
fn paths(root: &Node) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut stack = vec![(root, Vec::new())];
    while let Some((n, path)) = stack.pop() {
        match &n.value {
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i);
                    stack.push((item, p));
                }
            }
            Value::Map(entries) => {
                for (i, e) in entries.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i);
                    stack.push((&e.value, p));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

fn at<'a>(root: &'a mut Node, path: &[usize]) -> &'a mut Node {
    path.iter().fold(root, |n, &i| match &mut n.value {
        Value::Seq(items) => &mut items[i],
        Value::Map(entries) => &mut entries[i].value,
        _ => unreachable!("paths lead through collections"),
    })
}

fn mutate(root: &mut Node, rng: &mut Rng, keys: &[String]) {
    let all = paths(root);
    let target = at(root, &all[rng.below(all.len())]);
    match (&mut target.value, rng.below(4)) {
        (Value::Map(entries), 0) if !entries.is_empty() => {
            let i = rng.below(entries.len());
            entries.remove(i);
        }
        (Value::Map(entries), 1) if !entries.is_empty() => {
            let i = rng.below(entries.len());
            let key = if rng.below(3) == 0 {
                ["x-extension", "unknown_key", "Title"][rng.below(3)].to_owned()
            } else {
                keys[rng.below(keys.len())].clone()
            };
            entries[i].key = node(Value::String(key.as_str().into()));
            entries[i].key_changed();
        }
        (Value::Map(entries), 2) => entries.push(Entry::new(
            node(Value::String(keys[rng.below(keys.len())].as_str().into())),
            node(random_value(rng, keys)),
        )),
        (Value::Seq(items), 0) if !items.is_empty() => {
            let i = rng.below(items.len());
            items.remove(i);
        }
        (Value::Seq(items), 1) if !items.is_empty() => {
            let i = rng.below(items.len());
            let copy = items[i].clone();
            items.push(copy);
        }
        _ => target.value = random_value(rng, keys),
    }
}

/// Every key that occurs in the documents: edits use them, so they reach deep schemas.
fn all_keys(docs: &[(String, Node)]) -> Vec<String> {
    let mut keys = Vec::new();
    for (_, root) in docs {
        root.walk(|n| {
            if let Value::Map(entries) = &n.value {
                keys.extend(
                    entries
                        .iter()
                        .filter_map(|e| e.key.as_str().map(str::to_owned)),
                );
            }
        });
    }
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn the_tree_validator_agrees_with_jsonschema_on_every_file() {
    let docs = documents();
    assert!(docs.len() > 100, "found {} documents", docs.len());
    let valid = docs
        .iter()
        .filter(|(name, root)| compare(name, root))
        .count();
    // Both verdicts occur, so the comparison says something.
    assert!(
        valid > 20 && valid < docs.len(),
        "{valid} of {} valid",
        docs.len()
    );
}

#[test]
fn the_tree_validator_agrees_with_jsonschema_on_edited_trees() {
    let docs = documents();
    let keys = all_keys(&docs);
    let rounds: usize = std::env::var("WIREBOOK_GEN_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let seed: u64 = std::env::var("WIREBOOK_GEN_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_1234);
    let mut rng = Rng(seed | 1);
    let (mut valid, mut total) = (0, 0);
    for (name, root) in docs.iter().filter(|(_, r)| is_valid_reference(r)) {
        for round in 0..rounds {
            let mut tree = root.clone();
            for _ in 0..=rng.below(2) {
                mutate(&mut tree, &mut rng, &keys);
            }
            total += 1;
            valid += usize::from(compare(&format!("{name} edit {round}"), &tree));
        }
    }
    // Edits break most documents and leave some valid: both sides are exercised.
    assert!(total > 1_000, "{total} edited documents");
    assert!(
        valid * 20 > total && valid * 2 < total,
        "{valid} of {total} valid"
    );
}
