//! Per-rule fixtures: `tests/fixtures/<ID>/pass.yaml` must not fire the rule,
//! `fail.yaml` must, and the human and JSON output of `fail.yaml` is snapshotted.
//! A `wirebook.toml` beside them configures the check. Today is 2026-11-29.
//!
//! `WIREBOOK_RULE=WB301 cargo test --test rules` checks one rule.

use std::path::{Path, PathBuf};

use wirebook::config::Config;
use wirebook::engine::{check, Options, Run};
use wirebook::output::{self, Format, Style};
use wirebook::rules::RULES;

const TODAY: &str = "2026-11-29";

/// Rules whose findings need a server (links, GitHub): tested in their own suites.
fn needs_network(id: &str) -> bool {
    id.starts_with("WB5") || id == "WB308"
}

fn run(dir: &Path, file: &str) -> Run {
    let config_file = dir.join("wirebook.toml");
    let config = if config_file.is_file() {
        Config::load(Some(&config_file), dir).expect("fixture config loads")
    } else {
        Config::default()
    };
    let options = Options {
        today: wirebook::interval::parse_date(TODAY).unwrap(),
        members: None,
    };
    check(&[dir.join(file)], &config, &options).expect("fixture exists")
}

fn render(run: &Run, format: Format) -> String {
    let mut out = Vec::new();
    output::write(format, run, Style { color: false, quiet: false }, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_rule_has_passing_and_failing_fixtures() {
    let filter = std::env::var("WIREBOOK_RULE").ok();
    let mut problems = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        if needs_network(id) || filter.as_deref().is_some_and(|f| f != id) {
            continue;
        }
        let dir = PathBuf::from("tests/fixtures").join(id);
        if !dir.join("pass.yaml").is_file() || !dir.join("fail.yaml").is_file() {
            problems.push(format!("{id}: missing {}/pass.yaml or fail.yaml", dir.display()));
            continue;
        }
        let pass = run(&dir, "pass.yaml");
        let fired: Vec<_> = pass.diagnostics.iter().filter(|d| d.rule == id).collect();
        if !fired.is_empty() {
            problems.push(format!("{id}: pass.yaml fires the rule: {fired:#?}"));
        }
        let fail = run(&dir, "fail.yaml");
        if !fail.diagnostics.iter().any(|d| d.rule == id) {
            problems.push(format!("{id}: fail.yaml does not fire the rule"));
        }
        insta::with_settings!({snapshot_suffix => id, omit_expression => true}, {
            insta::assert_snapshot!("human", render(&fail, Format::Human));
            insta::assert_snapshot!("json", render(&fail, Format::Json));
        });
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
