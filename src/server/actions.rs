//! Code actions: each finding's fix as a quick fix (proved by the fix engine; the
//! safe ones preferred), and `source.fixAll.wirebook`: every safe fix, as
//! `check --fix` applies them, in one edit.

use lsp_types::CodeActionParams;
use serde_json::{json, Value};

use super::diagnostics::to_lsp;
use super::lint::engine_path;
use super::session::File;
use super::{path_of, Server};
use crate::diagnostic::Applicability;
use crate::fix::{self, Edit, Prover};

/// The kind of the fix-everything action.
pub const FIX_ALL: &str = "source.fixAll.wirebook";

/// Does the client's `only` filter let `kind` through?
fn wanted(only: Option<&[String]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter()
            .any(|o| o.is_empty() || kind == o || kind.starts_with(&format!("{o}.")))
    })
}

fn text_edit(file: &File, e: &Edit, s: &Server<'_>) -> Value {
    let range = file.lines.range(&file.text, e.start, e.end, s.encoding());
    json!({"range": range, "newText": e.text})
}

/// Answers `textDocument/codeAction`.
#[must_use]
pub fn code_actions(s: &Server<'_>, p: CodeActionParams) -> Value {
    let uri = p.text_document.uri;
    let Some((path, file)) = path_of(&uri).and_then(|p| s.session().files.get_key_value(&p)) else {
        return json!([]);
    };
    let only: Option<Vec<String>> = p
        .context
        .only
        .map(|kinds| kinds.into_iter().map(String::from).collect());
    let config = s.session().config_for(path);
    let options = s.session().configs.options();
    let name = engine_path(path);
    let prover = Prover {
        path: &name,
        config: &config,
        options: &options,
    };
    let mut actions = Vec::new();
    if wanted(only.as_deref(), "quickfix") {
        let start = file.lines.offset(&file.text, p.range.start, s.encoding());
        let end = file.lines.offset(&file.text, p.range.end, s.encoding());
        for d in &file.diagnostics {
            let Some(f) = &d.fix else { continue };
            if d.span.start > end || start > d.span.end {
                continue;
            }
            let Ok(edits) = fix::edits_for(&file.text, d, &prover) else {
                continue; // refused: the fix engine could not prove it
            };
            let edits: Vec<Value> = edits.iter().map(|e| text_edit(file, e, s)).collect();
            let lsp = to_lsp(d, file, &s.session().files, s.encoding());
            actions.push(json!({
                "title": format!("{}: {}", d.rule, f.description),
                "kind": "quickfix",
                "diagnostics": [lsp],
                "isPreferred": f.applicability == Applicability::Safe,
                "edit": {"changes": {uri.as_str(): edits}},
            }));
        }
    }
    let fixable = file.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    });
    if fixable && wanted(only.as_deref(), FIX_ALL) {
        let outcome = fix::fix_text(
            &name,
            &file.text,
            &[],
            &config,
            &options,
            Applicability::Safe,
        );
        if outcome.changed() {
            let edit = fix::whole_change(&outcome.original, &outcome.fixed);
            actions.push(json!({
                "title": format!("wirebook: apply every safe fix ({})", outcome.applied),
                "kind": FIX_ALL,
                "edit": {"changes": {uri.as_str(): [text_edit(file, &edit, s)]}},
            }));
        }
    }
    Value::Array(actions)
}
