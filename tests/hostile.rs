//! Hostile input through the real binary: each case ends well within [`LIMIT`] with a
//! WB001 finding that has a line (or, for an empty file, a clean skip), exit code 0
//! or 1, and never a panic. The inputs are generated into a temporary directory. Below
//! them, raw bytes through `engine::check_bytes` (the fuzz target's entry), and the
//! inputs the fuzzer found, each kept as a regression test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(10);
const HEADER: &str = "apiVersion: wirebook.dev/v1\nkind: Integration\n";

struct Outcome {
    code: i32,
    json: Value,
    stderr: String,
}

fn check(path: &Path) -> Outcome {
    let start = Instant::now();
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .args(["check", "--offline", "-v", "--format", "json"])
        .arg(path)
        .env_remove("GITHUB_ACTIONS")
        .timeout(LIMIT)
        .output()
        .expect("wirebook runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("{}: killed (timeout or signal): {stderr}", path.display()));
    assert!(
        start.elapsed() < LIMIT,
        "{}: took {:?}",
        path.display(),
        start.elapsed()
    );
    assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
    assert!(
        code == 0 || code == 1,
        "{}: exit {code}: {stderr}",
        path.display()
    );
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: output is not JSON ({e}): {stderr}", path.display()));
    Outcome { code, json, stderr }
}

/// Asserts one WB001 finding with a line, whose message contains `needle`; returns its line.
fn assert_wb001(path: &Path, needle: &str) -> u64 {
    let out = check(path);
    let findings = out.json["findings"].as_array().unwrap();
    let wb001: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "WB001").collect();
    assert_eq!(wb001.len(), 1, "{}: {findings:#?}", path.display());
    let message = wb001[0]["message"].as_str().unwrap();
    assert!(message.contains(needle), "{}: {message}", path.display());
    assert_eq!(out.code, 1, "{}", path.display());
    let line = wb001[0]["line"].as_u64().unwrap();
    assert!(line >= 1, "{}", path.display());
    line
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn billion_laughs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!(
        "{HEADER}x-bomb:\n  a0: &a0 [{}]\n",
        ["\"lol\""; 10].join(",")
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        text.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    let path = write(&dir, "laughs.yaml", text);
    let line = assert_wb001(&path, "alias");
    assert!((4..=13).contains(&line), "reported at line {line}");
}

#[test]
fn deep_block_nesting_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let nested = "- ".repeat(50_000);
    let inside = write(&dir, "deep.yaml", format!("{HEADER}x-deep:\n  {nested}x\n"));
    assert_eq!(assert_wb001(&inside, "nesting"), 4);
    let root = write(&dir, "deep-root.yaml", format!("{nested}x\n"));
    assert_eq!(assert_wb001(&root, "nesting"), 1);
}

#[test]
fn deep_flow_nesting_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let open = "[".repeat(50_000);
    let close = "]".repeat(50_000);
    let closed = write(
        &dir,
        "flow.yaml",
        format!("{HEADER}x-deep: {open}{close}\n"),
    );
    assert!(assert_wb001(&closed, "") >= 3);
    let unclosed = write(&dir, "flow-root.yaml", format!("{open}\n"));
    assert_wb001(&unclosed, "");
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    let path = write(&dir, "program.yaml", bytes);
    assert_eq!(assert_wb001(&path, "binary"), 1);
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = format!("{HEADER}metadata:\n  id: caf").into_bytes();
    bytes.extend([0xC3, b'\n']);
    let path = write(&dir, "latin1.yaml", bytes);
    assert_eq!(assert_wb001(&path, "UTF-8"), 4);
}

#[test]
fn empty_file_is_skipped_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "empty.yaml", "");
    let out = check(&path);
    assert_eq!(out.code, 0);
    assert_eq!(out.json["findings"].as_array().unwrap().len(), 0);
    assert!(
        out.stderr.contains("skipped") && out.stderr.contains("empty"),
        "{}",
        out.stderr
    );
}

#[test]
fn fifty_megabyte_document_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::with_capacity(51 << 20);
    text.push_str(HEADER);
    text.push_str("x-padding:\n");
    let mut i = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "  key{i}: some padding text to make the document big\n"
        ));
        i += 1;
    }
    let path = write(&dir, "huge.yaml", text);
    assert_eq!(assert_wb001(&path, "MiB"), 1);
}

/// The fuzz target's entry: raw bytes get the refusals files on disk get.
fn bytes_wb001(bytes: Vec<u8>) -> Vec<(String, usize, usize)> {
    let options = wirebook::engine::Options {
        today: wirebook::interval::parse_date("2026-11-29").unwrap(),
        members: None,
    };
    let files = [("mem.yaml".to_owned(), bytes)];
    wirebook::engine::check_bytes(&files, &wirebook::config::Config::default(), &options)
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == "WB001")
        .map(|d| (d.message, d.span.line, d.span.column))
        .collect()
}

#[test]
fn raw_bytes_are_refused_like_files() {
    let nul = bytes_wb001(format!("{HEADER}a: b\rc\0").into_bytes());
    assert_eq!(nul.len(), 1, "{nul:?}");
    assert!(nul[0].0.contains("NUL"), "{nul:?}");
    assert_eq!(
        (nul[0].1, nul[0].2),
        (4, 2),
        "lone CR counts as a line break"
    );
    let mut latin1 = format!("{HEADER}a: caf").into_bytes();
    latin1.push(0xE9);
    let bad = bytes_wb001(latin1);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].0.contains("UTF-8"), "{bad:?}");
    assert_eq!((bad[0].1, bad[0].2), (3, 7));
    let big = bytes_wb001(vec![b'#'; 10 * 1024 * 1024 + 1]);
    assert!(big.len() == 1 && big[0].0.contains("MiB"), "{big:?}");
    assert!(bytes_wb001(format!("{HEADER}a: b\n").into_bytes()).is_empty());
}
