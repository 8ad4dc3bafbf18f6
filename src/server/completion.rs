//! Completion: the keys the schema allows at the cursor that are not written yet
//! (with the question as `detail`), and the values of enumerated keys (`tier`,
//! `auth_method`, `mechanism`, a check's `result`, booleans).

use lsp_types::CompletionParams;
use serde_json::{json, Value};

use super::context::place;
use super::keys::{self, about, Seg};
use super::{path_of, Server};

/// LSP `CompletionItemKind`s.
const PROPERTY: u32 = 10;
const VALUE: u32 = 12;

/// Answers `textDocument/completion` with a complete list.
#[must_use]
pub fn complete(s: &Server<'_>, p: CompletionParams) -> Value {
    let at = p.text_document_position_params;
    let Some(file) = path_of(&at.text_document.uri).and_then(|p| s.session().files.get(&p)) else {
        return Value::Null;
    };
    if !file.facts.is_wirebook() {
        return Value::Null;
    }
    let offset = file.lines.offset(&file.text, at.position, s.encoding());
    let here = place(&file.text, offset);
    let range = file
        .lines
        .range(&file.text, here.word_start, offset, s.encoding());
    let items: Vec<Value> = match &here.key {
        Some(key) => {
            let mut path = here.parents.clone();
            path.push(Seg::Key(key.clone()));
            keys::values(&path)
                .into_iter()
                .map(|v| json!({"label": v, "kind": VALUE, "textEdit": {"range": range, "newText": v}}))
                .collect()
        }
        None => keys::keys(&here.parents)
            .into_iter()
            .filter(|k| !here.siblings.iter().any(|s| s == k))
            .map(|k| {
                let mut path = here.parents.clone();
                path.push(Seg::Key(k.to_owned()));
                let mut item = json!({
                    "label": k,
                    "kind": PROPERTY,
                    "textEdit": {"range": range, "newText": format!("{k}: ")},
                });
                if let Some(detail) = about(&path) {
                    item["detail"] = json!(detail);
                }
                item
            })
            .collect(),
    };
    json!({"isIncomplete": false, "items": items})
}
