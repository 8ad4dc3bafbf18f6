//! Every `in.yaml` of the YAML test suite (`../shared/corpus/yaml-test-suite/`): no
//! panic, no hang; each invalid case (a file named `error` beside it) yields a WB001
//! finding located inside the text, each valid case yields none, and each valid case
//! with an `in.json` parses to the suite's values. Cases where the parser disagrees
//! with the suite are listed below by name, each with the reason; a listed case that
//! starts to agree fails the test, so the lists cannot rot.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value as Json;
use wirebook::config::Config;
use wirebook::discover::Candidate;
use wirebook::document::{parse, ProblemKind, SourceText};
use wirebook::engine::{check_files, Options};

/// Longest any single case may take (debug build, shared machine).
const PER_CASE: Duration = Duration::from_secs(10);

/// Invalid per the suite but accepted by wirebook: (case, why). None today: every
/// one of the 94 invalid cases gets a WB001. Add a case here only with a reason.
const ACCEPTED_INVALID: &[(&str, &str)] = &[];

/// Valid per the suite but reported as WB001: (case, why). None today.
const REJECTED_VALID: &[(&str, &str)] = &[];

/// Valid cases whose parsed values differ from `in.json`: (case, why).
const OTHER_VALUES: &[(&str, &str)] = &[];

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

/// Every case of the suite as (name, folder).
fn all_cases() -> Vec<(String, PathBuf)> {
    let root = corpus();
    let mut dirs = Vec::new();
    cases(&root, &mut dirs);
    assert!(
        dirs.len() > 300,
        "only {} cases under {}",
        dirs.len(),
        root.display()
    );
    dirs.into_iter()
        .map(|dir| {
            let name = dir.strip_prefix(&root).unwrap().display().to_string();
            (name, dir)
        })
        .collect()
}

enum Event<T> {
    Start(String),
    Done(String, Result<T, String>),
    Finished,
}

/// Runs `f` on each case in a worker thread, failing on a panic or on a case that takes
/// longer than [`PER_CASE`]; returns each case's result.
fn each_case<T: Send + 'static>(
    cases: Vec<(String, PathBuf)>,
    f: fn(&Path) -> T,
) -> Vec<(String, PathBuf, T)> {
    let (tx, rx) = mpsc::channel();
    let work = cases.clone();
    std::thread::spawn(move || {
        for (name, dir) in work {
            tx.send(Event::Start(name.clone())).unwrap();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&dir)))
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
    let mut out = Vec::new();
    let mut panics = Vec::new();
    let mut current = String::new();
    loop {
        match rx.recv_timeout(PER_CASE) {
            Ok(Event::Start(name)) => current = name,
            Ok(Event::Done(name, Ok(value))) => {
                let dir = cases.iter().find(|(n, _)| *n == name).unwrap().1.clone();
                out.push((name, dir, value));
            }
            Ok(Event::Done(name, Err(panic))) => panics.push(format!("{name}: panicked: {panic}")),
            Ok(Event::Finished) => break,
            Err(_) => panic!("case {current} did not finish within {PER_CASE:?} (hang?)"),
        }
    }
    assert!(panics.is_empty(), "{}", panics.join("\n"));
    assert_eq!(out.len(), cases.len());
    out
}

/// (line, column) of each WB001 finding of `in.yaml`, checked through the engine.
fn wb001_locations(dir: &Path) -> Vec<(usize, usize)> {
    let options = Options {
        today: wirebook::interval::parse_date("2026-11-29").unwrap(),
        members: None,
    };
    let candidate = Candidate {
        path: dir.join("in.yaml"),
        explicit: true,
    };
    check_files(
        std::slice::from_ref(&candidate),
        &Config::default(),
        &options,
    )
    .diagnostics
    .iter()
    .filter(|d| d.rule == "WB001")
    .map(|d| (d.span.line, d.span.column))
    .collect()
}

/// Is (line, column) inside `text`, or just after its end?
fn inside(text: &str, (line, column): (usize, usize)) -> bool {
    let src = SourceText::new(text.to_owned());
    let lines = src.line_count() + 1;
    if line < 1 || line > lines || column < 1 {
        return false;
    }
    let start = src.offset(line, 0);
    let next = src.offset(line + 1, 0);
    column <= text[start..next].chars().count() + 1
}

fn check_listed(problems: &mut Vec<String>, list: &[(&str, &str)], name: &str, agrees: bool) {
    let listed = list.iter().any(|(n, _)| *n == name);
    if agrees && listed {
        problems.push(format!(
            "{name}: now agrees with the suite: remove it from its list"
        ));
    }
}

#[test]
fn every_case_parses_without_panic_or_hang() {
    let cases = all_cases();
    let mut problems = Vec::new();
    let mut invalid_cases = 0;
    for (name, dir, found) in each_case(cases, wb001_locations) {
        let invalid = dir.join("error").exists();
        invalid_cases += usize::from(invalid);
        let text =
            String::from_utf8_lossy(&std::fs::read(dir.join("in.yaml")).unwrap()).into_owned();
        if let Some(at) = found.iter().find(|&&at| !inside(&text, at)) {
            problems.push(format!("{name}: WB001 at {at:?}, outside the text"));
        }
        let flagged = !found.is_empty();
        if invalid {
            check_listed(&mut problems, ACCEPTED_INVALID, &name, flagged);
            if !flagged && !ACCEPTED_INVALID.iter().any(|(n, _)| *n == name) {
                problems.push(format!("{name}: invalid YAML without a WB001 finding"));
            }
        } else {
            check_listed(&mut problems, REJECTED_VALID, &name, !flagged);
            if flagged && !REJECTED_VALID.iter().any(|(n, _)| *n == name) {
                problems.push(format!("{name}: valid YAML reported as WB001 at {found:?}"));
            }
        }
    }
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

/// The documents of `in.yaml` as JSON (YAML 1.2 core schema), and those of `in.json`.
fn values(dir: &Path) -> Option<(Vec<Json>, Vec<Json>)> {
    let json = std::fs::read_to_string(dir.join("in.json")).ok()?;
    let expected = serde_json::Deserializer::from_str(&json)
        .into_iter::<Json>()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{}: in.json: {e}", dir.display()));
    let text = std::fs::read_to_string(dir.join("in.yaml")).unwrap();
    let parsed = parse(&SourceText::new(text));
    let syntax = parsed
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::Syntax);
    let got = if syntax {
        vec![Json::String("<syntax error>".to_owned())]
    } else {
        parsed.documents.iter().map(|d| d.root.to_json()).collect()
    };
    Some((got, expected))
}

/// JSON equality where numbers compare by value: JSON has one number type, so the
/// suite writes YAML's `450.00` as `450`.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn valid_cases_have_the_suites_values() {
    let valid: Vec<_> = all_cases()
        .into_iter()
        .filter(|(_, dir)| !dir.join("error").exists())
        .collect();
    let mut problems = Vec::new();
    let mut compared = 0;
    for (name, _, result) in each_case(valid, values) {
        let Some((got, expected)) = result else {
            continue;
        };
        compared += 1;
        let agrees =
            got.len() == expected.len() && got.iter().zip(&expected).all(|(g, e)| same(g, e));
        check_listed(&mut problems, OTHER_VALUES, &name, agrees);
        if !agrees && !OTHER_VALUES.iter().any(|(n, _)| *n == name) {
            problems.push(format!(
                "{name}: parsed {}\n  suite  {}",
                Json::Array(got),
                Json::Array(expected)
            ));
        }
    }
    assert!(compared > 250, "only {compared} cases with in.json");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// (rule, line, column, message) of every finding of one in-memory file.
fn findings(text: &str) -> Vec<(String, usize, usize, String)> {
    let options = Options {
        today: wirebook::interval::parse_date("2026-11-29").unwrap(),
        members: None,
    };
    let files = [("doc.yaml".to_owned(), text.to_owned())];
    wirebook::engine::check_texts(&files, &Config::default(), &options)
        .diagnostics
        .into_iter()
        .map(|d| (d.rule.to_owned(), d.span.line, d.span.column, d.message))
        .collect()
}

const GAPPY: &str = include_str!("../examples/integrations/legacy-payroll.yaml");

/// The example with one space after each `:` and `,` turned into a tab (so columns stay)
/// and a tab before a comment after some values.
fn with_tabs(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace(": ", ":\t").replace(", ", ",\t");
            if line.ends_with(char::is_alphanumeric) && !line.trim_start().starts_with('#') {
                line + "\t# note"
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn line_breaks_boms_and_tabs_change_no_finding() {
    let base = findings(GAPPY);
    assert!(base.len() > 20, "{base:#?}");
    assert!(!base.iter().any(|f| f.0 == "WB001"));
    let tabbed = with_tabs(GAPPY);
    assert!(tabbed.contains("app:\tPayrollPro\t# note"), "{tabbed}");
    let shapes = [
        ("CRLF", GAPPY.replace('\n', "\r\n")),
        ("CR only", GAPPY.replace('\n', "\r")),
        ("BOM", format!("\u{feff}{GAPPY}")),
        (
            "BOM and CRLF",
            format!("\u{feff}{}", GAPPY.replace('\n', "\r\n")),
        ),
        ("tabs", tabbed.clone()),
        ("tabs and CRLF", tabbed.replace('\n', "\r\n")),
        ("tabs and CR only", tabbed.replace('\n', "\r")),
    ];
    for (shape, text) in shapes {
        assert_eq!(findings(&text), base, "{shape}");
    }
}

#[test]
fn a_syntax_error_is_located_alike_in_every_shape() {
    let broken = GAPPY.replace("mechanism: file-transfer", "mechanism: [file-transfer");
    let base = findings(&broken);
    assert_eq!(base.len(), 1, "{base:#?}");
    assert_eq!(base[0].0, "WB001");
    assert!(base[0].1 > 25, "{base:?}");
    let tabbed = with_tabs(&broken);
    // The tabbed text has comments the base has not: compare it with its spaced twin.
    let spaced = findings(&tabbed.replace('\t', " "));
    assert_eq!(spaced.len(), 1, "{spaced:#?}");
    for (shape, text, base) in [
        ("CRLF", broken.replace('\n', "\r\n"), &base),
        ("CR only", broken.replace('\n', "\r"), &base),
        ("BOM", format!("\u{feff}{broken}"), &base),
        ("tabs", tabbed.clone(), &spaced),
        ("tabs and CR only", tabbed.replace('\n', "\r"), &spaced),
    ] {
        let found = findings(&text);
        assert_eq!(found.len(), 1, "{shape}: {found:#?}");
        assert_eq!((found[0].1, found[0].2), (base[0].1, base[0].2), "{shape}");
    }
}

#[test]
fn tabs_separate_as_yaml_1_2_says() {
    let cases = [
        ("app:\tNotion\n", r#"{"app":"Notion"}"#),
        ("a: 1\t# c\nb: x\t\n", r#"{"a":1,"b":"x"}"#),
        ("-\titem\n-\t-1\n", r#"["item",-1]"#),
        ("[a,\tb]\n", r#"["a","b"]"#),
        ("{a:\tb,\tc:\t[1,\t2]}\n", r#"{"a":"b","c":[1,2]}"#),
        ("{\"a\":\tb}\n", r#"{"a":"b"}"#),
        ("k:\t\"x:\ty\"\n", r#"{"k":"x:\ty"}"#),
        ("k:\t'x:\ty'\n", r#"{"k":"x:\ty"}"#),
        ("k:\t|\n  a:\tb\n", r#"{"k":"a:\tb\n"}"#),
        ("k:\t>\n  a:\tb\n", r#"{"k":"a:\tb\n"}"#),
        ("? a\n:\tb\n", r#"{"a":"b"}"#),
        ("a:\t\tb\r\nc:\td\r", r#"{"a":"b","c":"d"}"#),
    ];
    for (text, json) in cases {
        let parsed = parse(&SourceText::new(text.to_owned()));
        assert!(
            parsed.problems.is_empty(),
            "{text:?}: {:?}",
            parsed.problems
        );
        let got = parsed.documents[0].root.to_json();
        assert_eq!(got, serde_json::from_str::<Json>(json).unwrap(), "{text:?}");
    }
    // Tabs may separate but never indent, nor start a block collection after `:`.
    for text in [
        "a:\n\tb: 1\n",
        "? a\n:\t- b\n",
        "? a\n:\tk: v\n",
        "a:\t- b\n",
        "-\t- x\n",
    ] {
        let parsed = parse(&SourceText::new(text.to_owned()));
        let syntax: Vec<_> = parsed
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Syntax)
            .collect();
        assert_eq!(syntax.len(), 1, "{text:?}: {:?}", parsed.problems);
    }
}
