//! Every `in.yaml` of the YAML test suite (`../shared/corpus/yaml-test-suite/`): no
//! panic, no hang; each invalid case (a file named `error` beside it) yields a WB001
//! finding with a line, and each valid case yields none. Cases where the parser
//! disagrees with the suite are listed below by name, each with the reason.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use wirebook::config::Config;
use wirebook::discover::Candidate;
use wirebook::engine::{check_files, Options};

/// Longest any single case may take (debug build, shared machine).
const PER_CASE: Duration = Duration::from_secs(10);

/// Invalid per the suite but accepted by wirebook: (case, why). None today: every
/// one of the 94 invalid cases gets a WB001. Add a case here only with a reason.
const ACCEPTED_INVALID: &[(&str, &str)] = &[];

/// Valid per the suite but reported as WB001: (case, why). None today.
const REJECTED_VALID: &[(&str, &str)] = &[];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/corpus/yaml-test-suite"))
        .find(|dir| dir.is_dir())
        .expect("../shared/corpus/yaml-test-suite is next to the project")
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            cases(&path, out);
        } else if path.file_name().is_some_and(|n| n == "in.yaml") {
            out.push(path.parent().unwrap().to_path_buf());
        }
    }
}

enum Event {
    Start(String),
    Done(String, Result<Vec<u64>, String>),
    Finished,
}

#[test]
fn every_case_parses_without_panic_or_hang() {
    let root = corpus();
    let mut dirs = Vec::new();
    cases(&root, &mut dirs);
    assert!(
        dirs.len() > 300,
        "only {} cases under {}",
        dirs.len(),
        root.display()
    );

    let (tx, rx) = mpsc::channel();
    let worker_dirs = dirs.clone();
    let worker_root = root.clone();
    std::thread::spawn(move || {
        let options = Options {
            today: wirebook::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        let config = Config::default();
        for dir in worker_dirs {
            let name = dir
                .strip_prefix(&worker_root)
                .unwrap()
                .display()
                .to_string();
            tx.send(Event::Start(name.clone())).unwrap();
            let candidate = Candidate {
                path: dir.join("in.yaml"),
                explicit: true,
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_files(std::slice::from_ref(&candidate), &config, &options)
            }))
            .map(|run| {
                run.diagnostics
                    .iter()
                    .filter(|d| d.rule == "WB001")
                    .map(|d| d.span.line as u64)
                    .collect()
            })
            .map_err(|panic| {
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            });
            tx.send(Event::Done(name, result)).unwrap();
        }
        tx.send(Event::Finished).unwrap();
    });

    let mut problems = Vec::new();
    let mut current = String::new();
    let mut seen = 0;
    let mut invalid_cases = 0;
    loop {
        match rx.recv_timeout(PER_CASE) {
            Ok(Event::Start(name)) => current = name,
            Ok(Event::Done(name, result)) => {
                seen += 1;
                let invalid = root.join(&name).join("error").exists();
                invalid_cases += usize::from(invalid);
                match result {
                    Err(panic) => problems.push(format!("{name}: panicked: {panic}")),
                    Ok(lines) => {
                        let flagged = !lines.is_empty();
                        let accepted = ACCEPTED_INVALID.iter().any(|(n, _)| *n == name);
                        let rejected = REJECTED_VALID.iter().any(|(n, _)| *n == name);
                        let text = std::fs::read(root.join(&name).join("in.yaml")).unwrap();
                        let last = text.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                        if lines.iter().any(|&l| l < 1 || l > last) {
                            problems
                                .push(format!("{name}: WB001 outside lines 1..={last}: {lines:?}"));
                        }
                        if invalid && !flagged && !accepted {
                            problems.push(format!("{name}: invalid YAML without a WB001 finding"));
                        }
                        if invalid && flagged && accepted {
                            problems.push(format!(
                                "{name}: now rejected: remove it from ACCEPTED_INVALID"
                            ));
                        }
                        if !invalid && flagged && !rejected {
                            problems
                                .push(format!("{name}: valid YAML reported as WB001 at {lines:?}"));
                        }
                        if !invalid && !flagged && rejected {
                            problems.push(format!(
                                "{name}: now accepted: remove it from REJECTED_VALID"
                            ));
                        }
                    }
                }
            }
            Ok(Event::Finished) => break,
            Err(_) => panic!("case {current} did not finish within {PER_CASE:?} (hang?)"),
        }
    }
    assert_eq!(seen, dirs.len());
    assert!(
        invalid_cases > 50,
        "only {invalid_cases} invalid cases found"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
