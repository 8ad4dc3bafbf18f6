//! A key left empty where a mapping of questions belongs (`encryption:` with nothing
//! after it) is unanswered questions, one finding each at the key, not a WB002
//! (SPEC section 2: "unanswered" includes `null`).

use assert_cmd::Command;
use serde_json::Value;

const EXAMPLE: &str = "examples/integrations/shopify-orders.yaml";

/// (rule, message, line, column) of each finding of `check --offline` on `text`, in a
/// folder with the example's screenshot.
fn findings(text: &str) -> Vec<(String, String, u64, u64)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("img")).unwrap();
    std::fs::copy(
        "examples/integrations/img/shopify-webhooks.png",
        dir.path().join("img/shopify-webhooks.png"),
    )
    .unwrap();
    let file = dir.path().join("doc.yaml");
    std::fs::write(&file, text).unwrap();
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
        .arg(&file)
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut f: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    f.sort();
    f
}

/// The example with the block under `key` (a line starting with exactly `key`) replaced by
/// `key` followed by `value`; returns the text and the key's (line, column).
fn emptied(key: &str, value: &str) -> (String, (u64, u64)) {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let indent = key.len() - key.trim_start().len();
    let mut out = Vec::new();
    let mut at = None;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if at.is_some() || !line.starts_with(key) {
            out.push(line.to_owned());
            continue;
        }
        at = Some((out.len() as u64 + 1, indent as u64 + 1));
        out.push(format!("{key}{value}"));
        while lines
            .peek()
            .is_some_and(|l| l.len() - l.trim_start().len() > indent)
        {
            lines.next();
        }
    }
    (
        out.join("\n") + "\n",
        at.unwrap_or_else(|| panic!("{key:?} not in the example")),
    )
}

/// Findings of the edited text; the complete example itself has none.
fn new_findings(text: &str) -> Vec<(String, String, u64, u64)> {
    let complete = findings(&std::fs::read_to_string(EXAMPLE).unwrap());
    assert_eq!(complete, [], "the example is complete on this date");
    findings(text)
}

fn rules(found: &[(String, String, u64, u64)]) -> Vec<&str> {
    found.iter().map(|f| f.0.as_str()).collect()
}

#[test]
fn an_empty_encryption_is_a_wb401_per_question_at_the_key() {
    let (text, key) = emptied("    encryption:", "");
    assert!(
        text.contains("\n    encryption:\n    approved_by:"),
        "{text}"
    );
    let found = new_findings(&text);
    let messages: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        messages,
        [
            "security question `encryption.at_rest` is not answered: \"Is data encrypted at rest?\"",
            "security question `encryption.in_transit` is not answered: \"Is data encrypted in transit (HTTPS)?\"",
        ],
        "{found:?}"
    );
    assert_eq!(rules(&found), ["WB401", "WB401"]);
    for f in &found {
        assert_eq!((f.2, f.3), key, "{f:?}");
    }
}

#[test]
fn an_explicit_null_is_the_same_as_nothing() {
    for null in [" ~", " null", " # to do"] {
        let (text, (line, _)) = emptied("    encryption:", null);
        let found = new_findings(&text);
        assert_eq!(rules(&found), ["WB401", "WB401"], "{null}: {found:?}");
        assert!(found.iter().all(|f| f.2 == line), "{found:?}");
    }
}

#[test]
fn every_mapping_of_questions_may_be_left_empty() {
    for (key, expected) in [
        ("    access:", &["WB101", "WB101"][..]),
        ("      access:", &["WB203", "WB203"]),
        (
            "  validation:",
            &[
                "WB303", "WB305", "WB305", "WB305", "WB305", "WB306", "WB306", "WB306",
            ],
        ),
        ("    checks:", &["WB305", "WB305", "WB305", "WB305"]),
        ("      new_member_login:", &["WB305"]),
        ("    review:", &["WB303"]),
        ("    contacts:", &["WB306", "WB306", "WB306"]),
        ("  security:", &["WB401"; 11]),
        ("    compliance:", &["WB402", "WB402"]),
    ] {
        let (text, at) = emptied(key, "");
        let found = new_findings(&text);
        assert_eq!(rules(&found), expected, "{key}: {found:?}");
        for f in &found {
            assert_eq!((f.2, f.3), at, "{key}: {f:?}");
        }
    }
}

#[test]
fn a_value_that_is_not_a_mapping_is_still_a_schema_error() {
    for (key, value, message) in [
        (
            "    encryption:",
            " yes",
            "spec.security.encryption must be a mapping, found `yes`",
        ),
        (
            "  security:",
            " [oauth]",
            "spec.security must be a mapping, found a list",
        ),
        (
            "    review:",
            " 2026-10-02",
            "spec.validation.review must be a mapping, found `2026-10-02`",
        ),
        // `primary.app` is required, so an empty `primary` stays a shape error.
        (
            "  primary:",
            "",
            "spec.primary must be a mapping, found nothing",
        ),
    ] {
        let (text, _) = emptied(key, value);
        let found = new_findings(&text);
        let wb002: Vec<&str> = found
            .iter()
            .filter(|f| f.0 == "WB002")
            .map(|f| f.1.as_str())
            .collect();
        assert_eq!(wb002, [message], "{key}{value}: {found:?}");
    }
}
