//! The embedded JSON Schema, and its errors turned into WB002 findings at the node.

use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value as Json;

use crate::diagnostic::{Applicability, Change, Fix, NewScalar};
use crate::document::{escape_segment, lookup, lookup_key, Node, Style, Value};
use crate::rules::{Finding, SchemaViolation};

mod compiled;

pub use compiled::{Compiled, Unsupported};

/// The schema text, as `wirebook schema` prints it.
pub const SCHEMA_TEXT: &str = include_str!("../../schema/integration.schema.json");

static SCHEMA: LazyLock<Json> =
    LazyLock::new(|| serde_json::from_str(SCHEMA_TEXT).expect("embedded schema is valid JSON"));

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&SCHEMA)
        .expect("embedded schema compiles")
});

/// The same schema over the tree itself, for the yes/no question; `None` if it had a
/// keyword that validator does not know (then `jsonschema` answers alone).
static COMPILED: LazyLock<Option<Compiled>> = LazyLock::new(|| Compiled::new(&SCHEMA).ok());

/// Compiles the schema's tree validator now (a run calls it on a worker while files are
/// found, instead of the first document waiting for it).
pub fn warm() {
    LazyLock::force(&COMPILED);
}

const YES_NO_WORDS: &[&str] = &["yes", "no", "y", "n", "on", "off"];

/// Validates one document; one finding per violation, at the offending node.
#[must_use]
pub fn validate(root: &Node) -> Vec<Finding> {
    validate_shown(root, root)
}

/// Validates `root` and quotes values from `shown`, a tree of the same shape (the
/// document with its secrets masked): the schema judges the real value, and a
/// message never quotes a secret.
#[must_use]
pub fn validate_shown(root: &Node, shown: &Node) -> Vec<Finding> {
    let mut out = Vec::new();
    // Most documents are valid, and the tree validator says so without a JSON copy.
    if is_valid_fast(root) == Some(true) {
        return out;
    }
    let instance = root.to_json();
    if VALIDATOR.is_valid(&instance) {
        return out;
    }
    for error in VALIDATOR.iter_errors(&instance) {
        report(shown, &error, &mut out);
    }
    out
}

/// The tree validator's answer (`Some(true)` only when the document is certainly valid),
/// or `None` when the embedded schema did not compile for it.
#[must_use]
pub fn is_valid_fast(root: &Node) -> Option<bool> {
    COMPILED.as_ref().map(|c| c.is_valid(root))
}

/// `jsonschema`'s verdict on the document's JSON copy: what the tree validator answers to.
#[must_use]
pub fn is_valid_reference(root: &Node) -> bool {
    VALIDATOR.is_valid(&root.to_json())
}

fn report(root: &Node, error: &ValidationError<'_>, out: &mut Vec<Finding>) {
    let pointer = error.instance_path().as_str();
    let node = lookup(root, pointer);
    let meta = &SchemaViolation::META;
    let at = display_path(pointer);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_properties(error.schema_path().as_str());
            for key in unexpected {
                let key_node = lookup_key(root, pointer, key);
                let span = key_node.map_or(node.span, |k| k.span);
                let mut f = Finding::new(meta, span, format!("unknown key `{key}` in {at}"));
                f.pointer = Some(format!("{pointer}/{}", escape_segment(key)));
                f = match did_you_mean(key, &known) {
                    Some(s) => {
                        let f = f.help(format!(
                            "did you mean `{s}`? (keys starting with `x-` are free for extensions)"
                        ));
                        match (key_node, rename_fix(node, key, &known)) {
                            (Some(k), Some(to)) => f.fix(Fix {
                                applicability: Applicability::Safe,
                                description: format!("rename `{key}` to `{to}`"),
                                changes: vec![Change::RenameKey { span: k.span, to }],
                            }),
                            _ => f,
                        }
                    }
                    None => f.help(format!(
                        "known keys here: {}; keys starting with `x-` are free for extensions",
                        known.join(", ")
                    )),
                };
                out.push(f);
            }
        }
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            let mut f = Finding::new(
                meta,
                node.span,
                format!("missing required key `{key}` in {at}"),
            )
            .help(format!("add `{key}:` to this mapping"));
            f.pointer = Some(format!("{pointer}/{}", escape_segment(key)));
            out.push(f);
        }
        ValidationErrorKind::AnyOf { context } => {
            // When one alternative got further into the value (an item of a list),
            // its errors say more than "not valid under anyOf".
            let here = pointer.len();
            let deepest = context
                .iter()
                .filter(|branch| !branch.is_empty())
                .max_by_key(|branch| {
                    branch
                        .iter()
                        .map(|e| e.instance_path().as_str().len())
                        .max()
                });
            if let Some(branch) = deepest {
                if branch
                    .iter()
                    .all(|e| e.instance_path().as_str().len() > here)
                {
                    for e in branch {
                        report(root, e, out);
                    }
                    return;
                }
            }
            // A misspelt enum value or an impossible date says more than the union.
            let specific = context.iter().flatten().find(|e| {
                e.instance_path().as_str() == pointer
                    && matches!(
                        e.kind(),
                        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Format { .. }
                    )
            });
            if let Some(e) = specific {
                report(root, e, out);
                return;
            }
            let expected =
                describe(error.schema_path().as_str()).unwrap_or("a valid value".to_owned());
            out.push(mismatch(node, &at, &expected));
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|o| {
                    o.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let found = show(node);
            let mut f = Finding::new(
                meta,
                node.span,
                format!("{found} is not one of: {} ({at})", options.join(", ")),
            );
            if let Some(s) = node.as_str().and_then(|v| did_you_mean(v, &options)) {
                f = f.help(format!("did you mean `{s}`?"));
            } else {
                f = f.help(format!("use one of: {}", options.join(", ")));
            }
            out.push(f);
        }
        ValidationErrorKind::Constant { expected_value } => {
            let expected = expected_value.as_str().unwrap_or_default();
            out.push(
                Finding::new(
                    meta,
                    node.span,
                    format!("{} must be `{expected}`, found {}", at, show(node)),
                )
                .help(format!("write `{expected}`")),
            );
        }
        ValidationErrorKind::Type { .. } => {
            let expected =
                describe(error.schema_path().as_str()).unwrap_or_else(|| error.to_string());
            out.push(mismatch(node, &at, &expected));
        }
        ValidationErrorKind::Pattern { pattern } => {
            let expected = describe(error.schema_path().as_str())
                .unwrap_or_else(|| format!("text matching `{pattern}`"));
            out.push(mismatch(node, &at, &expected));
        }
        ValidationErrorKind::Format { .. } => {
            let f = Finding::new(
                meta,
                node.span,
                format!("{} is not a real date ({at})", show(node)),
            )
            .help("write dates as YYYY-MM-DD, for example 2026-10-02");
            out.push(match timestamp_date(node) {
                Some(date) => f.fix(Fix {
                    applicability: Applicability::Unsafe,
                    description: format!("keep the date only: `{date}`"),
                    changes: vec![Change::SetScalar {
                        span: node.span,
                        value: NewScalar::Text(date),
                    }],
                }),
                None => f,
            });
        }
        ValidationErrorKind::MinLength { .. } => {
            out.push(
                Finding::new(meta, node.span, format!("{at} must not be empty"))
                    .help("write a value"),
            );
        }
        _ => out.push(Finding::new(meta, node.span, format!("{at}: {error}"))),
    }
}

fn mismatch(node: &Node, at: &str, expected: &str) -> Finding {
    let meta = &SchemaViolation::META;
    let f = Finding::new(
        meta,
        node.span,
        format!("{at} must be {expected}, found {}", show(node)),
    );
    let Some(b) = node
        .as_str()
        .filter(|_| expected.contains("true or false"))
        .and_then(yes_no)
    else {
        return f.help(format!("write {expected}"));
    };
    let s = node.as_str().unwrap_or_default();
    let help = if node.style == Style::Quoted {
        format!("`{s}` is quoted, so YAML reads it as text, not a yes/no answer: write `{b}`")
    } else {
        format!("YAML 1.2 reads `{s}` as text, not a yes/no answer: write `{b}`")
    };
    f.help(help).fix(Fix {
        applicability: Applicability::Safe,
        description: format!("write `{b}`"),
        changes: vec![Change::SetScalar {
            span: node.span,
            value: NewScalar::Bool(b),
        }],
    })
}

/// The boolean a yes/no word means: `yes`/`no`/`on`/`off`/`y`/`n` in any case, or
/// `true`/`false` written as text (quoted).
fn yes_no(s: &str) -> Option<bool> {
    let w = s.trim().to_lowercase();
    if w == "true" || w == "false" {
        return Some(w == "true");
    }
    YES_NO_WORDS
        .contains(&w.as_str())
        .then_some(matches!(w.as_str(), "yes" | "y" | "on"))
}

/// `2026-11-01T09:30:00Z` (or with a space) → `2026-11-01`, when that is a real date.
fn timestamp_date(node: &Node) -> Option<String> {
    let s = node.as_str()?.trim();
    let (date, time) = s.split_at_checked(10)?;
    let rest = time.strip_prefix(['T', 't', ' '])?;
    let clock = rest.as_bytes();
    let looks_like_time = clock.len() >= 5
        && clock[..2].iter().all(u8::is_ascii_digit)
        && clock[2] == b':'
        && clock[3..5].iter().all(u8::is_ascii_digit);
    (looks_like_time && crate::interval::parse_date(date).is_some()).then(|| date.to_owned())
}

/// The one known key an unknown `key` can be renamed to: exactly one close match, and
/// not already present in the mapping.
fn rename_fix(mapping: &Node, key: &str, known: &[String]) -> Option<String> {
    let close: Vec<&String> = known
        .iter()
        .filter(|k| strsim::jaro_winkler(key, k) > SIMILAR)
        .collect();
    let [only] = close.as_slice() else {
        return None;
    };
    let present = mapping
        .as_map()
        .is_some_and(|m| m.iter().any(|e| e.key.as_str() == Some(only.as_str())));
    (!present && matches!(mapping.value, Value::Map(_))).then(|| (*only).clone())
}

/// How close (Jaro-Winkler) a word must be to a known name to be called a typo.
const SIMILAR: f64 = 0.85;

/// A short rendering of a value for messages (secrets are masked before rules run).
fn show(node: &Node) -> String {
    match &node.value {
        crate::document::Value::String(s) => {
            let s: String = s.chars().take(60).collect();
            format!("`{s}`")
        }
        crate::document::Value::Seq(_) => "a list".to_owned(),
        crate::document::Value::Map(_) => "a mapping".to_owned(),
        crate::document::Value::Null => "nothing".to_owned(),
        _ => format!("`{}`", node.scalar_text().unwrap_or_default()),
    }
}

/// `/spec/secondary/0/app` → `spec.secondary[0].app`.
fn display_path(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the document".to_owned();
    }
    let mut out = String::new();
    for seg in crate::document::pointer_segments(pointer) {
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// Follows a schema path (with `$ref` hops) to the subschema that owns the failing keyword.
fn subschema(schema_path: &str) -> Option<&'static Json> {
    let mut segs = crate::document::pointer_segments(schema_path);
    segs.pop(); // the keyword itself
    let mut node: &Json = &SCHEMA;
    let mut described: Option<&Json> = None;
    for seg in segs {
        node = if seg == "$ref" {
            let r = node.get("$ref")?.as_str()?;
            SCHEMA.pointer(r.trim_start_matches('#'))?
        } else if let Ok(i) = seg.parse::<usize>() {
            node.get(i).or_else(|| node.get(&seg))?
        } else {
            node.get(&seg)?
        };
        if node.get("description").is_some() && node.get("anyOf").is_some() {
            described = Some(node);
        }
    }
    if node.get("description").is_some() {
        return Some(node);
    }
    if let Some(r) = node.get("$ref").and_then(Json::as_str) {
        return SCHEMA.pointer(r.trim_start_matches('#'));
    }
    described.or(Some(node))
}

fn describe(schema_path: &str) -> Option<String> {
    let s = subschema(schema_path)?;
    if let Some(d) = s.get("description").and_then(Json::as_str) {
        return Some(d.to_owned());
    }
    match s.get("type") {
        Some(Json::String(t)) => Some(type_name(t).to_owned()),
        Some(Json::Array(ts)) => Some(
            ts.iter()
                .filter_map(Json::as_str)
                .filter(|t| *t != "null")
                .map(type_name)
                .collect::<Vec<_>>()
                .join(" or "),
        ),
        _ => None,
    }
}

fn type_name(t: &str) -> &str {
    match t {
        "string" => "text",
        "object" => "a mapping",
        "array" => "a list",
        "boolean" => "true or false",
        "integer" | "number" => "a number",
        other => other,
    }
}

/// The property names the schema allows where `additionalProperties` failed.
fn known_properties(schema_path: &str) -> Vec<String> {
    subschema(schema_path)
        .and_then(|s| s.get("properties"))
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The closest known name, when it is close enough to be a typo.
#[must_use]
pub fn did_you_mean<'a>(word: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > SIMILAR)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod portable;
#[cfg(test)]
mod same_meaning;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, vocab, SourceText};

    #[test]
    fn the_key_vocabulary_is_the_schemas_property_names() {
        fn names(v: &Json, out: &mut Vec<String>) {
            match v {
                Json::Object(map) => {
                    for (k, sub) in map {
                        if k == "properties" {
                            out.extend(sub.as_object().into_iter().flat_map(|p| p.keys().cloned()));
                        }
                        names(sub, out);
                    }
                }
                Json::Array(items) => items.iter().for_each(|i| names(i, out)),
                _ => {}
            }
        }
        let mut want = Vec::new();
        names(&SCHEMA, &mut want);
        want.sort_unstable();
        want.dedup();
        let mut have: Vec<String> = vocab::WORDS.iter().map(|w| (*w).to_owned()).collect();
        have.sort_unstable();
        assert_eq!(
            have, want,
            "document/vocab.rs lists the schema's property names"
        );
    }

    fn findings(yaml: &str) -> Vec<Finding> {
        let src = SourceText::new(yaml.to_owned());
        validate(&parse(&src).documents[0].root)
    }

    const HEAD: &str =
        "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {id: a, title: A}\n";

    #[test]
    fn unknown_keys_point_at_the_key_with_a_hint() {
        let f = findings(&format!(
            "{HEAD}spec:\n  primary: {{app: X}}\n  validation:\n    review:\n      last_reviwed: 2026-01-01\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].span.line, f[0].span.column), (8, 7));
        assert!(f[0].help.as_deref().unwrap().contains("last_reviewed"));
    }

    #[test]
    fn extension_keys_and_placeholders_are_accepted() {
        let f = findings(&format!(
            "{HEAD}x-team: ops\nspec:\n  primary: {{app: X, x-note: hi}}\n  security:\n    contains_pii: TODO\n    auth_method: TBD\n"
        ));
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn yes_gets_a_hint_to_write_true() {
        let f = findings(&format!(
            "{HEAD}spec:\n  primary: {{app: X}}\n  security:\n    contains_pii: yes\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].span.line, 7);
        assert!(
            f[0].help.as_deref().unwrap().contains("write `true`"),
            "{:?}",
            f[0].help
        );
    }

    #[test]
    fn list_items_are_pointed_at() {
        let f = findings(
            &format!("{HEAD}  owners: [\"@alice\", bob]\nspec:\n  primary: {{app: X}}\n")
                .replace("title: A}", "title: A,\n  owners: [\"@alice\", bob]}")
                .replace("  owners: [\"@alice\", bob]\nspec", "spec"),
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("`bob`"), "{}", f[0].message);
    }

    #[test]
    fn required_enum_pattern_and_dates() {
        let f = findings("apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {id: Bad_ID, title: A, tier: critcal}\nspec:\n  primary: {app: X}\n  validation: {review: {last_reviewed: 2026-02-30}}\n");
        let msgs: Vec<_> = f.iter().map(|f| f.message.as_str()).collect();
        assert!(msgs.iter().any(|m| m.contains("Bad_ID")), "{msgs:?}");
        assert!(
            f.iter()
                .any(|f| f.help.as_deref() == Some("did you mean `critical`?")),
            "{f:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("2026-02-30")), "{msgs:?}");
        let f = findings(
            "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {title: A}\nspec: {}\n",
        );
        assert!(f.iter().any(|f| f.message.contains("`id`")));
        assert!(f.iter().any(|f| f.message.contains("`primary`")));
    }
}
