//! Recording a review (SPEC section 8) as fix-engine changes: `last_reviewed`,
//! `reviewed_by`, and each checklist item's `result`, `checked_on`, `by` and `notes`,
//! creating what is missing (`validation`, `review`, `checks`, an item) in the
//! document's own style.

use jiff::civil::Date;

use crate::diagnostic::{Change, NewScalar};
use crate::document::{escape_segment, Node, Value};
use crate::rules::CHECKS;

/// What a reviewer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub date: Date,
    pub by: String,
    /// (check, passed, note)
    pub checks: Vec<(String, bool, Option<String>)>,
}

/// Reads `--pass` and `--fail CHECK[=NOTE]`.
///
/// # Errors
/// An unknown check name, or one named twice.
pub fn parse_checks(
    pass: &[String],
    fail: &[String],
) -> Result<Vec<(String, bool, Option<String>)>, String> {
    let known: Vec<&str> = CHECKS.iter().map(|(k, _)| k.text()).collect();
    let mut out: Vec<(String, bool, Option<String>)> = Vec::new();
    let items = pass
        .iter()
        .map(|p| (p.as_str(), true, None))
        .chain(fail.iter().map(|f| match f.split_once('=') {
            Some((k, note)) => (
                k,
                false,
                Some(note.trim().to_owned()).filter(|n| !n.is_empty()),
            ),
            None => (f.as_str(), false, None),
        }));
    for (name, passed, note) in items {
        let name = name.trim();
        if !known.contains(&name) {
            let hint = crate::schema::did_you_mean(
                name,
                &known.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>(),
            )
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
            return Err(format!(
                "unknown check `{name}`{hint}; the checks are {}",
                known.join(", ")
            ));
        }
        if out.iter().any(|(k, ..)| k == name) {
            return Err(format!("check `{name}` is given twice"));
        }
        out.push((name.to_owned(), passed, note));
    }
    Ok(out)
}

/// The change that makes `path` (below `root`) hold `value`: the scalar replaced, an
/// empty value filled, or the missing keys inserted below the deepest mapping.
///
/// # Errors
/// Something other than a mapping or an empty value is in the way.
pub fn set(root: &Node, path: &[&str], value: NewScalar) -> Result<Change, String> {
    let mut node = root;
    let mut at = String::new();
    for (i, key) in path.iter().enumerate() {
        match node.get(key) {
            Some(next) => {
                node = next;
                at.push('/');
                at.push_str(&escape_segment(key));
            }
            None if matches!(node.value, Value::Map(_) | Value::Null) => {
                return Ok(Change::Insert {
                    at,
                    path: path[i..].iter().map(|k| (*k).to_owned()).collect(),
                    value,
                    comment: None,
                })
            }
            None => {
                return Err(format!(
                    "`{}` is not a mapping, so `{}` cannot be written below it",
                    dotted(&path[..i]),
                    dotted(path)
                ))
            }
        }
    }
    match node.value {
        Value::Null => Ok(Change::Insert {
            at,
            path: Vec::new(),
            value,
            comment: None,
        }),
        Value::Seq(_) | Value::Map(_) => Err(format!(
            "`{}` holds a collection, not a value",
            dotted(path)
        )),
        _ => Ok(Change::SetScalar {
            span: node.span,
            value,
        }),
    }
}

fn dotted(path: &[&str]) -> String {
    path.join(".")
}

/// The changes recording `req` in the document at `root`.
///
/// # Errors
/// The document's shape leaves no safe place for a value.
pub fn changes(root: &Node, req: &Request) -> Result<Vec<Change>, String> {
    let date = NewScalar::Text(req.date.to_string());
    let by = NewScalar::Text(req.by.clone());
    let mut out = vec![
        set(
            root,
            &["spec", "validation", "review", "last_reviewed"],
            date.clone(),
        )?,
        set(
            root,
            &["spec", "validation", "review", "reviewed_by"],
            by.clone(),
        )?,
    ];
    for (check, passed, note) in &req.checks {
        let item = ["spec", "validation", "checks", check.as_str()];
        let field = |k: &'static str| [item[0], item[1], item[2], item[3], k];
        let result = NewScalar::Text(if *passed { "pass" } else { "fail" }.to_owned());
        out.push(set(root, &field("result"), result)?);
        out.push(set(root, &field("checked_on"), date.clone())?);
        out.push(set(root, &field("by"), by.clone())?);
        if let Some(note) = note {
            out.push(set(root, &field("notes"), NewScalar::Text(note.clone()))?);
        }
    }
    Ok(out)
}
