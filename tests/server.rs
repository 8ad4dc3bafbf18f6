//! `wirebook server` in process (SPEC section 9): the real server loop over an
//! in-memory connection. Diagnostics equal `check --offline --format json` on the
//! same text; ranges are exact in UTF-16 and UTF-8; quick fixes give what
//! `check --fix` writes; cross-document findings are republished for closed files;
//! configuration reloads on save; hover and completion answer from the rules and the
//! schema; bad requests get LSP errors.

#[path = "lsp_client/mod.rs"]
mod lsp_client;

use std::path::Path;

use assert_cmd::Command;
use lsp_client::{at, position, uri, Client, TODAY};
use serde_json::{json, Value};

fn example() -> String {
    std::fs::read_to_string("examples/integrations/shopify-orders.yaml")
        .unwrap()
        .replace(
            "img/shopify-webhooks.png",
            "https://wiki.acme.example/shopify.png",
        )
}

/// The example with a few gaps: an unanswered question, a misspelt key, a `yes`.
fn gappy() -> String {
    example()
        .replace("    contains_pii: true\n", "    contains_pii: yes\n")
        .replace(
            "      last_reviewed: 2026-10-02\n",
            "      last_reviwed: 2026-10-02\n",
        )
        .replace(
            "    purpose: Storefront; source of every customer order\n",
            "",
        )
}

fn cli_json(dir: &Path, file: &str) -> Value {
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .current_dir(dir)
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            TODAY,
            file,
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn codes(diags: &Value) -> Vec<String> {
    let mut v: Vec<String> = diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn open_change_close_match_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.yaml");
    let text = gappy();
    std::fs::write(&file, &text).unwrap();
    let expected = cli_json(dir.path(), "shop.yaml");
    let engine = wirebook::engine::check_texts(
        &[("shop.yaml".to_owned(), text.clone())],
        &wirebook::config::Config::default(),
        &wirebook::engine::Options {
            today: wirebook::interval::parse_date(TODAY).unwrap(),
            members: None,
        },
    );
    let mut c = Client::start(Some(dir.path()), &[]);
    assert_eq!(c.init["capabilities"]["positionEncoding"], "utf-16");
    let u = uri(&file);
    // Indexed at initialize: the closed file's findings arrive before it is opened.
    let first = c.diagnostics(&u);
    assert_eq!(first["version"], Value::Null);
    c.open(&u, &text, 1);
    let got = c.diagnostics_at(&u, 1);
    let diags = got["diagnostics"].as_array().unwrap();
    let findings = expected["findings"].as_array().unwrap();
    assert!(findings.len() >= 3, "{expected:#}");
    assert_eq!(diags.len(), findings.len(), "{got:#}\n{expected:#}");
    for ((d, f), e) in diags.iter().zip(findings).zip(&engine.diagnostics) {
        assert_eq!(d["code"], f["rule"]);
        assert_eq!(d["source"], "wirebook");
        let (line, col) = at(&d["range"]["start"]);
        assert_eq!(
            (line + 1, col + 1),
            (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())
        );
        assert_eq!(at(&d["range"]["end"]), position(&text, e.span.end, false));
        let sev = match f["severity"].as_str().unwrap() {
            "error" => 1,
            "warning" => 2,
            _ => 3,
        };
        assert_eq!(d["severity"], sev);
        assert!(d["message"]
            .as_str()
            .unwrap()
            .starts_with(f["message"].as_str().unwrap()));
    }
    // A burst of changes: linted at the last version, which is sent.
    let fixed = example();
    c.change_all(
        &u,
        &text.replace("contains_pii: yes", "contains_pii: maybe"),
        2,
    );
    c.change_all(&u, &fixed, 3);
    let clean = c.diagnostics_at(&u, 3);
    assert_eq!(clean["diagnostics"], json!([]), "{clean:#}");
    assert_eq!(cli_json_text(dir.path(), &fixed)["findings"], json!([]));
    // Closed: the disk copy (still gappy) is what the workspace holds again.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    let closed = c.diagnostics(&u);
    assert_eq!(closed["version"], Value::Null);
    assert_eq!(
        closed["diagnostics"].as_array().unwrap().len(),
        findings.len()
    );
    c.shutdown();
}

fn cli_json_text(dir: &Path, text: &str) -> Value {
    std::fs::write(dir.join("tmp-check.yml"), text).unwrap();
    let v = cli_json(dir, "tmp-check.yml");
    std::fs::remove_file(dir.join("tmp-check.yml")).unwrap();
    v
}

/// `tier: critcal` after `😀 café` on the same line, in both encodings; then an
/// incremental change whose range is given in the same encoding.
#[test]
fn ranges_are_exact_in_utf16_and_utf8() {
    let line = "metadata: {title: \"😀 café\", id: shopify-orders, tier: critcal}\n";
    let text = example().replacen(
        "metadata:\n  id: shopify-orders            # required; unique across the repo; [a-z0-9][a-z0-9-]*\n  title: Shopify order sync     # required\n  owners: [\"@alice\", \"@it-admins\"]\n  tier: critical                # critical | high | medium | low\n  tags: [ecommerce, finance]\n",
        line,
        1,
    );
    assert!(text.contains("critcal"));
    let start = text.find("critcal").unwrap();
    for (offered, utf8) in [(vec![], false), (vec!["utf-8", "utf-16"], true)] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("u.yaml");
        let mut c = Client::start(None, &offered);
        assert_eq!(
            c.init["capabilities"]["positionEncoding"],
            if utf8 { "utf-8" } else { "utf-16" }
        );
        let u = uri(&file);
        c.open(&u, &text, 1);
        let got = c.diagnostics_at(&u, 1);
        let d = got["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "WB002")
            .unwrap_or_else(|| panic!("{got:#}"))
            .clone();
        assert_eq!(at(&d["range"]["start"]), position(&text, start, utf8));
        assert_eq!(at(&d["range"]["end"]), position(&text, start + 7, utf8));
        let (l, ch) = position(&text, start, utf8);
        assert_eq!(
            ch,
            if utf8 { 58 } else { 55 },
            "the astral and accented characters count"
        );
        // Replace `critcal` by `critical` with a range in the negotiated encoding.
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{
                "range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch + 7}},
                "text": "critical"}]}),
        );
        let after = c.diagnostics_at(&u, 2);
        assert!(!codes(&after).contains(&"WB002".to_owned()), "{after:#}");
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
        assert_eq!(
            c.diagnostics(&u)["diagnostics"],
            json!([]),
            "not on disk: [] on close"
        );
        c.shutdown();
    }
}

fn apply(text: &str, edits: &[Value]) -> String {
    let mut t = text.to_owned();
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(at(&e["range"]["start"])));
    for e in edits {
        let off = |p: &Value| {
            let (line, ch) = at(p);
            let start: usize = t
                .split_inclusive('\n')
                .take(line as usize)
                .map(str::len)
                .sum();
            let l = &t[start..];
            let mut units = 0;
            for (i, c) in l.char_indices() {
                if units >= ch {
                    return start + i;
                }
                units += c.len_utf16() as u64;
            }
            t.len()
        };
        let (s, end) = (off(&e["range"]["start"]), off(&e["range"]["end"]));
        t.replace_range(s..end, e["newText"].as_str().unwrap());
    }
    t
}

#[test]
fn quick_fixes_and_fix_all_give_what_check_fix_writes() {
    let dir = tempfile::tempdir().unwrap();
    let text = gappy().replace(
        "    least_privilege: true\n",
        "    least_privilege: \"yes\"\n",
    );
    let file = dir.path().join("fix.yaml");
    let copy = dir.path().join("copy.yaml");
    std::fs::write(&copy, &text).unwrap();
    Command::cargo_bin("wirebook")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--offline", "--fix", "--today", TODAY, "copy.yaml"])
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&copy).unwrap();
    std::fs::remove_file(&copy).unwrap();
    assert_ne!(fixed, text);
    let mut c = Client::start(Some(dir.path()), &[]);
    let u = uri(&file);
    c.open(&u, &text, 1);
    c.diagnostics_at(&u, 1);
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}});
    let all = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": whole,
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.wirebook");
    let edits = all[0]["edit"]["changes"][&u].as_array().unwrap();
    assert_eq!(edits.len(), 1, "one edit, never overlapping");
    assert_eq!(apply(&text, edits), fixed);
    // Each quick fix on its own: safe ones preferred, each removes its finding.
    let quick = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": whole,
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let quick = quick.as_array().unwrap();
    assert!(quick.len() >= 3, "{quick:#?}");
    let mut preferred = 0;
    for a in quick {
        assert_eq!(a["kind"], "quickfix");
        let rule = a["diagnostics"][0]["code"].as_str().unwrap();
        let edits = a["edit"]["changes"][&u].as_array().unwrap();
        let result = apply(&text, edits);
        assert_ne!(result, text);
        if a["isPreferred"] == true {
            preferred += 1;
            assert!(
                fixed.lines().count() == result.lines().count(),
                "{rule}: a safe fix here edits in place"
            );
        }
    }
    assert_eq!(
        preferred, 3,
        "yes, \"yes\" and the misspelt key are safe: {quick:#?}"
    );
    c.shutdown();
}

fn doc_with_id(id: &str) -> String {
    example().replace("id: shopify-orders ", &format!("id: {id} "))
}

#[test]
fn a_duplicate_id_is_republished_to_both_files_and_removed_again() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::write(&a, doc_with_id("alpha")).unwrap();
    std::fs::write(&b, doc_with_id("beta")).unwrap();
    let mut c = Client::start(Some(dir.path()), &[]);
    let (ua, ub) = (uri(&a), uri(&b));
    c.open(&ub, &doc_with_id("beta"), 1);
    assert_eq!(c.diagnostics_at(&ub, 1)["diagnostics"], json!([]));
    c.change_all(&ub, &doc_with_id("alpha"), 2);
    let on_b = c.diagnostics_at(&ub, 2);
    let on_a = c.diagnostics(&ua);
    for (got, other) in [(&on_a, &ub), (&on_b, &ua)] {
        assert_eq!(codes(got), ["WB004"], "{got:#}");
        let rel = &got["diagnostics"][0]["relatedInformation"][0];
        assert_eq!(&rel["location"]["uri"], other);
        assert_eq!(
            at(&rel["location"]["range"]["start"]).0,
            4,
            "the other id's line"
        );
    }
    assert_eq!(on_a["version"], Value::Null, "a is closed");
    c.change_all(&ub, &doc_with_id("beta"), 3);
    assert_eq!(c.diagnostics_at(&ub, 3)["diagnostics"], json!([]));
    assert_eq!(
        c.diagnostics(&ua)["diagnostics"],
        json!([]),
        "a became clean"
    );
    c.shutdown();
}

#[test]
fn a_saved_config_is_applied_and_foreign_yaml_gets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.yaml");
    let pod = dir.path().join("pod.yaml");
    std::fs::write(&pod, "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n").unwrap();
    let text = gappy();
    let mut c = Client::start(Some(dir.path()), &[]);
    let (u, up) = (uri(&file), uri(&pod));
    c.open(&up, "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n", 1);
    c.open(&u, &text, 1);
    assert!(codes(&c.diagnostics_at(&u, 1)).contains(&"WB101".to_owned()));
    let toml = dir.path().join("wirebook.toml");
    std::fs::write(&toml, "[rules]\nWB101 = \"off\"\nWB002 = \"warning\"\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&toml)}}),
    );
    let after = c.diagnostics_at(&u, 1);
    assert!(!codes(&after).contains(&"WB101".to_owned()), "{after:#}");
    let wb002 = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "WB002")
        .unwrap();
    assert_eq!(wb002["severity"], 2);
    let rest = c.drain();
    let foreign = rest.iter().any(|n| n.params["uri"] == up);
    assert!(!foreign, "a Kubernetes file gets no diagnostics");
    // A change the editor's file watcher reports works the same way.
    std::fs::write(&toml, "[rules]\nWB002 = \"info\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&toml), "type": 2}]}),
    );
    let watched = c.diagnostics_at(&u, 1);
    assert!(
        codes(&watched).contains(&"WB101".to_owned()),
        "WB101 is back: {watched:#}"
    );
    let wb002 = watched["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "WB002")
        .unwrap();
    assert_eq!(wb002["severity"], 3);
    // A broken config is said, and the defaults apply meanwhile.
    std::fs::write(&toml, "[rules]\nWB999 = \"off\"\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&toml)}}),
    );
    let msg = c.wait_for("window/showMessage", |_| true);
    assert!(
        msg["message"].as_str().unwrap().contains("WB999"),
        "{msg:#}"
    );
    c.shutdown();
}

#[test]
fn hover_and_completion_answer_from_the_rules_and_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("h.yaml");
    let text = gappy().replace(
        "    credential_storage: HashiCorp Vault, kv/integrations/shopify\n",
        "    credential_storage: ghp_Zq7Rw2Lx9Vb4Nc6Md1Kf8Hj3Gt5Ys0Pa2Ue4\n",
    );
    let mut c = Client::start(None, &[]);
    let u = uri(&file);
    c.open(&u, &text, 1);
    c.diagnostics_at(&u, 1);
    let pos = |needle: &str, plus: usize| {
        let (line, character) = position(&text, text.find(needle).unwrap() + plus, false);
        json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}})
    };
    let h = c.request("textDocument/hover", pos("contains_pii", 2));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.contains("Is any of it PII?"), "{v}");
    let h = c.request("textDocument/hover", pos("contains_pii: yes", 15));
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(
        v.contains("WB002") && v.contains("## What it does"),
        "the finding's rule: {v}"
    );
    let h = c.request("textDocument/hover", pos("tier:", 1));
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("one of critical, high, medium, low"));
    let h = c.request("textDocument/hover", pos("ghp_", 3));
    let shown = h.to_string();
    assert!(
        !shown.contains("Rw2Lx9Vb4Nc6"),
        "a secret is never echoed: {shown}"
    );
    assert!(shown.contains("WB104"), "{shown}");
    // Keys of `spec.security` not written yet, with the question as detail.
    let typed: String = text
        .split_inclusive('\n')
        .map(|l| {
            if l.starts_with("    auth_method:") {
                "    \n"
            } else {
                l
            }
        })
        .collect();
    c.change_all(&u, &typed, 2);
    let (line, _) = position(
        &typed,
        typed.find("    \n    credential_storage").unwrap(),
        false,
    );
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": line, "character": 4}}),
    );
    let items = items["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"auth_method"), "{labels:?}");
    assert!(
        !labels.contains(&"contains_pii"),
        "already written: {labels:?}"
    );
    let auth = items.iter().find(|i| i["label"] == "auth_method").unwrap();
    assert_eq!(
        auth["detail"],
        "Does this integration use OAuth or API keys?"
    );
    let tier = typed.replace("  tier: critical ", "  tier: cr ");
    c.change_all(&u, &tier, 3);
    let off = tier.find("tier: cr").unwrap() + "tier: cr".len();
    let (line, character) = position(&tier, off, false);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}}),
    );
    let labels: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["critical", "high", "medium", "low"]);
    assert_eq!(
        at(&items["items"][0]["textEdit"]["range"]["start"]),
        (line, character - 2)
    );
    c.shutdown();
}

#[test]
fn bad_requests_get_lsp_errors_and_the_server_keeps_going() {
    let mut c = Client::start(None, &[]);
    let err = c
        .request_raw("textDocument/hover", json!({"nope": 1}))
        .unwrap_err();
    assert_eq!(err["code"], -32602, "{err}");
    let err = c
        .request_raw("textDocument/definition", json!({}))
        .unwrap_err();
    assert_eq!(err["code"], -32601);
    // A change to a document never opened is logged, not fatal.
    c.change_all("file:///nowhere/x.yaml", "a: 1", 2);
    let log = c.wait_for("window/logMessage", |_| true);
    assert!(log["message"].as_str().unwrap().contains("not open"));
    let nothing = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/x.yaml"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(nothing, Value::Null);
    c.shutdown();
}

/// The binary over stdio: a clean shutdown exits 0; a malformed message or an exit
/// without shutdown ends it with 2 and a reason, never a hang.
#[test]
fn the_binary_exits_cleanly_and_on_broken_input() {
    use std::io::Write;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let frame = |v: Value| {
        let body = v.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    let init = frame(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                            "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    let shutdown = frame(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    let exit = frame(json!({"jsonrpc": "2.0", "method": "exit"}));
    let cases = [
        (format!("{init}{shutdown}{exit}"), 0, ""),
        (format!("{init}{exit}"), 2, "exit before shutdown"),
        (
            format!("{init}Content-Length: 5\r\n\r\n{{nope"),
            2,
            "malformed",
        ),
    ];
    for (input, code, says) in cases {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wirebook"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // stdin stays open: the server must end on its own.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        stdin.flush().unwrap();
        let until = Instant::now() + Duration::from_secs(30);
        while child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < until, "the server hung on {input:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
        let out = child.wait_with_output().unwrap();
        drop(stdin);
        assert_eq!(out.status.code(), Some(code), "{input:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("\"positionEncoding\":\"utf-16\""),
            "{stdout}"
        );
    }
}
