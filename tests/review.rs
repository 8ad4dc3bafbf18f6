//! `wirebook review` (SPEC section 8): recorded through the fix engine on the examples
//! and on documents missing the whole `validation` block; the result lints without
//! WB301/WB303 and nothing else changes; bad requests are exit 2 with nothing written.

use std::path::Path;

use assert_cmd::Command;

const TODAY: &str = "2026-11-20";

fn wirebook(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("wirebook").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(["--today", TODAY]);
    c
}

fn rules(dir: &Path, file: &str) -> Vec<String> {
    let out = wirebook(dir)
        .args(["check", "--offline", "--format", "json", file])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// The lines of `after` not in `before` and the reverse (a line diff).
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let diff = similar::TextDiff::from_lines(before, after);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for c in diff.iter_all_changes() {
        match c.tag() {
            similar::ChangeTag::Delete => removed.push(c.value().to_owned()),
            similar::ChangeTag::Insert => added.push(c.value().to_owned()),
            similar::ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

#[test]
fn an_overdue_example_is_reviewed_by_id() {
    let before = std::fs::read_to_string("examples/integrations/legacy-payroll.yaml").unwrap();
    let dir = repo(&[("payroll.yaml", &before)]);
    assert!(rules(dir.path(), "payroll.yaml").contains(&"WB301".to_owned()));
    let out = wirebook(dir.path())
        .args([
            "review",
            "legacy-payroll",
            "--by",
            "@erin",
            "--date",
            "2026-11-18",
            "--pass",
            "links_work",
            "--fail",
            "data_syncing=bank portal down",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("next review due 2027-02-18 (every 3 months)"),
        "{said}"
    );
    let after = std::fs::read_to_string(dir.path().join("payroll.yaml")).unwrap();
    let (removed, added) = changed_lines(&before, &after);
    assert_eq!(
        removed,
        [
            "      links_work: {result: fail, checked_on: 2026-03-02, by: \"@dave\"}\n",
            "      last_reviewed: 2026-03-02\n"
        ]
    );
    assert_eq!(
        added,
        [
            "      links_work: {result: pass, checked_on: 2026-11-18, by: \"@erin\"}\n",
            "      data_syncing: {result: fail, checked_on: 2026-11-18, by: \"@erin\", notes: bank portal down}\n",
            "      last_reviewed: 2026-11-18\n",
            "      reviewed_by: \"@erin\"\n",
        ]
    );
    let left = rules(dir.path(), "payroll.yaml");
    assert!(
        !left.iter().any(|r| r == "WB301" || r == "WB303"),
        "{left:?}"
    );
}

#[test]
fn a_document_without_validation_gets_the_whole_block() {
    let full = std::fs::read_to_string("examples/integrations/shopify-orders.yaml").unwrap();
    let start = full.find("  validation:").unwrap();
    let end = full.find("  security:").unwrap();
    let before = format!("{}{}", &full[..start], &full[end..]).replace(
        "img/shopify-webhooks.png",
        "https://wiki.acme.example/s.png",
    );
    let dir = repo(&[("shop.yaml", &before)]);
    assert!(rules(dir.path(), "shop.yaml").contains(&"WB303".to_owned()));
    wirebook(dir.path())
        .args([
            "review",
            "shop.yaml",
            "--by",
            "alice@acme.example",
            "--pass",
            "new_member_login",
        ])
        .assert()
        .success();
    let after = std::fs::read_to_string(dir.path().join("shop.yaml")).unwrap();
    let (removed, added) = changed_lines(&before, &after);
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        added.concat(),
        "  validation:\n    review:\n      last_reviewed: 2026-11-20\n      reviewed_by: alice@acme.example\n    checks:\n      new_member_login:\n        result: pass\n        checked_on: 2026-11-20\n        by: alice@acme.example\n"
    );
    let left = rules(dir.path(), "shop.yaml");
    assert!(
        !left
            .iter()
            .any(|r| r == "WB301" || r == "WB303" || r == "WB002"),
        "{left:?}"
    );
}

#[test]
fn crlf_and_flow_review_blocks_keep_their_style() {
    let text = "apiVersion: wirebook.dev/v1\r\nkind: Integration\r\nmetadata: {id: a, title: A}\r\nspec:\r\n  primary: {app: X}\r\n  validation:\r\n    review: {last_reviewed: 2026-01-01}\r\n";
    let dir = repo(&[("a.yaml", text)]);
    wirebook(dir.path())
        .args(["review", "a", "--by", "@bob"])
        .assert()
        .success();
    let after = std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    assert_eq!(
        after,
        text.replace(
            "{last_reviewed: 2026-01-01}",
            "{last_reviewed: 2026-11-20, reviewed_by: \"@bob\"}"
        )
    );
}

#[test]
fn bad_requests_are_exit_2_and_write_nothing() {
    let text = std::fs::read_to_string("examples/integrations/legacy-payroll.yaml").unwrap();
    let dup = text.replacen("title: Payroll export to the bank", "title: Copy", 1);
    let dir = repo(&[
        ("a.yaml", &text),
        ("b.yaml", &text),
        (
            "c.yaml",
            &dup.replacen("id: legacy-payroll", "id: other", 1),
        ),
    ]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["review", "other", "--by", "@bob", "--date", "2026-11-21"],
            "after today",
        ),
        (&["review", "legacy-payroll", "--by", "@bob"], "ambiguous"),
        (&["review", "otehr", "--by", "@bob"], "did you mean `other`"),
        (
            &["review", "other", "--by", "@bob", "--pass", "data_sync"],
            "unknown check `data_sync`",
        ),
        (&["review", "other", "--by", "bob"], "is not a person"),
        (
            &[
                "review",
                "other",
                "c.yaml",
                "--by",
                "@bob",
                "--pass",
                "links_work",
                "--fail",
                "links_work",
            ],
            "given twice",
        ),
    ];
    for (args, says) in cases {
        let out = wirebook(dir.path()).args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        // miette wraps long messages: compare words.
        let err = String::from_utf8_lossy(&out.stderr)
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            err.contains(says) && err.contains("nothing written"),
            "{args:?}: {err}"
        );
    }
    for f in ["a.yaml", "b.yaml"] {
        assert_eq!(std::fs::read_to_string(dir.path().join(f)).unwrap(), text);
    }
}
