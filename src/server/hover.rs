//! Hover: on a key, the question it answers (SPEC section 2) or the schema's
//! description; on a finding's range, the rule's explanation (what `wirebook rule`
//! prints). Values are never echoed: a hover may sit on a pasted secret.

use lsp_types::HoverParams;
use serde_json::{json, Value};

use super::context::key_at;
use super::keys::{about, words};
use super::{path_of, Server};

/// Answers `textDocument/hover` (`null` when there is nothing to say).
#[must_use]
pub fn hover(s: &Server<'_>, p: HoverParams) -> Value {
    let at = p.text_document_position_params;
    let Some(file) = path_of(&at.text_document.uri).and_then(|p| s.session().files.get(&p)) else {
        return Value::Null;
    };
    if !file.facts.is_wirebook() {
        return Value::Null;
    }
    let offset = file.lines.offset(&file.text, at.position, s.encoding());
    let mut parts = Vec::new();
    let mut range = None;
    if let Some((path, span)) = key_at(&file.text, offset) {
        if let Some(text) = about(&path) {
            parts.push(format!(
                "**{}**: {text}",
                words(&path).join(".").replace(".[]", "[]")
            ));
            range = Some(
                file.lines
                    .range(&file.text, span.start, span.end, s.encoding()),
            );
        }
    }
    let mut rules: Vec<&str> = Vec::new();
    for d in &file.diagnostics {
        let under = d.span.start <= offset && offset <= d.span.end;
        if under && !rules.contains(&d.rule) {
            rules.push(d.rule);
        }
    }
    for id in rules {
        if let Some(meta) = crate::rules::by_id(id) {
            parts.push(format!(
                "### {} {}\n\n{}",
                meta.id,
                meta.name,
                meta.explanation()
            ));
        }
    }
    if parts.is_empty() {
        return Value::Null;
    }
    let mut answer = json!({"contents": {"kind": "markdown", "value": parts.join("\n\n---\n\n")}});
    if let Some(r) = range {
        answer["range"] = json!(r);
    }
    answer
}
