//! The streaming check gives the same output as the check that kept every tree: the
//! JSON, SARIF, GitHub and JUnit outputs of every rule fixture and of the examples, and
//! every report format of the examples, byte for byte against files written before the
//! engine was reworked (`tests/golden/`).
//!
//! `WIREBOOK_GOLDEN=write cargo test --test golden` rewrites them: only do that for a
//! change of output that is meant, and review the diff.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const TODAY: &str = "2026-11-29";

fn inputs() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out.push(PathBuf::from("examples"));
    out
}

fn name(path: &Path) -> String {
    path.to_string_lossy().replace(['/', '\\'], "_")
}

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_REPOSITORY")
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn outputs_are_the_same_as_before() {
    let write = std::env::var("WIREBOOK_GOLDEN").is_ok_and(|v| v == "write");
    let dir = Path::new("tests/golden");
    std::fs::create_dir_all(dir).unwrap();
    let mut differ = Vec::new();
    let mut compare = |file: String, got: String| {
        let path = dir.join(&file);
        if write {
            std::fs::write(&path, &got).unwrap();
        } else {
            match std::fs::read_to_string(&path) {
                Ok(want) if want == got => {}
                Ok(_) => differ.push(format!("{file} differs")),
                Err(_) => differ.push(format!("{file} is missing (WIREBOOK_GOLDEN=write)")),
            }
        }
    };
    for input in inputs() {
        let p = input.to_string_lossy().into_owned();
        for format in ["human", "json", "sarif", "github", "junit"] {
            let mut got = run(&[
                "check",
                "--offline",
                "--today",
                TODAY,
                "--format",
                format,
                &p,
            ]);
            if format == "sarif" {
                // The rule table (every rule's documentation) is the same in every log:
                // compared once, so each golden holds only what the input decides.
                let mut log: serde_json::Value = serde_json::from_str(&got).unwrap();
                let rules = log["runs"][0]["tool"]["driver"]["rules"].take();
                compare("sarif-rules.json".to_owned(), format!("{rules:#}\n"));
                got = format!("{log:#}\n");
            }
            compare(format!("{}.{format}", name(&input)), got);
        }
    }
    for format in ["markdown", "html", "json", "ics"] {
        let got = run(&[
            "report",
            "--today",
            TODAY,
            "--repo",
            "acme/docs",
            "--format",
            format,
            "examples",
        ]);
        compare(format!("report.{format}"), got);
    }
    for format in ["markdown", "json"] {
        let org = "tests/org_fixtures";
        let got = run(&["people", "--today", TODAY, "--format", format, org]);
        compare(format!("people.{format}"), got);
        let got = run(&[
            "show",
            "--today",
            TODAY,
            "--format",
            format,
            "bank-export",
            org,
        ]);
        compare(format!("show.{format}"), got);
        let got = run(&[
            "offboard", "--today", TODAY, "--format", format, "@dave", org,
        ]);
        compare(format!("offboard.{format}"), got);
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
