//! `--format json`: exactly the object of SPEC section 4.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Summary;
use crate::engine::Run;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    applicability: &'a str,
    description: &'a str,
}

/// Writes the run as one JSON object and a newline.
///
/// # Errors
/// Writing failed.
pub fn write(run: &Run, w: &mut dyn Write) -> io::Result<()> {
    let output = Output {
        version: 1,
        findings: run
            .diagnostics
            .iter()
            .map(|d| Finding {
                rule: d.rule,
                name: d.name,
                severity: d.severity.as_str(),
                message: &d.message,
                help: &d.help,
                file: &d.file,
                line: d.span.line,
                column: d.span.column,
                document: d.document.as_deref(),
                fix: d.fix.as_ref().map(|f| FixOut {
                    applicability: f.applicability.as_str(),
                    description: &f.description,
                }),
            })
            .collect(),
        summary: run.summary(),
    };
    serde_json::to_writer_pretty(&mut *w, &output)?;
    writeln!(w)
}
