//! Arbitrary bytes through the whole offline check (size, NUL and UTF-8 refusals,
//! parse, schema, every rule) with the default configuration: no panic, and every
//! finding's span (and related span) lies within its file's text, on char boundaries,
//! at the line and column its offset has.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wirebook::config::Config;
use wirebook::document::{SourceText, Span};
use wirebook::engine::{check_bytes, Options};

fn check_span(text: &SourceText, span: Span, what: &str) {
    let len = text.text().len();
    assert!(
        span.start <= span.end && span.end <= len,
        "{what}: span {span:?} outside 0..{len}"
    );
    let t = text.text();
    assert!(
        t.is_char_boundary(span.start) && t.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
    if len > 0 {
        assert_eq!(
            text.position(span.start),
            (span.line, span.column),
            "{what}: span {span:?} has another line or column than its offset"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let options = Options {
        today: wirebook::interval::parse_date("2026-11-29").unwrap(),
        members: None,
    };
    let files = vec![("fuzz.yaml".to_owned(), data.to_vec())];
    let run = check_bytes(&files, &Config::default(), &options);
    for d in &run.diagnostics {
        let empty = SourceText::new(String::new());
        let text = run.source(&d.file).unwrap_or(&empty);
        check_span(text, d.span, d.rule);
        for r in d.related.iter().filter(|r| r.file == d.file) {
            check_span(text, r.span, d.rule);
        }
    }
});
