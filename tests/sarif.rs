//! `--format sarif`: the output validates against the official SARIF 2.1.0 schema
//! (`../shared/corpus/sarif/`), and fingerprints are stable across runs and when
//! unrelated lines are inserted above a finding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use wirebook::config::Config;
use wirebook::engine::{check, Options};
use wirebook::output::sarif::FINGERPRINT_KEY;
use wirebook::output::{self, Format, Style};

/// `../shared/corpus/` from the project root (CI); found walking up, so that git
/// worktrees nested deeper work too.
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
        .expect("../shared/corpus is next to the project")
}
const TODAY: &str = "2026-11-20";

fn sarif(paths: &[PathBuf]) -> Value {
    let options = Options {
        today: wirebook::interval::parse_date(TODAY).unwrap(),
        members: None,
    };
    let run = check(paths, &Config::default(), &options).expect("paths exist");
    let mut out = Vec::new();
    output::write(Format::Sarif, &run, Style::default(), &mut out).unwrap();
    serde_json::from_slice(&out).expect("SARIF output is JSON")
}

fn schema_errors(instance: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("sarif/sarif-schema-2.1.0.json"))
            .expect("the SARIF schema is in ../shared/corpus/sarif"),
    )
    .unwrap();
    // The OASIS schema declares draft-04.
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(instance: &Value) {
    let errors = schema_errors(instance);
    assert!(
        errors.is_empty(),
        "SARIF output is invalid:\n{}",
        errors.join("\n")
    );
}

/// A directory with the examples and files that have findings whatever the rules
/// do: schema violations (WB002), a duplicate key (WB003) and a syntax error (WB001).
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("examples/integrations").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("gaps.yaml"),
        "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata:\n  id: gaps\n  title: Gaps\n  titel: typo\n  owners: [\"@a\"]\n  owners: [\"@b\"]\nspec:\n  primary: {}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.yaml"),
        "apiVersion: wirebook.dev/v1\nkind: [\n",
    )
    .unwrap();
    dir
}

fn fingerprints(sarif: &Value) -> BTreeMap<String, (String, u64)> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let fp = r["partialFingerprints"][FINGERPRINT_KEY]
                .as_str()
                .expect("every result has a fingerprint")
                .to_owned();
            let loc = &r["locations"][0]["physicalLocation"];
            (
                fp,
                (
                    loc["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
                    loc["region"]["startLine"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn examples_validate_against_the_sarif_schema() {
    let value = sarif(&[PathBuf::from("examples")]);
    assert_valid(&value);
    let driver = &value["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "wirebook");
    assert_eq!(
        driver["rules"].as_array().unwrap().len(),
        wirebook::rules::RULES.len()
    );
}

#[test]
fn findings_validate_and_point_at_their_rules() {
    let dir = sandbox();
    let value = sarif(&[dir.path().to_path_buf()]);
    assert_valid(&value);
    // The validator does reject what the schema forbids.
    let mut broken = value.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_errors(&broken).is_empty());
    let rules = value["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let results = value["runs"][0]["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for id in ["WB001", "WB002", "WB003"] {
        assert!(ids.contains(&id), "no {id} result in {ids:?}");
    }
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn fingerprints_are_stable_across_runs_and_inserted_lines() {
    let dir = sandbox();
    let paths = [dir.path().to_path_buf()];
    let first = sarif(&paths);
    let second = sarif(&paths);
    assert_eq!(first, second, "two runs give the same SARIF");
    let before = fingerprints(&first);
    assert!(before.len() >= 3, "{before:?}");
    assert_eq!(
        before.len(),
        first["runs"][0]["results"].as_array().unwrap().len(),
        "fingerprints are unique"
    );

    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("# a comment added on top\n\n{text}")).unwrap();
    }
    let after = fingerprints(&sarif(&paths));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "fingerprints changed when lines were inserted above the findings"
    );
    for (fp, (uri, line)) in &before {
        assert_eq!(
            after[fp],
            (uri.clone(), line + 2),
            "{fp} moved by the inserted lines"
        );
    }
}

#[test]
fn sandbox_paths_are_file_uris() {
    let dir = sandbox();
    let value = sarif(&[dir.path().join("broken.yaml")]);
    let uri = value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/broken.yaml"), "{uri}");
}
