//! Inline suppressions (SPEC section 7): each form, unused and reasonless ones, an
//! unknown ID, multi-document streams, links, and SARIF's `suppressions` validated
//! against the official SARIF 2.1.0 schema.

use std::path::Path;

use wirebook::config::Config;
use wirebook::engine::{check_texts, Options, Run};

fn options() -> Options {
    Options {
        today: wirebook::interval::parse_date("2026-11-20").unwrap(),
        members: None,
    }
}

fn example() -> String {
    std::fs::read_to_string("examples/integrations/legacy-payroll.yaml").unwrap()
}

fn check(text: &str) -> Run {
    check_texts(
        &[("doc.yaml".to_owned(), text.to_owned())],
        &Config::default(),
        &options(),
    )
}

fn at(run: &Run) -> Vec<(String, usize)> {
    run.diagnostics
        .iter()
        .map(|d| (d.rule.to_owned(), d.span.line))
        .collect()
}

#[test]
fn trailing_own_line_and_document_forms() {
    let base = check(&example());
    assert!(at(&base).contains(&("WB307".into(), 8)));
    assert!(at(&base).contains(&("WB406".into(), 15)));
    assert!(at(&base).contains(&("WB102".into(), 12)));
    let text = example()
        .replacen("  owners: [\"@dave\"]\n", "  owners: [\"@dave\"]  # wirebook: ignore[WB307] Dave is leaving; @erin takes over in Q1\n", 1)
        .replacen("      login_url: http", "      # wirebook: ignore[WB406] the payroll box has no TLS; VPN only\n\n      login_url: http", 1)
        .replacen("spec:\n", "spec:  # wirebook: ignore-document[WB102, WB105] screenshots and key references live in the runbook\n", 1);
    let run = check(&text);
    let left = at(&run);
    assert!(
        !left
            .iter()
            .any(|(r, _)| ["WB307", "WB406", "WB102", "WB105"].contains(&r.as_str())),
        "{left:?}"
    );
    assert_eq!(run.summary().suppressed, 4);
    assert!(
        !left.iter().any(|(r, _)| r == "WB005" || r == "WB006"),
        "{left:?}"
    );
    let reasons: Vec<_> = run
        .suppressed
        .iter()
        .map(|(d, r)| (d.rule, r.clone().unwrap()))
        .collect();
    assert!(reasons.contains(&("WB406", "the payroll box has no TLS; VPN only".to_owned())));
    // The other findings are untouched.
    assert_eq!(left.len() + 4, base.diagnostics.len());
}

#[test]
fn unused_unknown_and_reasonless_suppressions_are_findings() {
    let text = example()
        .replacen(
            "    app: PayrollPro\n",
            "    app: PayrollPro  # wirebook: ignore[WB401] not about this line\n",
            1,
        )
        .replacen(
            "  owners: [\"@dave\"]\n",
            "  owners: [\"@dave\"]  # wirebook: ignore[WB307,WB9999]\n",
            1,
        );
    let run = check(&text);
    let msgs: Vec<(String, usize, String)> = run
        .diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("WB00"))
        .map(|d| (d.rule.to_owned(), d.span.line, d.message.clone()))
        .collect();
    assert!(
        msgs.contains(&(
            "WB005".into(),
            12,
            "suppression of WB401 is unused: no WB401 finding on line 12".into()
        )),
        "{msgs:#?}"
    );
    assert!(
        msgs.contains(&(
            "WB005".into(),
            8,
            "suppression names an unknown rule `WB9999`".into()
        )),
        "{msgs:#?}"
    );
    assert!(
        msgs.contains(&("WB006".into(), 8, "suppression gives no reason".into())),
        "{msgs:#?}"
    );
    assert!(
        !at(&run).contains(&("WB307".into(), 8)),
        "a reasonless suppression still suppresses"
    );
    let column = run
        .diagnostics
        .iter()
        .find(|d| d.message.contains("WB9999"))
        .unwrap()
        .span
        .column;
    assert_eq!(
        &text.lines().nth(7).unwrap()[column - 1..column + 5],
        "WB9999"
    );
}

#[test]
fn wb001_cannot_be_suppressed() {
    let run = check("# wirebook: ignore-document[WB001] broken on purpose\napiVersion: wirebook.dev/v1\nkind: [\n");
    assert!(run.diagnostics.iter().any(|d| d.rule == "WB001"));
}

#[test]
fn link_rules_are_settled_only_after_links_are_checked() {
    // Offline, a suppression of a link rule is not "unused": the rule did not run.
    let text = example().replacen("      login_url: http://payroll.acme.example/login", "      login_url: http://payroll.acme.example/login  # wirebook: ignore[WB501] intranet only", 1);
    let mut run = check(&text);
    assert!(!run.diagnostics.iter().any(|d| d.rule == "WB005"));
    // After a link check that found nothing there, it is.
    run.settle_links(&Config::default());
    assert!(run
        .diagnostics
        .iter()
        .any(|d| d.rule == "WB005" && d.message.contains("WB501")));
}

#[test]
fn each_document_of_a_stream_has_its_own_suppressions() {
    let second = example().replacen("id: legacy-payroll", "id: legacy-payroll-2", 1);
    let first = example().replacen(
        "spec:\n",
        "# wirebook: ignore-document[WB307] Dave's doc, handed over in Q1\nspec:\n",
        1,
    );
    let run = check(&format!("{first}---\n{second}"));
    let wb307: Vec<_> = run
        .diagnostics
        .iter()
        .filter(|d| d.rule == "WB307")
        .map(|d| d.document.clone().unwrap())
        .collect();
    assert_eq!(wb307, ["legacy-payroll-2"]);
    // A comment above the first key belongs to the document that follows it.
    let second = second.replacen(
        "apiVersion",
        "# wirebook: ignore-document[WB307] second doc only\napiVersion",
        1,
    );
    let run = check(&format!("{}---\n{second}", example()));
    let wb307: Vec<_> = run
        .diagnostics
        .iter()
        .filter(|d| d.rule == "WB307")
        .map(|d| d.document.clone().unwrap())
        .collect();
    assert_eq!(wb307, ["legacy-payroll"]);
}

#[test]
fn sarif_keeps_suppressed_results_with_their_reason_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let text = example().replacen(
        "  owners: [\"@dave\"]\n",
        "  owners: [\"@dave\"]  # wirebook: ignore[WB307] Dave is leaving; @erin takes over\n",
        1,
    );
    std::fs::write(dir.path().join("doc.yaml"), &text).unwrap();
    let out = assert_cmd::Command::cargo_bin("wirebook")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "check",
            "--offline",
            "--today",
            "2026-11-20",
            "--format",
            "sarif",
            "doc.yaml",
        ])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<_> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "WB307");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "Dave is leaving; @erin takes over"
    );
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new("../shared/corpus/sarif/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
