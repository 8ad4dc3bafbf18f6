//! The baseline (SPEC section 7): written, it makes the check clean; it survives
//! inserted lines and unrelated edits; a new gap fails on its own; a fixed gap is
//! counted; a pasted token is reported whatever the baseline says.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const TODAY: &str = "2026-11-20";

fn wirebook(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("wirebook").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS");
    c
}

fn json(dir: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let out = wirebook(dir)
        .args(["check", "--offline", "--today", TODAY, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

fn rules(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// A repository holding the two examples (one with 22 gaps) under `docs/`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for f in ["legacy-payroll.yaml", "shopify-orders.yaml"] {
        std::fs::copy(Path::new("examples/integrations").join(f), docs.join(f)).unwrap();
    }
    std::fs::create_dir_all(docs.join("img")).unwrap();
    std::fs::copy(
        "examples/integrations/img/shopify-webhooks.png",
        docs.join("img/shopify-webhooks.png"),
    )
    .unwrap();
    dir
}

#[test]
fn write_then_check_is_clean_and_the_file_is_sorted_json_without_text() {
    let dir = repo();
    let (code, before) = json(dir.path(), &["docs"]);
    assert_eq!(code, Some(1));
    let n = before["findings"].as_array().unwrap().len();
    assert!(n > 10);

    let out = wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "docs",
            "--write-baseline",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "writing a baseline is not a verdict"
    );
    let text = std::fs::read_to_string(dir.path().join(".wirebook-baseline.json")).unwrap();
    let b: Value = serde_json::from_str(&text).unwrap();
    let entries = b["entries"].as_array().unwrap();
    assert_eq!(entries.len(), n);
    let keys: Vec<(String, String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_owned();
            (s("file"), s("document"), s("rule"), s("pointer"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "entries are sorted");
    assert!(entries.iter().all(|e| e
        .as_object()
        .unwrap()
        .keys()
        .all(|k| ["file", "document", "rule", "pointer"].contains(&k.as_str()))));
    assert!(
        !text.contains("not answered") && !text.contains("PayrollPro"),
        "no message or value: {text}"
    );
    assert_eq!(entries[0]["file"], "docs/legacy-payroll.yaml");

    let (code, after) = json(
        dir.path(),
        &["--baseline", ".wirebook-baseline.json", "docs"],
    );
    assert_eq!(code, Some(0));
    assert!(rules(&after).is_empty(), "{after}");
    assert_eq!(after["summary"]["baselined"], n);
    assert_eq!(after["summary"]["fixed_since_baseline"], 0);
    // The same from inside docs/ and on one file: paths are relative to the baseline.
    let (code, one) = json(
        &dir.path().join("docs"),
        &[
            "--baseline",
            "../.wirebook-baseline.json",
            "legacy-payroll.yaml",
        ],
    );
    assert_eq!(code, Some(0), "{one}");
    assert_eq!(
        one["summary"]["fixed_since_baseline"], 0,
        "the other file's entries are not counted as fixed"
    );
}

#[test]
fn moved_lines_and_unrelated_edits_keep_matching_and_a_new_gap_fails_alone() {
    let dir = repo();
    wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--write-baseline",
            "base.json",
            "docs",
        ])
        .assert()
        .success();
    let file = dir.path().join("docs/legacy-payroll.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    // Lines inserted above every finding, and unrelated values edited.
    let edited = original
        .replacen(
            "metadata:\n",
            "# A comment added at the top\n\nmetadata:\n  x-team: payroll\n",
            1,
        )
        .replacen(
            "purpose: Monthly salary run",
            "purpose: Monthly salary run for every subsidiary",
            1,
        )
        .replace(
            "\n  validation:\n",
            "\n\n  # validation follows\n  validation:\n",
        );
    std::fs::write(&file, &edited).unwrap();
    let (code, v) = json(dir.path(), &["--baseline", "base.json", "docs"]);
    assert_eq!(code, Some(0), "{v}");
    assert!(rules(&v).is_empty(), "{v}");

    // A new gap: exactly that finding fails.
    std::fs::write(
        &file,
        edited.replacen(
            "sensitive_business_data: true",
            "sensitive_business_data: TODO",
            1,
        ),
    )
    .unwrap();
    let (code, v) = json(dir.path(), &["--baseline", "base.json", "docs"]);
    assert_eq!(code, Some(1));
    assert_eq!(rules(&v), ["WB401"]);
    assert!(v["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("sensitive_business_data"));

    // A gap fixed: counted, not reported.
    std::fs::write(
        &file,
        edited.replacen(
            "credential_storage: unknown",
            "credential_storage: 1Password, IT vault",
            1,
        ),
    )
    .unwrap();
    let (code, v) = json(dir.path(), &["--baseline", "base.json", "docs"]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["summary"]["fixed_since_baseline"], 1);
}

#[test]
fn a_pasted_token_is_never_baselined() {
    let dir = repo();
    let file = dir.path().join("docs/legacy-payroll.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("purpose: Uploads the payment file", "purpose: Uploads the payment file\n        stored_in: ghp_8xK2mQ9vL4nR7tY1wE5zA3bC6dF0gH2jK4mN", 1)).unwrap();
    let out = wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--write-baseline",
            "base.json",
            "docs",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("WB104 findings are never baselined"));
    let b = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(!b.contains("WB104"));
    let (code, v) = json(dir.path(), &["--baseline", "base.json", "docs"]);
    assert_eq!(code, Some(1));
    assert_eq!(rules(&v), ["WB104"]);
}

#[test]
fn the_config_names_the_baseline_and_bad_baselines_are_exit_2() {
    let dir = repo();
    std::fs::write(
        dir.path().join("wirebook.toml"),
        "[baseline]\nfile = \"ci/baseline.json\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("ci")).unwrap();
    // `--write-baseline` without a file writes the configured one.
    wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "docs",
            "--write-baseline",
        ])
        .assert()
        .success();
    assert!(dir.path().join("ci/baseline.json").is_file());
    let (code, v) = json(dir.path(), &["docs"]);
    assert_eq!(code, Some(0), "{v}");
    assert!(v["summary"]["baselined"].as_u64().unwrap() > 10);

    std::fs::write(dir.path().join("ci/baseline.json"), "{\"findings\": []}").unwrap();
    let out = wirebook(dir.path())
        .args(["check", "--offline", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("ci/baseline.json is not a wirebook baseline"));
    std::fs::remove_file(dir.path().join("ci/baseline.json")).unwrap();
    let out = wirebook(dir.path())
        .args(["check", "--offline", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--write-baseline"));
}

#[test]
fn human_output_says_what_is_hidden() {
    let dir = repo();
    wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--write-baseline",
            "base.json",
            "docs",
        ])
        .assert()
        .success();
    let out = wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--baseline",
            "base.json",
            "docs",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("All checks passed") && text.contains("in the baseline"),
        "{text}"
    );
}
