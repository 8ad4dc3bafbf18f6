//! The fix engine (SPEC section 8): every fix of the table, each with its exact result
//! and a snapshot of its unified diff; the bytes outside an edit stay as they were in
//! CRLF, BOM, tab-separated, flow-style, multi-document and Unicode files; a second
//! `--fix` changes nothing; `--diff` writes nothing; a refused edit leaves the file
//! untouched and says why.

use std::path::Path;

use assert_cmd::Command;
use wirebook::config::Config;
use wirebook::diagnostic::Applicability;
use wirebook::engine::Options;
use wirebook::fix::{fix_text, unified, Outcome};

const TODAY: &str = "2026-11-20";

fn options() -> Options {
    Options {
        today: wirebook::interval::parse_date(TODAY).unwrap(),
        members: None,
    }
}

/// The complete example, written to be changed by `edit` before fixing.
fn example() -> String {
    std::fs::read_to_string("examples/integrations/shopify-orders.yaml")
        .unwrap()
        .replace(
            "img/shopify-webhooks.png",
            "https://wiki.acme.example/img/shopify.png",
        )
}

fn fix(text: &str, min: Applicability) -> Outcome {
    fix_text("doc.yaml", text, &[], &Config::default(), &options(), min)
}

fn safe(text: &str) -> Outcome {
    fix(text, Applicability::Safe)
}

fn all(text: &str) -> Outcome {
    fix(text, Applicability::Unsafe)
}

/// `before` → `after` is exactly the fix of the example with `from` replaced by
/// `to` (the rest of the file byte for byte), and a second round changes nothing.
fn expect_fix(min: Applicability, from: &str, to: &str, fixed: &str) -> String {
    let before = example().replacen(from, to, 1);
    assert_ne!(before, example(), "`{from}` is not in the example");
    let out = fix(&before, min);
    assert!(out.refused.is_empty(), "{:?}", out.refused);
    let expected = example().replacen(from, fixed, 1);
    assert_eq!(
        out.fixed, expected,
        "everything outside the edit stays as it was"
    );
    let again = fix(&out.fixed, min);
    assert!(
        !again.changed(),
        "a second --fix changes nothing: {:?}",
        again.fixed
    );
    unified("doc.yaml", &before, &out.fixed)
}

#[test]
fn yes_no_words_and_quoted_booleans_become_booleans() {
    for (word, b) in [
        ("yes", "true"),
        ("No", "false"),
        ("ON", "true"),
        ("off", "false"),
        ("y", "true"),
        ("N", "false"),
    ] {
        expect_fix(
            Applicability::Safe,
            "contains_pii: true",
            &format!("contains_pii: {word}"),
            &format!("contains_pii: {b}"),
        );
    }
    let diff = expect_fix(
        Applicability::Safe,
        "least_privilege: true",
        "least_privilege: \"true\"",
        "least_privilege: true",
    );
    insta::assert_snapshot!("quoted_true", diff);
    // In a flow mapping, with the rest of the line untouched.
    expect_fix(
        Applicability::Safe,
        "encryption: {in_transit: true, at_rest: true}",
        "encryption: {in_transit: yes, at_rest: 'false'}",
        "encryption: {in_transit: true, at_rest: false}",
    );
}

#[test]
fn a_misspelt_key_with_one_suggestion_is_renamed() {
    let diff = expect_fix(
        Applicability::Safe,
        "      last_reviewed: 2026-10-02",
        "      last_reviwed: 2026-10-02",
        "      last_reviewed: 2026-10-02",
    );
    insta::assert_snapshot!("rename", diff);
    // Quoted keys keep their quotes.
    expect_fix(
        Applicability::Safe,
        "  tier: critical",
        "  'teir': critical",
        "  'tier': critical",
    );
}

#[test]
fn a_rename_onto_a_present_key_is_not_offered() {
    let text = example().replacen("  tier: critical", "  tier: critical\n  teir: high", 1);
    let out = safe(&text);
    assert!(!out.changed());
}

#[test]
fn timestamps_in_date_fields_are_unsafe_fixes() {
    let before = example().replacen(
        "last_reviewed: 2026-10-02",
        "last_reviewed: 2026-10-02T09:30:00Z",
        1,
    );
    assert!(
        !safe(&before).changed(),
        "a timestamp is only fixed with --unsafe-fixes"
    );
    assert_eq!(safe(&before).held_back, 1);
    let diff = expect_fix(
        Applicability::Unsafe,
        "last_reviewed: 2026-10-02",
        "last_reviewed: 2026-10-02T09:30:00Z",
        "last_reviewed: 2026-10-02",
    );
    insta::assert_snapshot!("timestamp", diff);
    expect_fix(
        Applicability::Unsafe,
        "approved_on: 2026-03-10",
        "approved_on: \"2026-03-10 08:00\"",
        "approved_on: \"2026-03-10\"",
    );
}

#[test]
fn http_becomes_https_and_nothing_else_of_the_url_changes() {
    let diff = expect_fix(
        Applicability::Unsafe,
        "login_url: https://admin.shopify.com/store/acme",
        "login_url: http://admin.shopify.com/store/acme",
        "login_url: https://admin.shopify.com/store/acme",
    );
    insta::assert_snapshot!("https", diff);
    // Inside prose, and in a flow sequence.
    expect_fix(
        Applicability::Unsafe,
        "links: [https://shopify.dev/docs/api/admin-rest]",
        "links: [HTTP://shopify.dev/docs/api/admin-rest]",
        "links: [https://shopify.dev/docs/api/admin-rest]",
    );
}

#[test]
fn missing_questions_are_inserted_as_todo_with_the_question() {
    // Block mapping, at the sibling keys' indentation.
    let diff = expect_fix(
        Applicability::Unsafe,
        "      billing: billing@acme.example\n",
        "",
        "      billing: TODO  # Billing questions: who handles subscription issues?\n",
    );
    insta::assert_snapshot!("todo_block", diff);
    // Flow mapping: before the closing brace, the question after it.
    let diff = expect_fix(
        Applicability::Unsafe,
        "encryption: {in_transit: true, at_rest: true}",
        "encryption: {in_transit: true}",
        "encryption: {in_transit: true, at_rest: TODO}  # Is data encrypted at rest?",
    );
    insta::assert_snapshot!("todo_flow", diff);
    // A missing item among flow-style items is written like them, after the last one.
    let item = "      data_syncing: {result: pass, checked_on: 2026-10-02, by: \"@bob\"}\n";
    let last = "      troubleshooting_tested: {result: pass, checked_on: 2026-10-02, by: \"@bob\", notes: replay steps rewritten}\n";
    let before = example().replacen(item, "", 1);
    let expected = before.replacen(
        last,
        &format!("{last}      data_syncing: {{result: TODO}}  # Is the data actually syncing between apps as described?\n"),
        1,
    );
    assert_eq!(all(&before).fixed, expected);
    // An empty `{}`.
    expect_fix(
        Applicability::Unsafe,
        "encryption: {in_transit: true, at_rest: true}",
        "encryption: {}",
        "encryption: {in_transit: TODO, at_rest: TODO}  # Is data encrypted in transit (HTTPS)?",
    );
}

#[test]
fn an_empty_key_becomes_a_mapping_of_todos() {
    let before = example().replacen(
        "    encryption: {in_transit: true, at_rest: true}\n",
        "    encryption:\n",
        1,
    );
    let out = all(&before);
    let expected = example().replacen(
        "    encryption: {in_transit: true, at_rest: true}\n",
        "    encryption:\n      in_transit: TODO  # Is data encrypted in transit (HTTPS)?\n      at_rest: TODO  # Is data encrypted at rest?\n",
        1,
    );
    assert_eq!(out.fixed, expected);
    // `key:` where a value belongs is filled in place.
    let before = example().replacen("    approved_by: \"@ciso\"\n", "    approved_by:\n", 1);
    let expected = example().replacen(
        "    approved_by: \"@ciso\"\n",
        "    approved_by: TODO  # Who approved this integration originally?\n",
        1,
    );
    assert_eq!(all(&before).fixed, expected);
}

#[test]
fn a_whole_missing_block_is_written_in_one_pass() {
    let start = example().find("  security:").unwrap();
    let end = example().find("workflow:").unwrap();
    let before = format!("{}{}", &example()[..start], &example()[end..]);
    let out = all(&before);
    assert!(out.refused.is_empty(), "{:?}", out.refused);
    let inserted = out.fixed.replace(&before[..start], "");
    assert!(
        inserted.starts_with(
            "  security:\n    auth_method: TODO  # Does this integration use OAuth or API keys?\n"
        ),
        "{inserted}"
    );
    assert_eq!(inserted.matches("TODO").count(), 11, "{inserted}");
    assert!(
        out.fixed.ends_with(&before[start..]),
        "the rest of the file is untouched"
    );
    insta::assert_snapshot!(
        "todo_block_missing",
        unified("doc.yaml", &before, &out.fixed)
    );
}

/// Lines outside the edits are the same bytes: every line of `before` is in `after`,
/// in order, except those `changed` names.
fn untouched_lines(before: &str, after: &str, changed: &[&str]) {
    let diff = similar::TextDiff::from_lines(before, after);
    for op in diff.iter_all_changes() {
        if op.tag() == similar::ChangeTag::Delete {
            let line = op.value();
            assert!(
                changed.iter().any(|c| line.contains(c)),
                "line changed unexpectedly: {line:?}"
            );
        }
    }
}

#[test]
fn crlf_files_keep_crlf_everywhere() {
    let before = example()
        .replacen("contains_pii: true", "contains_pii: yes", 1)
        .replacen("      billing: billing@acme.example\n", "", 1)
        .replace('\n', "\r\n");
    let out = all(&before);
    assert!(out.fixed.contains("contains_pii: true\r\n"));
    assert!(out.fixed.contains(
        "      billing: TODO  # Billing questions: who handles subscription issues?\r\n"
    ));
    assert_eq!(
        out.fixed.matches('\n').count(),
        out.fixed.matches("\r\n").count(),
        "no bare LF"
    );
    untouched_lines(&before, &out.fixed, &["contains_pii"]);
}

#[test]
fn a_missing_final_newline_stays_missing() {
    let before = example().trim_end().to_owned() + "\n  x-note: last line";
    let before = before.replacen("contains_pii: true", "contains_pii: yes", 1);
    let out = safe(&before);
    assert!(out.fixed.ends_with("x-note: last line"));
    // An insertion at the very end of such a file.
    let before = example().replacen(
        "      vendor_docs: [https://www.shopify.com/legal/dpa]\n",
        "",
        1,
    );
    let before = before[..before.find("workflow:").unwrap()]
        .trim_end()
        .to_owned();
    let out = all(&before);
    assert!(
        !out.fixed.ends_with('\n'),
        "{:?}",
        &out.fixed[out.fixed.len() - 80..]
    );
}

#[test]
fn tabs_unicode_and_comments_around_the_edit_stay() {
    let before = example()
        .replacen(
            "    purpose: Storefront; source of every customer order",
            "    purpose: \"Café 😀 storefront\"\t# ünïcode",
            1,
        )
        .replacen("contains_pii: true", "contains_pii: yes\t# was a yes", 1);
    let out = safe(&before);
    assert!(out.fixed.contains("contains_pii: true\t# was a yes"));
    assert!(out
        .fixed
        .contains("    purpose: \"Café 😀 storefront\"\t# ünïcode"));
    untouched_lines(&before, &out.fixed, &["contains_pii"]);
}

#[test]
fn other_documents_of_the_stream_are_untouched() {
    let second = example()
        .replacen("id: shopify-orders ", "id: shopify-refunds ", 1)
        .replacen("contains_pii: true", "contains_pii: yes", 1);
    let before = format!("{}---\n{second}", example());
    let out = safe(&before);
    assert_eq!(out.applied, 1);
    assert!(
        out.fixed.starts_with(&example()),
        "the first document is byte for byte the same"
    );
    assert!(out
        .fixed
        .ends_with(&second.replacen("contains_pii: yes", "contains_pii: true", 1)));
}

#[test]
fn edits_under_an_alias_are_refused() {
    let before = example().replacen(
        "    encryption: {in_transit: true, at_rest: true}",
        "    encryption: &enc {in_transit: yes, at_rest: true}\n    x-copy: *enc",
        1,
    );
    let out = safe(&before);
    assert!(!out.changed(), "{}", out.fixed);
    assert_eq!(out.refused.len(), 1, "{:?}", out.refused);
    assert!(
        out.refused[0].reason.contains("read back"),
        "{:?}",
        out.refused[0]
    );
}

fn wirebook(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("wirebook").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS");
    c
}

#[test]
fn cli_fix_diff_and_unsafe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.yaml");
    let before = example()
        .replacen("contains_pii: true", "contains_pii: yes", 1)
        .replacen("login_url: https://", "login_url: http://", 1);
    std::fs::write(&path, &before).unwrap();

    // --diff prints and writes nothing; exit 1 because there is a change.
    let out = wirebook(dir.path())
        .args(["check", "--offline", "--today", TODAY, "--diff", "doc.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("-    contains_pii: yes\n+    contains_pii: true\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("https://admin"),
        "the unsafe fix is not in a safe diff: {diff}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 fix held back as unsafe"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    // --fix applies the safe fix; the unsafe one stays a finding.
    let out = wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--fix",
            "--format",
            "json",
            "doc.yaml",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["WB406"]);
    assert_eq!(json["findings"][0]["fix"]["applicability"], "unsafe");
    assert_eq!(out.status.code(), Some(0), "only a warning remains");
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        before.replacen("contains_pii: yes", "contains_pii: true", 1)
    );

    // --fix --unsafe-fixes; then a clean file and an empty diff.
    wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--fix",
            "--unsafe-fixes",
            "doc.yaml",
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), example());
    let out = wirebook(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--diff",
            "--unsafe-fixes",
            "doc.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_bom_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.yaml");
    let before = format!(
        "\u{feff}{}",
        example().replacen("contains_pii: true", "contains_pii: yes", 1)
    );
    std::fs::write(&path, &before).unwrap();
    wirebook(dir.path())
        .args(["check", "--offline", "--today", TODAY, "--fix", "doc.yaml"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("\u{feff}{}", example())
    );
}

#[test]
fn diffs_never_show_a_credential() {
    let dir = tempfile::tempdir().unwrap();
    let token = "ghp_8xK2mQ9vL4nR7tY1wE5zA3bC6dF0gH2jK4mN";
    let before = example()
        .replacen("contains_pii: true", "contains_pii: yes", 1)
        .replacen(
            "    sensitive_business_data: true\n",
            &format!("    sensitive_business_data: true\n    x-token: {token}\n"),
            1,
        );
    std::fs::write(dir.path().join("doc.yaml"), &before).unwrap();
    let out = wirebook(dir.path())
        .args(["check", "--offline", "--today", TODAY, "--diff", "doc.yaml"])
        .output()
        .unwrap();
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("x-token: ghp_"),
        "the context line is shown, masked: {diff}"
    );
    assert!(!diff.contains(&token[4..]), "{diff}");
}

#[test]
fn a_refused_fix_leaves_the_file_untouched_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.yaml");
    let before = example().replacen(
        "    encryption: {in_transit: true, at_rest: true}",
        "    encryption: &enc {in_transit: yes, at_rest: true}\n    x-copy: *enc",
        1,
    );
    std::fs::write(&path, &before).unwrap();
    let out = wirebook(dir.path())
        .args(["check", "--offline", "--today", TODAY, "--fix", "doc.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("WB002 fix not applied (write `true`)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Fixed 0 findings in 0 files; 1 fix refused"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}
