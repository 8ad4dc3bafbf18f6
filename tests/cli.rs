//! The command line end to end: examples, exit codes, config errors, init, rule, schema.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn wirebook() -> Command {
    let mut cmd = Command::cargo_bin("wirebook").unwrap();
    cmd.env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("valid JSON on stdout")
}

fn rules_in(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn complete_example_has_zero_findings_inside_its_review_window() {
    let out = wirebook()
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-20",
        ])
        .arg("examples/integrations/shopify-orders.yaml")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["findings"], Value::Array(vec![]), "{v:#}");
    assert_eq!(v["summary"]["documents"], 1);
}

#[test]
fn examples_directory_reports_the_gaps_of_the_gappy_example_only() {
    let out = wirebook()
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-20",
            "examples",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["documents"], 2);
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert_eq!(
            f["file"], "examples/integrations/legacy-payroll.yaml",
            "{f:#}"
        );
        assert_eq!(f["document"], "legacy-payroll");
        for key in [
            "rule", "name", "severity", "message", "help", "file", "line", "column",
        ] {
            assert!(!f[key].is_null(), "{key} missing in {f:#}");
        }
    }
    let rules = rules_in(&v);
    for expected in [
        "WB101", "WB105", "WB201", "WB202", "WB203", "WB204", "WB301", "WB305", "WB306", "WB307",
        "WB401", "WB402", "WB405", "WB406", "WB407",
    ] {
        assert!(
            rules.contains(&expected.to_owned()),
            "{expected} not in {rules:?}"
        );
    }
    let mut sorted = findings.clone();
    sorted.sort_by_key(|f| {
        (
            f["line"].as_u64(),
            f["column"].as_u64(),
            f["rule"].as_str().map(str::to_owned),
        )
    });
    assert_eq!(
        &sorted, findings,
        "findings are sorted by file, line, column, rule"
    );
}

#[test]
fn human_output_shows_the_snippet_and_location() {
    wirebook()
        .args([
            "check",
            "--offline",
            "--today",
            "2026-11-20",
            "examples/integrations/legacy-payroll.yaml",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "examples/integrations/legacy-payroll.yaml:",
        ))
        .stdout(predicate::str::contains("WB406"))
        .stdout(predicate::str::contains(
            "http://payroll.acme.example/login",
        ))
        .stdout(predicate::str::contains("Found "))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn a_bad_config_is_exit_2_pointing_at_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wirebook.toml"),
        "[review]\nwarn_dayz = 3\n",
    )
    .unwrap();
    wirebook()
        .current_dir(dir.path())
        .args(["check", "--offline"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("warn_dayz"))
        .stderr(predicate::str::contains("wirebook.toml"));
}

#[test]
fn config_is_found_walking_up_and_cli_config_wins() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        "examples/integrations/legacy-payroll.yaml",
        sub.join("x.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("wirebook.toml"),
        "[rules]\nWB406 = \"off\"\n",
    )
    .unwrap();
    let out = wirebook()
        .current_dir(&sub)
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-20",
            "x.yaml",
        ])
        .output()
        .unwrap();
    let rules = rules_in(&json_of(&out.stdout));
    assert!(!rules.contains(&"WB406".to_owned()));
    std::fs::write(sub.join("other.toml"), "[rules]\nWB407 = \"off\"\n").unwrap();
    let out = wirebook()
        .current_dir(&sub)
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-20",
            "--config",
            "other.toml",
            "x.yaml",
        ])
        .output()
        .unwrap();
    let rules = rules_in(&json_of(&out.stdout));
    assert!(rules.contains(&"WB406".to_owned()));
    assert!(!rules.contains(&"WB407".to_owned()));
}

#[test]
fn usage_errors_are_exit_2() {
    wirebook()
        .args(["check", "--offline", "no/such/path"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/path"));
    wirebook()
        .args(["check", "--today", "2026-13-01"])
        .assert()
        .code(2);
    wirebook().args(["frobnicate"]).assert().code(2);
    wirebook()
        .args(["rule", "WB999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("WB999"));
}

#[test]
fn rule_explains_and_lists() {
    wirebook()
        .args(["rule", "WB003"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("# duplicate-key (WB003)"))
        .stdout(predicate::str::contains("## Why is this bad?"));
    wirebook().args(["rule", "duplicate-key"]).assert().code(0);
    let out = wirebook()
        .arg("rule")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for id in ["WB001", "WB104", "WB308", "WB503", "WB602"] {
        assert!(text.contains(id), "{id} missing from the list");
    }
}

#[test]
fn schema_prints_the_embedded_schema() {
    let out = wirebook()
        .arg("schema")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let printed: Value = serde_json::from_slice(&out).unwrap();
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string("schema/integration.schema.json").unwrap())
            .unwrap();
    assert_eq!(printed, file);
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn init_writes_a_schema_valid_template_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    wirebook()
        .current_dir(dir.path())
        .args([
            "init",
            "--id",
            "crm-sync",
            "--title",
            "CRM sync",
            "--app",
            "Salesforce",
            "--today",
            "2026-11-29",
        ])
        .assert()
        .code(0);
    let path = dir.path().join("crm-sync.yaml");
    assert!(path.is_file());
    let out = wirebook()
        .current_dir(dir.path())
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-29",
            "crm-sync.yaml",
        ])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let rules = rules_in(&v);
    for bad in ["WB001", "WB002", "WB003", "WB104", "WB601"] {
        assert!(
            !rules.contains(&bad.to_owned()),
            "a fresh template must not fire {bad}: {v:#}"
        );
    }
    for expected in ["WB101", "WB102", "WB303", "WB305", "WB306", "WB401"] {
        assert!(
            rules.contains(&expected.to_owned()),
            "a fresh template lacks {expected}: {rules:?}"
        );
    }
    let before = std::fs::read_to_string(&path).unwrap();
    wirebook()
        .current_dir(dir.path())
        .args([
            "init", "--id", "crm-sync", "--title", "Other", "--app", "Other",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    wirebook()
        .current_dir(dir.path())
        .args(["init", "--id", "Bad ID", "--title", "x", "--app", "y"])
        .assert()
        .code(2);
}

#[test]
fn skipped_files_are_listed_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("k8s.yaml"),
        "apiVersion: v1\nkind: Service\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.yml"), "").unwrap();
    wirebook()
        .current_dir(dir.path())
        .args(["check", "--offline", "-v"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("skipped k8s.yaml"))
        .stderr(predicate::str::contains("skipped empty.yml"));
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let rules_section = readme
        .split("\n## Rules\n")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let table: Vec<Vec<String>> = rules_section
        .lines()
        .filter(|l| l.starts_with("| WB"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect();
    let registry: Vec<Vec<String>> = wirebook::rules::RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            vec![
                m.id.to_owned(),
                m.name.to_owned(),
                m.severity.as_str().to_owned(),
                m.summary.to_owned(),
            ]
        })
        .collect();
    assert_eq!(
        table, registry,
        "regenerate the README rule table from `wirebook rule`"
    );
}

#[test]
fn deny_warn_allow_flags_win_over_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/integrations/legacy-payroll.yaml",
        dir.path().join("x.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("wirebook.toml"),
        "[rules]\nWB406 = \"off\"\n",
    )
    .unwrap();
    let out = wirebook()
        .current_dir(dir.path())
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-20",
            "--deny",
            "WB406",
            "--allow",
            "WB401",
            "x.yaml",
        ])
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let findings = v["findings"].as_array().unwrap();
    assert!(findings
        .iter()
        .any(|f| f["rule"] == "WB406" && f["severity"] == "error"));
    assert!(!findings.iter().any(|f| f["rule"] == "WB401"));
    wirebook()
        .args(["check", "--offline", "--deny", "WB999", "examples"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("WB999"));
}

/// The complete example of SPEC section 2, verbatim, is schema-valid (no WB001-WB003).
#[test]
fn the_spec_example_validates_against_the_schema() {
    let spec =
        std::fs::read_to_string("../shared/SPEC.md").expect("../shared/SPEC.md beside the project");
    let start = spec
        .find("```yaml\n# yaml-language-server")
        .expect("the example")
        + "```yaml\n".len();
    let end = start + spec[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec-example.yaml"), &spec[start..end]).unwrap();
    let out = wirebook()
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-20",
        ])
        .arg(dir.path().join("spec-example.yaml"))
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let rules = rules_in(&v);
    assert_eq!(v["summary"]["documents"], 1);
    for structural in ["WB001", "WB002", "WB003"] {
        assert!(
            !rules.contains(&structural.to_owned()),
            "{structural} on the SPEC example: {v:#}"
        );
    }
}
