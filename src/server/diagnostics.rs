//! Findings as LSP diagnostics: the finding's byte span as the range (in the
//! negotiated encoding), `code` the rule ID, `source` "wirebook", the severity mapped,
//! and `relatedInformation` for the other places a finding names (WB004's other
//! duplicate, WB003's first key).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    Code, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    Position, Range, Uri,
};

use super::encoding::Encoding;
use super::session::File;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;

/// `source` of every diagnostic.
pub const SOURCE: &str = "wirebook";

/// The `file://` URI of a path.
#[must_use]
pub fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path).ok()
}

/// The LSP range of a span in `file`; a span that does not fit its text (a file
/// refused before parsing) falls back to its line and column.
#[must_use]
pub fn range_in(file: Option<&File>, span: Span, enc: Encoding) -> Range {
    if let Some(f) = file {
        if span.end <= f.text.len() {
            let r = f.lines.range(&f.text, span.start, span.end, enc);
            if r.start.line as usize + 1 == span.line || span.line == 0 {
                return r;
            }
        }
    }
    let at = Position {
        line: u32::try_from(span.line.saturating_sub(1)).unwrap_or(0),
        character: u32::try_from(span.column.saturating_sub(1)).unwrap_or(0),
    };
    Range { start: at, end: at }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::Error,
        Severity::Warning => DiagnosticSeverity::Warning,
        Severity::Info => DiagnosticSeverity::Information,
    }
}

/// One finding of `file` as an LSP diagnostic; `files` resolves related places.
#[must_use]
pub fn to_lsp(
    d: &Diagnostic,
    file: &File,
    files: &BTreeMap<PathBuf, File>,
    enc: Encoding,
) -> LspDiagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let path = PathBuf::from(&r.file);
            let uri = uri_of(&path)?;
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri,
                    range: range_in(files.get(&path), r.span, enc),
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    if !d.help.is_empty() && d.help != d.message {
        message.push_str("\nhelp: ");
        message.push_str(&d.help);
    }
    LspDiagnostic {
        range: range_in(Some(file), d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(Code::String(d.rule.to_owned())),
        source: Some(SOURCE.to_owned()),
        message: message.into(),
        related_information: (!related.is_empty()).then_some(related),
        ..LspDiagnostic::default()
    }
}

/// Every finding of `file` as LSP diagnostics.
#[must_use]
pub fn of_file(file: &File, files: &BTreeMap<PathBuf, File>, enc: Encoding) -> Vec<LspDiagnostic> {
    file.diagnostics
        .iter()
        .map(|d| to_lsp(d, file, files, enc))
        .collect()
}
