//! The notifications the server acts on: open, change, close, save and watched files.

use std::path::{Path, PathBuf};

use lsp_server::Notification;
use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, TextDocumentContentChangeEvent,
};

use super::session::{read_disk, File};
use super::{path_of, Server};
use crate::config::FILE_NAMES;

fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Result<P, String> {
    let method = n.method.clone();
    serde_json::from_value(n.params).map_err(|e| format!("wirebook: invalid {method} params: {e}"))
}

fn is_config(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// Handles one notification.
///
/// # Errors
/// Params that do not parse, a change to a document that is not open: said in the
/// client's log, never fatal.
pub fn handle(s: &mut Server<'_>, n: Notification) -> Result<(), String> {
    match n.method.as_str() {
        "textDocument/didOpen" => {
            let p: DidOpenTextDocumentParams = params(n)?;
            let doc = p.text_document;
            let Some(path) = path_of(&doc.uri) else {
                return Ok(()); // not a file: nothing to lint
            };
            s.touch(&path);
            let text = strip_bom(doc.text);
            let on_disk = s.session.in_workspace(&path) && path.is_file();
            match s.session.files.get_mut(&path) {
                Some(f) => {
                    f.edit(text);
                    f.version = Some(doc.version);
                }
                None => {
                    let f = File::new(&path, text, Some(doc.version), on_disk);
                    s.session.files.insert(path, f);
                }
            }
        }
        "textDocument/didChange" => {
            let p: DidChangeTextDocumentParams = params(n)?;
            let doc = p.text_document;
            let uri = doc.text_document_identifier.uri;
            let path = path_of(&uri).ok_or_else(|| format!("wirebook: not a file: {uri}"))?;
            s.touch(&path);
            let enc = s.enc;
            let f = s
                .session
                .files
                .get_mut(&path)
                .ok_or_else(|| format!("wirebook: didChange for {uri}, which is not open"))?;
            for change in p.content_changes {
                let text = match change {
                    TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(w) => {
                        w.text
                    }
                    TextDocumentContentChangeEvent::TextDocumentContentChangePartial(c) => {
                        let start = f.lines.offset(&f.text, c.range.start, enc);
                        let end = f.lines.offset(&f.text, c.range.end, enc).max(start);
                        let mut t = String::with_capacity(f.text.len() + c.text.len());
                        t.push_str(&f.text[..start]);
                        t.push_str(&c.text);
                        t.push_str(&f.text[end..]);
                        t
                    }
                };
                f.edit(text);
            }
            f.version = Some(doc.version);
        }
        "textDocument/didClose" => {
            let p: DidCloseTextDocumentParams = params(n)?;
            let Some(path) = path_of(&p.text_document.uri) else {
                return Ok(());
            };
            s.touch(&path);
            close(s, &path);
        }
        "textDocument/didSave" => {
            let p: DidSaveTextDocumentParams = params(n)?;
            let Some(path) = path_of(&p.text_document.uri) else {
                return Ok(());
            };
            if is_config(&path) {
                reload_config(s);
            } else {
                rescan(s);
            }
        }
        "workspace/didChangeWatchedFiles" => {
            let p: DidChangeWatchedFilesParams = params(n)?;
            let paths: Vec<PathBuf> = p.changes.iter().filter_map(|c| path_of(&c.uri)).collect();
            if paths.iter().any(|p| is_config(p)) {
                reload_config(s);
            } else if !paths.is_empty() {
                rescan(s);
            }
        }
        _ => {} // initialized, $/cancelRequest, $/setTrace, ...
    }
    Ok(())
}

fn strip_bom(text: String) -> String {
    text.strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text)
}

/// A closed buffer falls back to its disk copy when the file is part of the
/// workspace; otherwise it is forgotten (and gets `[]`).
fn close(s: &mut Server<'_>, path: &Path) {
    let disk = s
        .session
        .files
        .get(path)
        .filter(|f| f.on_disk)
        .and_then(|_| read_disk(path));
    match (disk, s.session.files.get_mut(path)) {
        (Some((text, modified)), Some(f)) => {
            f.edit(text);
            f.version = None;
            f.modified = modified;
        }
        _ => {
            s.session.files.remove(path);
        }
    }
}

/// A saved or changed `wirebook.toml`: everything is linted again with it.
fn reload_config(s: &mut Server<'_>) {
    s.flush();
    let all = s.session.reload_config();
    s.show_notices();
    s.publish(&all);
}

/// Saved files: the closed ones on disk may have changed too (a `git checkout`, a
/// generator), and new files may have appeared.
fn rescan(s: &mut Server<'_>) {
    let all: Vec<PathBuf> = s.session.files.keys().cloned().collect();
    let before = s.session.facts_of(&all);
    for p in s.session.rescan() {
        if !s.before.contains_key(&p) {
            let old = before.get(&p).cloned().unwrap_or_default();
            s.before.insert(p.clone(), old);
        }
        s.dirty.insert(p);
    }
}
