//! One file per `--format` value. Only this module (and the commands) print.

use std::io::{self, Write};

use crate::engine::Run;

pub mod human;
pub mod json;
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
        Format::Github | Format::Sarif | Format::Junit => {
            let _ = (run, w);
            Err(io::Error::other(format!(
                "--format {format:?} is not available yet"
            )))
        }
    }
}
