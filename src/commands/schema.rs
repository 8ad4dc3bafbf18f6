//! `wirebook schema`: print the embedded JSON Schema.

use std::io::Write;

use miette::IntoDiagnostic;

/// Prints the schema.
///
/// # Errors
/// Writing to stdout failed.
pub fn run() -> miette::Result<u8> {
    std::io::stdout()
        .write_all(crate::schema::SCHEMA_TEXT.as_bytes())
        .into_diagnostic()?;
    Ok(0)
}
