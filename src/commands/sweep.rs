//! `wirebook sweep` (not built yet).

use crate::cli::{Global, SweepArgs};

/// Runs `wirebook sweep`.
///
/// # Errors
/// Always, until the sweep is built.
pub fn run(_global: &Global, _args: &SweepArgs) -> miette::Result<u8> {
    Err(miette::miette!(
        "`wirebook sweep` is not available in this build yet"
    ))
}
