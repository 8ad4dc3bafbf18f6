//! `wirebook check --format github|sarif|junit examples/` (today 2026-11-20): the
//! structure is asserted against the JSON output of the same run, and the output is
//! snapshotted (rule explanations and the version are redacted from the SARIF
//! snapshot; they are compared with the registry instead).

use std::collections::BTreeMap;

use assert_cmd::Command;
use serde_json::Value;
use wirebook::rules::RULES;

const TODAY: &str = "2026-11-20";
const CLEAN: &str = "examples/integrations/shopify-orders.yaml";
const GAPPY: &str = "examples/integrations/legacy-payroll.yaml";

fn check(format: &str) -> (String, Option<i32>) {
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .args([
            "check",
            "--offline",
            "--today",
            TODAY,
            "--format",
            format,
            "examples/",
        ])
        .env_remove("GITHUB_ACTIONS")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

/// The findings of the same run, from `--format json`: (severity, file, line, column, rule).
fn findings() -> Vec<(String, String, u64, u64, String)> {
    let (json, _) = check("json");
    let value: Value = serde_json::from_str(&json).unwrap();
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn count(findings: &[(String, String, u64, u64, String)], severity: &str) -> usize {
    findings.iter().filter(|f| f.0 == severity).count()
}

#[test]
fn github_annotations_match_the_findings() {
    let all = findings();
    let (out, code) = check("github");
    assert_eq!(code, Some(i32::from(count(&all, "error") > 0)));
    let lines: Vec<&str> = out.lines().collect();
    let kind = |k: &str| {
        lines
            .iter()
            .filter(|l| l.starts_with(&format!("::{k} ")))
            .count()
    };
    let (errors, warnings, infos) = (
        count(&all, "error"),
        count(&all, "warning"),
        count(&all, "info"),
    );
    let cut = errors > 10 || warnings > 10 || infos > 10;
    assert_eq!(kind("error"), errors.min(10));
    assert_eq!(kind("warning"), warnings.min(10));
    assert_eq!(kind("notice"), infos.min(if cut { 9 } else { 10 }));
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::notice::")).count(),
        usize::from(cut)
    );
    // Most severe first.
    let rank = |l: &str| {
        ["::error ", "::warning ", "::notice "]
            .iter()
            .position(|p| l.starts_with(p))
    };
    let ranks: Vec<usize> = lines.iter().filter_map(|l| rank(l)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{out}");
    // Every annotation names a finding of the run.
    for l in lines.iter().filter(|l| rank(l).is_some()) {
        assert!(
            all.iter().any(|(_, file, line, col, rule)| l
                .contains(&format!("file={file},line={line},col={col},title={rule} "))),
            "{l} is not a finding of the run"
        );
    }
    assert!(
        !out.contains(&format!("file={CLEAN},")),
        "the clean example has annotations:\n{out}"
    );
    insta::assert_snapshot!("github", out);
}

#[test]
fn junit_has_a_case_per_document() {
    let all = findings();
    let (out, _) = check("junit");
    let report = quick_junit::Report::deserialize_from_str(&out).expect("well-formed JUnit XML");
    let suites: BTreeMap<&str, &quick_junit::TestSuite> = report
        .test_suites
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    assert_eq!(suites.keys().copied().collect::<Vec<_>>(), [GAPPY, CLEAN]);
    for (file, id) in [(CLEAN, "shopify-orders"), (GAPPY, "legacy-payroll")] {
        let suite = suites[file];
        assert_eq!(suite.test_cases.len(), 1);
        let case = &suite.test_cases[0];
        assert_eq!(case.name.as_str(), id);
        let errors = all.iter().filter(|f| f.1 == file && f.0 == "error").count();
        let failed = matches!(case.status, quick_junit::TestCaseStatus::NonSuccess { .. });
        assert_eq!(
            failed,
            errors > 0,
            "{file}: {errors} errors, status {:?}",
            case.status
        );
        let others = all.iter().any(|f| f.1 == file && f.0 != "error");
        assert_eq!(case.system_out.is_some(), others, "{file}");
    }
    assert!(matches!(
        suites[CLEAN].test_cases[0].status,
        quick_junit::TestCaseStatus::Success { .. }
    ));
    insta::assert_snapshot!("junit", out);
}

#[test]
fn sarif_lists_every_rule_and_result() {
    let all = findings();
    let (out, _) = check("sarif");
    let mut value: Value = serde_json::from_str(&out).unwrap();
    let run = &mut value["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), all.len());
    for (result, (severity, file, line, column, rule)) in
        run["results"].as_array().unwrap().iter().zip(&all)
    {
        assert_eq!(result["ruleId"], rule.as_str());
        let level = match severity.as_str() {
            "info" => "note",
            s => s,
        };
        assert_eq!(result["level"], level);
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], file.as_str());
        assert_eq!(loc["region"]["startLine"], *line);
        assert_eq!(loc["region"]["startColumn"], *column);
    }
    let driver = &mut run["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();
    let rules = driver["rules"].as_array_mut().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for (rule, meta) in rules.iter_mut().zip(RULES.iter().map(|r| r.meta())) {
        assert_eq!(rule["id"], meta.id);
        assert_eq!(rule["name"], meta.name);
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert_eq!(rule["help"]["markdown"], meta.explanation());
        assert_eq!(rule["fullDescription"]["text"], meta.explanation());
        let placeholder = format!("[explanation of {}]", meta.id);
        for key in ["help", "fullDescription"] {
            rule[key]["text"] = placeholder.clone().into();
            rule[key]["markdown"] = placeholder.clone().into();
        }
    }
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&value).unwrap());
}
