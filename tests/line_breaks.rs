//! The same document written with LF, CRLF or lone CR line breaks, or with a BOM,
//! gives the same findings at the same lines and columns in every output: JSON, the
//! SARIF regions (end positions included) and the human snippets with their line
//! numbers.

use serde_json::Value;
use wirebook::config::Config;
use wirebook::engine::{check_texts, Options};
use wirebook::output::{self, Format, Style};

const GAPPY: &str = include_str!("../examples/integrations/legacy-payroll.yaml");

/// The example with a value spread over two lines (`tier` is not a list: WB002 there).
fn document() -> String {
    let text = GAPPY.replace("  tier: high\n", "  tier: [high,\n    low]\n");
    assert_ne!(text, GAPPY);
    text
}

fn render(text: &str, format: Format) -> String {
    let options = Options {
        today: wirebook::interval::parse_date("2026-11-20").unwrap(),
        members: None,
    };
    let files = [("doc.yaml".to_owned(), text.to_owned())];
    let run = check_texts(&files, &Config::default(), &options);
    let mut out = Vec::new();
    output::write(format, &run, Style::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Each SARIF result as (rule, startLine, startColumn, endLine, endColumn).
fn regions(sarif: &str) -> Vec<(String, u64, u64, u64, u64)> {
    let value: Value = serde_json::from_str(sarif).unwrap();
    value["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            let n = |k: &str| region[k].as_u64().unwrap_or(0);
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                n("startLine"),
                n("startColumn"),
                n("endLine"),
                n("endColumn"),
            )
        })
        .collect()
}

fn shapes() -> Vec<(&'static str, String)> {
    let lf = document();
    vec![
        ("CRLF", lf.replace('\n', "\r\n")),
        ("CR only", lf.replace('\n', "\r")),
        ("BOM", format!("\u{feff}{lf}")),
        (
            "BOM and CR only",
            format!("\u{feff}{}", lf.replace('\n', "\r")),
        ),
    ]
}

#[test]
fn json_findings_do_not_depend_on_line_breaks() {
    let base = render(&document(), Format::Json);
    let value: Value = serde_json::from_str(&base).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert!(findings.len() > 20, "{base}");
    let tier = findings.iter().find(|f| f["rule"] == "WB002").unwrap();
    assert_eq!(
        (tier["line"].as_u64(), tier["column"].as_u64()),
        (Some(9), Some(9))
    );
    for (shape, text) in shapes() {
        assert_eq!(render(&text, Format::Json), base, "{shape}");
    }
}

#[test]
fn sarif_regions_end_on_the_right_line() {
    let base = regions(&render(&document(), Format::Sarif));
    let tier = base.iter().find(|r| r.0 == "WB002").unwrap();
    assert_eq!(tier, &("WB002".to_owned(), 9, 9, 10, 9), "{base:#?}");
    assert!(base.iter().all(|r| r.3 >= r.1 && r.3 > 0), "{base:#?}");
    for (shape, text) in shapes() {
        assert_eq!(regions(&render(&text, Format::Sarif)), base, "{shape}");
    }
}

#[test]
fn human_snippets_show_the_same_lines() {
    let base = render(&document(), Format::Human);
    assert!(
        base.contains("  9 | ,->   tier: [high,\n 10 | |->     low]\n"),
        "{base}"
    );
    for (shape, text) in shapes() {
        let out = render(&text, Format::Human);
        // A lone CR is shown as a line break; CRLF renders as LF in miette.
        assert_eq!(out.replace('\u{feff}', ""), base, "{shape}");
    }
}
