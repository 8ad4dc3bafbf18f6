//! `--format junit`: JUnit XML for CI test dashboards.
//!
//! One `<testsuite>` per file and one `<testcase>` per document (named by its
//! `metadata.id`, else by the file). A document with error findings fails, its
//! failure listing each of them with `file:line:col`; warnings and infos go to the
//! test case's `<system-out>`. A file without any readable document (a syntax error,
//! a binary file) is one test case named by the file.

use std::collections::HashMap;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::slash_path;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{CheckedFile, Run};

/// Writes the run as a JUnit XML report.
///
/// # Errors
/// Writing failed.
pub fn write(run: &Run, w: &mut dyn Write) -> io::Result<()> {
    let xml = to_report(run).to_string().map_err(io::Error::other)?;
    w.write_all(xml.as_bytes())?;
    if !xml.ends_with('\n') {
        writeln!(w)?;
    }
    Ok(())
}

/// The JUnit report of a run.
#[must_use]
pub fn to_report(run: &Run) -> Report {
    let mut by_file: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in &run.diagnostics {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let mut report = Report::new("wirebook");
    for file in &run.files {
        let findings = by_file.remove(file.path.as_str()).unwrap_or_default();
        report.add_test_suite(suite(file, &findings));
    }
    report
}

fn suite(file: &CheckedFile, findings: &[&Diagnostic]) -> TestSuite {
    let path = slash_path(&file.path);
    let mut suite = TestSuite::new(path.as_str());
    // Each finding belongs to the last document that starts at or before it.
    let mut groups: Vec<Vec<&Diagnostic>> = vec![Vec::new(); file.documents.len().max(1)];
    for d in findings {
        let at = file
            .documents
            .iter()
            .rposition(|doc| doc.span.start <= d.span.start)
            .unwrap_or(0);
        groups[at].push(d);
    }
    for (i, group) in groups.iter().enumerate() {
        let name = match file.documents.get(i) {
            Some(doc) => match &doc.id {
                Some(id) => id.clone(),
                None if file.documents.len() > 1 => format!("{path} (document {})", doc.index + 1),
                None => path.clone(),
            },
            None => path.clone(),
        };
        suite.add_test_case(case(&name, &path, group));
    }
    suite
}

fn case(name: &str, path: &str, findings: &[&Diagnostic]) -> TestCase {
    let line = |d: &Diagnostic| {
        let mut s = super::concise(d);
        if !d.help.is_empty() {
            s.push_str("\n  help: ");
            s.push_str(&d.help);
        }
        s
    };
    let (errors, others): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        findings.iter().partition(|d| d.severity == Severity::Error);
    let status = match errors.first() {
        None => TestCaseStatus::success(),
        Some(first) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let more = match errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            status.set_message(format!(
                "{} {}: {} at {}:{}:{}{more}",
                first.rule,
                first.name,
                first.message,
                slash_path(&first.file),
                first.span.line,
                first.span.column
            ));
            let mut rules: Vec<&str> = errors.iter().map(|d| d.rule).collect();
            rules.sort_unstable();
            rules.dedup();
            status.set_type(rules.join(","));
            status.set_description(
                errors
                    .iter()
                    .map(|d| line(d))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            status
        }
    };
    let mut case = TestCase::new(name, status);
    case.set_classname(path);
    if !others.is_empty() {
        case.set_system_out(
            others
                .iter()
                .map(|d| line(d))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    case
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::document::{SourceText, Span};
    use crate::engine::{check_texts, Options};

    fn span(start: usize, line: usize) -> Span {
        Span {
            start,
            end: start,
            line,
            column: 1,
        }
    }

    fn diag(severity: Severity, start: usize, line: usize, message: &str) -> Diagnostic {
        Diagnostic {
            rule: "WB301",
            name: "review-overdue",
            severity,
            message: message.to_owned(),
            help: "review <it> & commit".to_owned(),
            file: "a.yaml".to_owned(),
            span: span(start, line),
            document: None,
            related: Vec::new(),
            pointer: String::new(),
            fix: None,
            doc: None,
        }
    }

    #[test]
    fn one_case_per_document_failures_for_errors_only() {
        let text = "apiVersion: wirebook.dev/v1\nmetadata: {id: one}\n---\napiVersion: wirebook.dev/v1\nmetadata: {id: two}\n";
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        let mut run = check_texts(
            &[("a.yaml".to_owned(), text.to_owned())],
            &crate::config::Config::default(),
            &options,
        );
        let second = text.find("---").unwrap() + 4;
        run.diagnostics = vec![
            diag(Severity::Warning, 0, 1, "only a warning"),
            diag(Severity::Error, second, 4, "first <error>"),
            diag(Severity::Error, second + 5, 5, "second error"),
        ];
        let xml = to_report(&run).to_string().unwrap();
        let parsed = Report::deserialize_from_str(&xml).expect("well-formed JUnit XML");
        assert_eq!(parsed.tests, 2);
        assert_eq!(parsed.failures, 1);
        let suite = &parsed.test_suites[0];
        assert_eq!(suite.name.as_str(), "a.yaml");
        let one = &suite.test_cases[0];
        assert_eq!(one.name.as_str(), "one");
        assert!(matches!(one.status, TestCaseStatus::Success { .. }));
        assert!(one
            .system_out
            .as_ref()
            .unwrap()
            .as_str()
            .contains("a.yaml:1:1: warning WB301"));
        let two = &suite.test_cases[1];
        assert_eq!(two.name.as_str(), "two");
        let TestCaseStatus::NonSuccess {
            message,
            description,
            ..
        } = &two.status
        else {
            panic!("document two should fail: {two:?}");
        };
        assert_eq!(
            message.as_ref().unwrap().as_str(),
            "WB301 review-overdue: first <error> at a.yaml:4:1 (and 1 more)"
        );
        let description = description.as_ref().unwrap().as_str();
        assert!(description.contains("a.yaml:5:1: error WB301 [review-overdue] second error"));
        assert!(description.contains("help: review <it> & commit"));
    }

    #[test]
    fn a_file_without_documents_is_one_case_named_by_the_file() {
        let run = Run {
            files: vec![CheckedFile::new(
                "./bad.yaml".to_owned(),
                Arc::new(SourceText::new(String::new())),
                Vec::new(),
            )],
            diagnostics: vec![Diagnostic {
                file: "./bad.yaml".to_owned(),
                ..diag(Severity::Error, 0, 1, "binary")
            }],
            ..Run::default()
        };
        let parsed = Report::deserialize_from_str(&to_report(&run).to_string().unwrap()).unwrap();
        assert_eq!(
            parsed.test_suites[0].test_cases[0].name.as_str(),
            "bad.yaml"
        );
        assert_eq!(parsed.failures, 1);
    }
}
