//! Arbitrary documents through the fix engine: every applicable fix, safe and unsafe,
//! until nothing changes. The verifier may refuse any edit, but a text it lets through
//! must parse (no WB001), hold no more schema errors (WB002) than the input, and keep a
//! second round from changing it again only when that round has fixes left; no panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wirebook::config::Config;
use wirebook::diagnostic::Applicability;
use wirebook::engine::{check_texts, Options};
use wirebook::fix::fix_text;

fn count(text: &str, rule: &str, options: &Options) -> usize {
    check_texts(&[("fuzz.yaml".to_owned(), text.to_owned())], &Config::default(), options)
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .count()
}

fn one(text: &str, options: &Options) {
    let out = fix_text("fuzz.yaml", text, &[], &Config::default(), options, Applicability::Unsafe);
    if !out.changed() {
        return;
    }
    assert_eq!(count(&out.fixed, "WB001", options), 0, "a fix broke the YAML:\n{text}\n----\n{}", out.fixed);
    assert!(
        count(&out.fixed, "WB002", options) <= count(text, "WB002", options),
        "a fix added a schema error:\n{text}\n----\n{}",
        out.fixed
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() > 64 * 1024 || text.contains('\0') {
        return;
    }
    let options = Options {
        today: wirebook::interval::parse_date("2026-11-29").unwrap(),
        members: None,
    };
    one(text, &options);
    if !text.contains("apiVersion") {
        one(&format!("apiVersion: wirebook.dev/v1\nkind: Integration\n{text}"), &options);
    }
});
