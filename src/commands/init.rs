//! `wirebook init` (template writer; not built yet).

use crate::cli::{Global, InitArgs};

/// Runs `wirebook init`.
///
/// # Errors
/// Always, until init is built.
pub fn run(_global: &Global, _args: &InitArgs) -> miette::Result<u8> {
    Err(miette::miette!(
        "`wirebook init` is not available in this build yet"
    ))
}
