//! `wirebook server`: the language server (SPEC section 9). One synchronous loop
//! over an [`lsp_server::Connection`] (stdio in the binary, in memory in the tests)
//! handles every message in order. Changes are coalesced: every queued message is
//! applied before the lint runs, so a burst of `didChange`s is linted once, at its
//! last version. The server never uses the network.

mod actions;
mod completion;
mod context;
mod diagnostics;
pub mod encoding;
mod hover;
mod keys;
mod lint;
mod notify;
pub mod session;

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{InitializeParams, Uri};
use serde_json::{json, Value};

use encoding::Encoding;
pub use session::Settings;
use session::{Facts, Session};

/// Runs the server on stdio until the client says `exit`.
///
/// # Errors
/// The client broke the protocol (exit without shutdown, a malformed message).
pub fn run_stdio(settings: Settings) -> Result<(), String> {
    // Not `Connection::stdio()`: its `IoThreads::join` joins the reader first and
    // returns on the reader's error without waiting for the writer, so an answer still
    // queued when a malformed message arrives could be lost as the process ends. Here
    // the writer is always drained and joined; the reader, which may be blocked on a
    // client that keeps stdin open, is joined only once it has ended.
    let (writer_tx, writer_rx) = crossbeam_channel::bounded::<Message>(0);
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        writer_rx.into_iter().try_for_each(|m| m.write(&mut out))
    });
    let (reader_tx, reader_rx) = crossbeam_channel::bounded::<Message>(0);
    let reader = std::thread::spawn(move || -> std::io::Result<()> {
        let mut input = std::io::stdin().lock();
        while let Some(msg) = Message::read(&mut input)? {
            let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
            if reader_tx.send(msg).is_err() || exit {
                break;
            }
        }
        Ok(())
    });
    let connection = Connection {
        sender: writer_tx,
        receiver: reader_rx,
    };
    let result = serve(&connection, settings);
    // The writer ends once every sender is gone and what was queued is written.
    drop(connection);
    let written = match writer.join() {
        Ok(r) => r.map_err(|e| format!("writing to the client: {e}")),
        Err(_) => Err("the writer thread failed".to_owned()),
    };
    let read = if reader.is_finished() {
        match reader.join() {
            Ok(r) => r.map_err(|e| e.to_string()),
            Err(_) => Err("the reader thread failed".to_owned()),
        }
    } else {
        Ok(())
    };
    result.and(read).and(written)
}

/// The published state of one URI: the version and what was sent.
type Published = (Option<i32>, Vec<lsp_types::Diagnostic>);

/// The server's state between messages.
pub struct Server<'c> {
    conn: &'c Connection,
    session: Session,
    enc: Encoding,
    /// Files changed since the last lint, with their facts before the first change.
    dirty: BTreeSet<PathBuf>,
    before: HashMap<PathBuf, Facts>,
    published: HashMap<PathBuf, Published>,
    shutdown: bool,
}

/// Handshake, index, then the main loop, over any connection.
///
/// # Errors
/// The client broke the protocol.
pub fn serve(conn: &Connection, settings: Settings) -> Result<(), String> {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(e) => {
            let msg = format!("invalid initialize params: {e}");
            let _ = conn
                .sender
                .send(Response::new_err(id, ErrorCode::InvalidParams as i32, msg.clone()).into());
            return Err(msg);
        }
    };
    let offered: Vec<String> = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.clone())
        .unwrap_or_default()
        .into_iter()
        .map(String::from)
        .collect();
    let enc = Encoding::negotiate(&offered);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let mut session = Session::new(roots(&params), settings);
    session.index();
    let result = json!({
        "capabilities": capabilities(enc),
        "serverInfo": {"name": "wirebook", "version": env!("CARGO_PKG_VERSION")},
    });
    // Not `initialize_finish`: it fails on anything but `initialized` next, and a
    // client that skips it (or shuts down at once) still gets answers.
    conn.sender
        .send(Response::new_ok(id, result).into())
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        conn,
        session,
        enc,
        dirty: BTreeSet::new(),
        before: HashMap::new(),
        published: HashMap::new(),
        shutdown: false,
    };
    if watch {
        server.register_watchers();
    }
    server.show_notices();
    let all: Vec<PathBuf> = server.session.files.keys().cloned().collect();
    server.publish(&all);
    server.main_loop()
}

fn capabilities(enc: Encoding) -> Value {
    json!({
        "positionEncoding": enc.name(),
        "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
        "hoverProvider": true,
        "completionProvider": {"triggerCharacters": [":"]},
        "codeActionProvider": {"codeActionKinds": ["quickfix", actions::FIX_ALL]},
    })
}

/// The workspace folders (or the deprecated root URI), canonical.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = match params
        .workspace_folders_initialize_params
        .workspace_folders
        .clone()
    {
        Some(lsp_types::WorkspaceFolders::WorkspaceFolderList(list)) => list,
        _ => Vec::new(),
    };
    let mut uris: Vec<Uri> = folders.into_iter().map(|f| f.uri).collect();
    #[allow(deprecated)]
    if uris.is_empty() {
        uris.extend(params.root_uri.clone());
    }
    uris.iter()
        .filter_map(path_of)
        .filter(|p| p.is_dir())
        .collect()
}

/// The canonical path of a `file:` URI (the parent is canonicalised for a file that
/// does not exist yet).
#[must_use]
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    let path = uri.to_file_path().ok()?;
    if let Ok(p) = std::fs::canonicalize(&path) {
        return Some(p);
    }
    let (parent, name) = (path.parent()?, path.file_name()?);
    Some(
        std::fs::canonicalize(parent)
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(name),
    )
}

/// An error response.
fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), String> {
        while let Ok(first) = self.conn.receiver.recv() {
            let mut next = Some(first);
            // Apply everything queued, then lint once.
            while let Some(msg) = next {
                if let Some(done) = self.handle(msg) {
                    return done;
                }
                next = self.conn.receiver.try_recv().ok();
            }
            self.flush();
        }
        Ok(()) // the client went away
    }

    /// Handles one message; `Some` when the server must stop.
    fn handle(&mut self, msg: Message) -> Option<Result<(), String>> {
        match msg {
            Message::Request(req) => {
                let id = req.id.clone();
                let method = req.method.clone();
                let answer = catch_unwind(AssertUnwindSafe(|| self.request(req)));
                let response = answer.unwrap_or_else(|_| {
                    error(
                        id,
                        ErrorCode::InternalError,
                        format!("wirebook: {method} failed"),
                    )
                });
                let _ = self.conn.sender.send(response.into());
                None
            }
            Message::Notification(n) if n.method == "exit" => Some(if self.shutdown {
                Ok(())
            } else {
                Err("exit before shutdown".to_owned())
            }),
            Message::Notification(n) => {
                let method = n.method.clone();
                if catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
                    self.log(&format!("wirebook: handling {method} failed"));
                }
                None
            }
            Message::Response(_) => None, // answers to our registrations
        }
    }

    fn request(&mut self, req: Request) -> Response {
        if self.shutdown {
            return error(
                req.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            );
        }
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => {
                self.flush(); // a finding under the cursor must be the current one
                self.with_params(req.params, hover::hover)
            }
            "textDocument/completion" => self.with_params(req.params, completion::complete),
            "textDocument/codeAction" => {
                self.flush();
                self.with_params(req.params, actions::code_actions)
            }
            other => {
                return error(
                    id,
                    ErrorCode::MethodNotFound,
                    format!("unknown method {other}"),
                )
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => error(id, code, message),
        }
    }

    /// Parses the params as `P` (an InvalidParams error otherwise) and answers.
    fn with_params<P: serde::de::DeserializeOwned>(
        &self,
        params: Value,
        f: impl FnOnce(&Self, P) -> Value,
    ) -> Result<Value, (ErrorCode, String)> {
        let p: P = serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))?;
        Ok(f(self, p))
    }

    /// The session, for the request handlers.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    #[must_use]
    pub fn encoding(&self) -> Encoding {
        self.enc
    }

    fn notification(&mut self, n: Notification) {
        match notify::handle(self, n) {
            Ok(()) => {}
            Err(why) => self.log(&why),
        }
    }

    /// Marks `path` changed since the last lint, remembering its facts before.
    fn touch(&mut self, path: &Path) {
        if !self.before.contains_key(path) {
            let facts = self
                .session
                .files
                .get(path)
                .map(|f| f.facts.clone())
                .unwrap_or_default();
            self.before.insert(path.to_path_buf(), facts);
        }
        self.dirty.insert(path.to_path_buf());
    }

    /// Lints what changed and publishes every file whose findings changed.
    fn flush(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let changed: Vec<PathBuf> = std::mem::take(&mut self.dirty).into_iter().collect();
        let before = std::mem::take(&mut self.before);
        for p in &changed {
            if let Some(f) = self.session.files.get_mut(p) {
                f.refresh_facts(p);
            }
        }
        let mut linted = self.session.relint(&changed, &before);
        linted.extend(changed);
        self.show_notices();
        self.publish(&linted);
    }

    /// Sends `publishDiagnostics` for each of `paths` whose findings or version
    /// changed; `[]` for files that became clean or are gone.
    fn publish(&mut self, paths: &[PathBuf]) {
        let unique: BTreeSet<&PathBuf> = paths.iter().collect();
        for p in unique {
            let Some(uri) = diagnostics::uri_of(p) else {
                continue;
            };
            let now: Published = match self.session.files.get(p) {
                Some(f) => (
                    f.version,
                    diagnostics::of_file(f, &self.session.files, self.enc),
                ),
                None => (None, Vec::new()),
            };
            let open_wirebook = self
                .session
                .files
                .get(p)
                .is_some_and(|f| f.version.is_some() && f.facts.is_wirebook());
            let send = match self.published.get(p) {
                Some(old) => *old != now,
                None => !now.1.is_empty() || open_wirebook,
            };
            if !send {
                continue;
            }
            let params = json!({"uri": uri, "version": now.0, "diagnostics": now.1});
            let _ = self.conn.sender.send(
                Notification::new("textDocument/publishDiagnostics".to_owned(), params).into(),
            );
            if now.1.is_empty() && now.0.is_none() {
                self.published.remove(p);
            } else {
                self.published.insert(p.clone(), now);
            }
        }
    }

    /// Asks the client to tell us about saved configurations and YAML files.
    fn register_watchers(&self) {
        let params = json!({"registrations": [{
            "id": "wirebook-watch",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [
                {"globPattern": "**/{wirebook,.wirebook}.toml"},
                {"globPattern": "**/*.{yaml,yml}"},
            ]},
        }]});
        let req = Request::new(
            RequestId::from("wirebook-watch".to_owned()),
            "client/registerCapability".to_owned(),
            params,
        );
        let _ = self.conn.sender.send(req.into());
    }

    fn show_notices(&self) {
        for message in self.session.take_notices() {
            let params = json!({"type": 1, "message": message});
            let _ = self
                .conn
                .sender
                .send(Notification::new("window/showMessage".to_owned(), params).into());
        }
    }

    /// A line in the client's log (`window/logMessage`).
    fn log(&self, message: &str) {
        let params = json!({"type": 3, "message": message});
        let _ = self
            .conn
            .sender
            .send(Notification::new("window/logMessage".to_owned(), params).into());
    }
}
