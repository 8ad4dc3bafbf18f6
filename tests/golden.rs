//! The streaming check gives the same output as the check that kept every tree: the
//! human, JSON, SARIF, GitHub and JUnit outputs of every rule fixture and of the
//! examples, every report format of the examples, and `people`, `show` and `offboard`
//! on the organization fixtures, byte for byte against files written before the engine
//! was reworked (`tests/golden/`).
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

/// Compares (or with `WIREBOOK_GOLDEN=write`, writes) each output with its golden
/// file; returns the files that differ.
struct Goldens {
    write: bool,
    differ: Vec<String>,
}

impl Goldens {
    fn new() -> Self {
        std::fs::create_dir_all("tests/golden").unwrap();
        Self {
            write: std::env::var("WIREBOOK_GOLDEN").is_ok_and(|v| v == "write"),
            differ: Vec::new(),
        }
    }

    fn compare(&mut self, file: String, got: String) {
        let path = Path::new("tests/golden").join(&file);
        if self.write {
            std::fs::write(&path, &got).unwrap();
        } else {
            match std::fs::read_to_string(&path) {
                Ok(want) if want == got => {}
                Ok(_) => self.differ.push(format!("{file} differs")),
                Err(_) => self
                    .differ
                    .push(format!("{file} is missing (WIREBOOK_GOLDEN=write)")),
            }
        }
    }

    fn assert_same(self) {
        assert!(self.differ.is_empty(), "{}", self.differ.join("\n"));
    }
}

/// Every `check` format of every other input (`half` 0 or 1: the inputs are split in
/// two tests so they run on both cores).
fn check_formats(half: usize) {
    let mut g = Goldens::new();
    for input in inputs().into_iter().skip(half).step_by(2) {
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
                g.compare("sarif-rules.json".to_owned(), format!("{rules:#}\n"));
                got = format!("{log:#}\n");
            }
            g.compare(format!("{}.{format}", name(&input)), got);
        }
    }
    g.assert_same();
}

#[test]
fn check_outputs_are_the_same_as_before_first_half() {
    check_formats(0);
}

#[test]
fn check_outputs_are_the_same_as_before_second_half() {
    check_formats(1);
}

#[test]
fn report_and_organization_outputs_are_the_same_as_before() {
    let mut g = Goldens::new();
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
        g.compare(format!("report.{format}"), got);
    }
    for format in ["markdown", "json"] {
        let org = "tests/org_fixtures";
        let got = run(&["people", "--today", TODAY, "--format", format, org]);
        g.compare(format!("people.{format}"), got);
        let got = run(&[
            "show",
            "--today",
            TODAY,
            "--format",
            format,
            "bank-export",
            org,
        ]);
        g.compare(format!("show.{format}"), got);
        let got = run(&[
            "offboard", "--today", TODAY, "--format", format, "@dave", org,
        ]);
        g.compare(format!("offboard.{format}"), got);
    }
    g.assert_same();
}
