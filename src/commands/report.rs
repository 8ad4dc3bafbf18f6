//! `wirebook report` (not built yet).

use crate::cli::{Global, ReportArgs};

/// Runs `wirebook report`.
///
/// # Errors
/// Always, until the report is built.
pub fn run(_global: &Global, _args: &ReportArgs) -> miette::Result<u8> {
    Err(miette::miette!(
        "`wirebook report` is not available in this build yet"
    ))
}
