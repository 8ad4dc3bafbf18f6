//! A small LSP client for the in-process server tests: the real server loop runs on a
//! thread over `Connection::memory()`; every wait has a deadline.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::Path;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use wirebook::server::{serve, Settings};

pub const TODAY: &str = "2026-11-20";
/// Debug builds lint slowly on a busy machine; a hang still fails.
const DEADLINE: Duration = Duration::from_secs(60);

pub struct Client {
    conn: Connection,
    thread: Option<JoinHandle<Result<(), String>>>,
    next: i32,
    /// Notifications received while waiting for something else.
    pending: VecDeque<Notification>,
    pub init: Value,
}

pub fn uri(path: &Path) -> String {
    url::Url::from_file_path(std::fs::canonicalize(path).unwrap_or(path.to_path_buf()))
        .unwrap()
        .to_string()
}

pub fn settings() -> Settings {
    Settings {
        today: wirebook::interval::parse_date(TODAY),
        ..Settings::default()
    }
}

impl Client {
    /// Starts a server on `root` (none: no workspace folder) offering `encodings`.
    pub fn start(root: Option<&Path>, encodings: &[&str]) -> Self {
        Self::start_with(root, encodings, settings())
    }

    pub fn start_with(root: Option<&Path>, encodings: &[&str], settings: Settings) -> Self {
        let (server, conn) = Connection::memory();
        let thread = std::thread::spawn(move || serve(&server, settings));
        let mut c = Self {
            conn,
            thread: Some(thread),
            next: 1,
            pending: VecDeque::new(),
            init: Value::Null,
        };
        let mut caps = json!({});
        if !encodings.is_empty() {
            caps = json!({"general": {"positionEncodings": encodings}});
        }
        let folders = root.map(|r| json!([{"uri": uri(r), "name": "ws"}]));
        c.init = c.request(
            "initialize",
            json!({"processId": null, "rootUri": root.map(uri), "capabilities": caps,
                   "workspaceFolders": folders}),
        );
        c.notify("initialized", json!({}));
        c
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.to_owned(), params).into())
            .unwrap();
    }

    fn recv(&self, until: Instant) -> Message {
        let left = until.saturating_duration_since(Instant::now());
        self.conn
            .receiver
            .recv_timeout(left)
            .expect("the server answered in time")
    }

    /// Sends a request and waits for its answer: the result, or the error object.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = RequestId::from(self.next);
        self.next += 1;
        let req = Request::new(id.clone(), method.to_owned(), params);
        self.conn.sender.send(req.into()).unwrap();
        let until = Instant::now() + DEADLINE;
        loop {
            match self.recv(until) {
                Message::Response(r) if r.id == id => {
                    return r
                        .response_result
                        .map_err(|e| json!({"code": e.code, "message": e.message}))
                }
                Message::Notification(n) => self.pending.push_back(n),
                _ => {}
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_raw(method, params).expect("a result")
    }

    /// The next notification `method` matching `pred`. Others are kept for later
    /// waits, except earlier ones of the same method and URI (superseded).
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let until = Instant::now() + DEADLINE;
        loop {
            if let Some(i) = self
                .pending
                .iter()
                .position(|n| n.method == method && pred(&n.params))
            {
                let n = self.pending.remove(i).unwrap();
                let mut j = 0;
                self.pending.retain(|m| {
                    j += 1;
                    !(j <= i && m.method == n.method && m.params["uri"] == n.params["uri"])
                });
                return n.params;
            }
            if let Message::Notification(n) = self.recv(until) {
                self.pending.push_back(n);
            }
        }
    }

    /// The next `publishDiagnostics` for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        self.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri)
    }

    /// The next `publishDiagnostics` for `uri` at `version`.
    pub fn diagnostics_at(&mut self, uri: &str, version: i64) -> Value {
        self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        })
    }

    /// Every notification received so far without waiting (after a round trip, so
    /// everything the server sent before answering is here).
    pub fn drain(&mut self) -> Vec<Notification> {
        let _ = self.request_raw("wirebook/ping", json!(null));
        let mut out: Vec<Notification> = self.pending.drain(..).collect();
        while let Ok(m) = self.conn.receiver.try_recv() {
            if let Message::Notification(n) = m {
                out.push(n);
            }
        }
        out
    }

    pub fn open(&self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}}),
        );
    }

    pub fn change_all(&self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts the server down properly and checks it ended without an error.
    pub fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", json!(null)), Value::Null);
        self.notify("exit", json!(null));
        let result = self.thread.take().unwrap().join().expect("no panic");
        assert_eq!(result, Ok(()));
    }
}

/// The LSP position of byte `offset` in `text`, computed independently of the server:
/// characters counted in UTF-16 units or bytes.
pub fn position(text: &str, offset: usize, utf8: bool) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let within = &text[start..offset];
    let character = if utf8 {
        within.len()
    } else {
        within.encode_utf16().count()
    };
    (line, character as u64)
}

pub fn at(p: &Value) -> (u64, u64) {
    (
        p["line"].as_u64().unwrap(),
        p["character"].as_u64().unwrap(),
    )
}
