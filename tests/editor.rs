//! The schema in the JavaScript tools editors run (SPEC section 9): ajv (draft 2020-12,
//! strict) compiles `schema/integration.schema.json` and gives wirebook's WB002 verdict on
//! every fixture; JavaScript's `RegExp` reads each pattern as jsonschema does; and
//! yaml-language-server, driven over LSP, says nothing about complete documents and
//! reports a schema error where wirebook reports a WB002.
//!
//! These need Node and `npm install` in tests/editor (see docs/editor.md). Without them
//! they are skipped with a note, unless `CI=true`, where they fail.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::{json, Value};

const SCHEMA: &str = "schema/integration.schema.json";
const EXAMPLE: &str = "examples/integrations/shopify-orders.yaml";

// ---- tools ----------------------------------------------------------------

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// tests/editor with its node modules, or why the checks cannot run.
fn editor_tools() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editor");
    for module in ["ajv", "ajv-formats", "yaml", "yaml-language-server"] {
        if !dir.join("node_modules").join(module).is_dir() {
            return Err(format!(
                "tests/editor/node_modules/{module} missing (cd tests/editor && npm install)"
            ));
        }
    }
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => Ok(dir),
        _ => Err("node not found".into()),
    }
}

/// Skips with a note outside CI; fails in CI.
fn need_node() -> Option<PathBuf> {
    match editor_tools() {
        Ok(dir) => Some(dir),
        Err(why) if in_ci() => panic!("CI=true but the editor test cannot run: {why}"),
        Err(why) => {
            eprintln!("note: skipping the editor test: {why}");
            None
        }
    }
}

/// Runs `node SCRIPT ARGS` with a deadline; stdout parsed as JSON. Both pipes are drained
/// while it runs, so a large answer cannot stall it; on failure, stderr is shown.
fn node_json(script: &Path, args: &[&str], limit: Duration) -> Value {
    let mut child = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn node");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "node {} took longer than {limit:?}; stderr:\n{}",
                script.display(),
                stderr.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (stdout.join().unwrap(), stderr.join().unwrap());
    assert!(
        status.success(),
        "node {} failed ({status}):\n{err}",
        script.display()
    );
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}\n{err}"))
}

/// `wirebook check --offline --format json` on these files: (file, line, column) of each WB002.
fn wb002(files: &[String]) -> BTreeSet<(String, u64, u64)> {
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .args([
            "--today",
            "2026-11-20",
            "check",
            "--offline",
            "--format",
            "json",
        ])
        .args(files)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "WB002")
        .map(|f| {
            let file = f["file"].as_str().unwrap().to_owned();
            (
                file,
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

// ---- documents ------------------------------------------------------------

/// Documents made from the complete example by edits: (name, [(from, to)]). An edit with
/// `from` equal to `to` empties the block of that key instead.
const EDITS: &[(&str, &[(&str, &str)])] = &[
    (
        "placeholders",
        &[
            ("contains_pii: true", "contains_pii: TODO"),
            ("auth_method: oauth", "auth_method: tbd"),
        ],
    ),
    (
        "question-mark",
        &[("least_privilege: true", "least_privilege: \"?\"")],
    ),
    (
        "unknown-interval",
        &[("interval: 3 months", "interval: Unknown")],
    ),
    ("n-a", &[("reviewed_by: \"@bob\"", "reviewed_by: N/A")]),
    (
        "upper-interval",
        &[("interval: 3 months", "interval: 3 MONTHS")],
    ),
    (
        "leap-day",
        &[("rotated_on: 2026-09-01", "rotated_on: 2024-02-29")],
    ),
    (
        "x-key",
        &[(
            "  tags: [ecommerce, finance]",
            "  tags: [ecommerce, finance]\n  x-team: ops",
        )],
    ),
    (
        "empty-encryption",
        &[(
            "    encryption: {in_transit: true, at_rest: true}",
            "    encryption:",
        )],
    ),
    ("empty-security", &[("  security:", "  security:")]),
    ("empty-validation", &[("  validation:", "  validation:")]),
    (
        "empty-access",
        &[
            ("    access:", "    access:"),
            ("      access:", "      access:"),
        ],
    ),
    (
        "empty-review-contacts",
        &[
            ("    review:", "    review:"),
            ("    contacts:", "    contacts:"),
        ],
    ),
    (
        "empty-compliance",
        &[("    compliance:", "    compliance:")],
    ),
    (
        "empty-check",
        &[(
            "      new_member_login: {result: pass, checked_on: 2026-10-02, by: \"@bob\"}",
            "      new_member_login:",
        )],
    ),
    // Bad ones: wirebook reports a WB002 for each.
    (
        "bad",
        &[
            ("tier: critical", "tier: critcal"),
            ("last_reviewed:", "last_reviwed:"),
        ],
    ),
    ("yes", &[("contains_pii: true", "contains_pii: yes")]),
    (
        "quoted-true",
        &[("contains_pii: true", "contains_pii: \"true\"")],
    ),
    (
        "not-a-day",
        &[("rotated_on: 2026-09-01", "rotated_on: 2026-02-30")],
    ),
    (
        "not-a-leap-day",
        &[("rotated_on: 2026-09-01", "rotated_on: 2100-02-29")],
    ),
    (
        "text-date",
        &[("rotated_on: 2026-09-01", "rotated_on: 1 September 2026")],
    ),
    (
        "bob",
        &[(
            "owners: [\"@alice\", \"@it-admins\"]",
            "owners: [\"@alice\", bob]",
        )],
    ),
    (
        "fortnights",
        &[("interval: 3 months", "interval: 3 fortnights")],
    ),
    (
        "http-less",
        &[(
            "login_url: https://admin.shopify.com/store/acme",
            "login_url: admin.shopify.com",
        )],
    ),
    (
        "encryption-yes",
        &[(
            "    encryption: {in_transit: true, at_rest: true}",
            "    encryption: yes",
        )],
    ),
    (
        "frameworks-text",
        &[("frameworks: [GDPR, PCI-DSS]", "frameworks: GDPR")],
    ),
    (
        "no-title",
        &[("  title: Shopify order sync     # required\n", "")],
    ),
    ("empty-primary", &[("  primary:", "  primary:")]),
];

/// `text` with one edit of [`EDITS`].
fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the example");
    if from != to {
        return text.replacen(from, to, 1);
    }
    let indent = from.len() - from.trim_start().len();
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    let mut done = false;
    while let Some(line) = lines.next() {
        if done || !line.starts_with(from) {
            out.push(line);
            continue;
        }
        out.push(from);
        while lines
            .peek()
            .is_some_and(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent)
        {
            lines.next();
        }
        done = true;
    }
    out.join("\n") + "\n"
}

/// Writes the edited documents (first line: the modeline with the schema's file URL).
fn write_documents(dir: &Path) -> Vec<(String, String)> {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    let modeline = format!(
        "# yaml-language-server: $schema=file://{}",
        schema.display()
    );
    let example = std::fs::read_to_string(EXAMPLE).unwrap();
    let body = example.split_once('\n').unwrap().1;
    std::fs::create_dir_all(dir).unwrap();
    EDITS
        .iter()
        .map(|(name, edits)| {
            let text = edits
                .iter()
                .fold(body.to_owned(), |t, (from, to)| edited(&t, from, to));
            assert_ne!(text, body, "{name} changed nothing");
            let path = dir.join(format!("{name}.yaml"));
            std::fs::write(&path, format!("{modeline}\n{text}")).unwrap();
            ((*name).to_owned(), path.display().to_string())
        })
        .collect()
}

fn tmp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn yaml_files(dir: &str) -> Vec<String> {
    let mut out: Vec<String> = walk(Path::new(dir))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .map(|p| p.display().to_string())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

// ---- ajv ------------------------------------------------------------------

#[test]
fn ajv_compiles_the_schema_and_agrees_with_wb002_on_every_document() {
    let Some(dir) = need_node() else {
        return;
    };
    let mut files = yaml_files("examples/integrations");
    files.extend(yaml_files("tests/fixtures"));
    files.extend(yaml_files("tests/report_fixtures"));
    files.extend(
        write_documents(&tmp("editor-ajv"))
            .into_iter()
            .map(|(_, p)| p),
    );
    let mut args = vec![SCHEMA];
    args.extend(files.iter().map(String::as_str));
    let v = node_json(&dir.join("ajv.mjs"), &args, Duration::from_secs(120));
    eprintln!("ajv {}", v["ajv"]);
    let wb = wb002(&files);

    let docs = v["documents"].as_array().unwrap();
    let (mut compared, mut valid, mut skipped) = (0, 0, Vec::new());
    let mut disagree = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let file = doc["file"].as_str().unwrap();
        if !doc["yamlErrors"].as_array().unwrap().is_empty() || doc["wirebook"] != true {
            skipped.push(format!("{file}:{}", doc["line"]));
            continue;
        }
        let from = doc["line"].as_u64().unwrap();
        let until = docs
            .get(i + 1)
            .filter(|next| next["file"] == file)
            .map_or(u64::MAX, |next| next["line"].as_u64().unwrap());
        let lines: Vec<u64> = wb
            .iter()
            .filter(|(f, line, _)| f == file && (from..until).contains(line))
            .map(|(_, line, _)| *line)
            .collect();
        let ajv_valid = doc["valid"] == true;
        compared += 1;
        valid += usize::from(ajv_valid);
        if ajv_valid != lines.is_empty() {
            disagree.push(format!(
                "{file}:{from}: ajv {} {}, wirebook WB002 at lines {lines:?}",
                if ajv_valid { "valid" } else { "invalid:" },
                doc["errors"]
            ));
        }
    }
    eprintln!("{compared} documents compared ({valid} valid); skipped (YAML errors or not wirebook): {skipped:?}");
    assert!(
        disagree.is_empty(),
        "ajv and wirebook disagree:\n{}",
        disagree.join("\n")
    );
    assert!(
        compared >= 60 && valid >= 20 && compared - valid >= 10,
        "{compared} / {valid}"
    );
}

// ---- JavaScript's RegExp ----------------------------------------------------

fn schema_patterns(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("pattern", Value::String(p)) => out.push(p.clone()),
                    ("patternProperties", Value::Object(props)) => {
                        out.extend(props.keys().cloned())
                    }
                    _ => {}
                }
                schema_patterns(value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| schema_patterns(i, out)),
        _ => {}
    }
}

#[test]
fn javascript_reads_every_pattern_as_jsonschema_does() {
    let Some(dir) = need_node() else {
        return;
    };
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    let mut patterns = Vec::new();
    schema_patterns(&schema, &mut patterns);
    patterns.sort();
    patterns.dedup();
    let mut samples: Vec<String> = [
        "",
        " ",
        "TODO",
        " todo ",
        "Tbd",
        "UNKNOWN",
        "un\u{212a}nown",
        "?",
        "-",
        "--",
        "to do",
        "@alice",
        "@it-admins",
        "@org/team.x",
        "@-a",
        "a@b.c",
        "a@b",
        "n/a",
        "N/A",
        "na",
        "3 months",
        "1 day",
        " 2 weeks ",
        "2 wee\u{212a}s",
        "3 month\u{17f}",
        "3 MONTHS",
        "0 days",
        "3\u{a0}months",
        "3\u{85}months",
        "3\u{feff}months",
        "3\u{2028}months",
        "2026-10-02",
        "2024-02-29",
        "2100-02-29",
        "2000-02-29",
        "2026-02-30",
        "2026-04-31",
        "2026-13-01",
        "2026-1-02",
        "٢٠٢٦-10-02",
        "2026-10-02\n",
        "https://example.com/a b",
        "https://x",
        "HTTP://X/y",
        "http:///x",
        "ftp://x",
        "shopify-orders",
        "Shopify",
        "-a",
        "x-team",
        "x_team",
        "😀",
        "@😀",
        "a😀@b.c",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // Each sample once more with a non-ASCII space in front and behind.
    let spaced: Vec<String> = samples
        .iter()
        .map(|s| format!("\u{3000}{s}\u{a0}"))
        .collect();
    samples.extend(spaced);

    let cases = tmp("editor-regexp.json");
    std::fs::write(
        &cases,
        json!({"patterns": patterns, "samples": samples}).to_string(),
    )
    .unwrap();
    let v = node_json(
        &dir.join("regexp.mjs"),
        &[cases.to_str().unwrap()],
        Duration::from_secs(60),
    );
    eprintln!("node {}", v["node"]);
    let mut differ = Vec::new();
    let mut matches = 0;
    for (p, js) in patterns.iter().zip(v["results"].as_array().unwrap()) {
        let rust = jsonschema::draft202012::new(&json!({"type": "string", "pattern": p})).unwrap();
        for (s, js) in samples.iter().zip(js.as_array().unwrap()) {
            let ours = rust.is_valid(&json!(s));
            matches += usize::from(ours);
            if js.as_bool() != Some(ours) {
                differ.push(format!("{p}: {s:?}: jsonschema {ours}, JavaScript {js}"));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(matches > 50, "only {matches} matches");
}

// ---- yaml-language-server ------------------------------------------------------

/// (line, column), 1-based, of each diagnostic yaml-language-server published for `file`.
fn positions(diagnostics: &Value) -> BTreeSet<(u64, u64)> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap() + 1,
                start["character"].as_u64().unwrap() + 1,
            )
        })
        .collect()
}

#[test]
fn yaml_language_server_is_silent_on_complete_documents_and_reports_bad_ones() {
    let Some(dir) = need_node() else {
        return;
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let docs = write_documents(&tmp("editor-lsp"));
    // The example itself, with its relative modeline, as a user opens it.
    let example = Path::new(root).join(EXAMPLE).display().to_string();
    let legacy = Path::new(root)
        .join("examples/integrations/legacy-payroll.yaml")
        .display()
        .to_string();
    let mut files = vec![example.clone(), legacy.clone()];
    files.extend(docs.iter().map(|(_, p)| p.clone()));
    let mut args = vec![root];
    args.extend(files.iter().map(String::as_str));
    let v = node_json(&dir.join("lsp.mjs"), &args, Duration::from_secs(120));
    eprintln!("{}", v["server"]);
    let published = &v["diagnostics"];
    let wb = wb002(&files);
    let wb_at = |file: &str| -> BTreeSet<(u64, u64)> {
        wb.iter()
            .filter(|(f, ..)| f == file)
            .map(|(_, l, c)| (*l, *c))
            .collect()
    };

    // Complete documents: nothing at all, as wirebook reports no WB002.
    for file in [&example, &legacy] {
        assert_eq!(published[file], json!([]), "{file}");
        assert!(wb_at(file).is_empty());
    }
    // Every document: a schema error exactly where wirebook reports a WB002.
    let mut disagree = Vec::new();
    for (name, file) in &docs {
        let ls = &published[file];
        let ours = wb_at(file);
        if ls.as_array().unwrap().is_empty() != ours.is_empty() {
            disagree.push(format!(
                "{name}: wirebook WB002 at {ours:?}, yaml-language-server: {ls}"
            ));
        }
    }
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));

    let file = |name: &str| &docs.iter().find(|(n, _)| n == name).unwrap().1;
    // The bad document: the enum value and the misspelt key, where wirebook points.
    let bad = &published[file("bad")];
    let text = std::fs::read_to_string(file("bad")).unwrap();
    let at = |needle: &str| {
        let (n, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        (n as u64 + 1, line.find(needle).unwrap() as u64 + 1)
    };
    let (tier, key) = (at("critcal"), at("last_reviwed"));
    assert_eq!(positions(bad), BTreeSet::from([tier, key]), "{bad:#}");
    assert_eq!(wb_at(file("bad")), BTreeSet::from([tier, key]));
    let messages: Vec<&str> = bad
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("\"critical\"")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("last_reviwed")),
        "{messages:?}"
    );
    for d in bad.as_array().unwrap() {
        assert!(
            d["source"].as_str().unwrap().starts_with("yaml-schema"),
            "{d}"
        );
    }
    // A quoted "true" in a yes/no answer: the exact message VS Code's YAML extension ties
    // its "Convert to boolean" quick fix to (the placeholder alternative comes first in
    // `unanswered`, so its type does not join the message).
    let quoted = &published[file("quoted-true")];
    assert_eq!(
        quoted[0]["message"], "Incorrect type. Expected \"boolean\".",
        "{quoted:#}"
    );
    assert_eq!(
        quoted[0]["actions"],
        json!(["Convert to boolean"]),
        "{quoted:#}"
    );
    for name in ["bad", "yes", "not-a-day", "bob"] {
        assert_eq!(
            positions(&published[file(name)]),
            wb_at(file(name)),
            "{name}"
        );
    }
}
