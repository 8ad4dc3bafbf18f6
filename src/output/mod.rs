//! One file per `--format` value. Only this module (and the commands) print.

use std::io::{self, Write};

use crate::engine::Run;

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod summary;

/// The formats of `wirebook check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

/// How to print.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    pub quiet: bool,
}

/// Writes a run in `format`.
///
/// # Errors
/// Writing to `w` failed.
pub fn write(format: Format, run: &Run, style: Style, w: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(run, style, w),
        Format::Json => json::write(run, w),
        Format::Github => github::write(run, w),
        Format::Sarif => sarif::write(run, w),
        Format::Junit => junit::write(run, w),
    }
}

/// A path as CI tools want it: forward slashes, no leading `./`.
#[must_use]
pub fn slash_path(path: &str) -> String {
    let mut p = if std::path::MAIN_SEPARATOR == '\\' {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    p
}

/// `file:line:col: severity RULE [name] message`, one finding on one line.
#[must_use]
pub fn concise(d: &crate::diagnostic::Diagnostic) -> String {
    format!(
        "{}:{}:{}: {} {} [{}] {}",
        slash_path(&d.file),
        d.span.line,
        d.span.column,
        d.severity,
        d.rule,
        d.name,
        d.message
    )
}
