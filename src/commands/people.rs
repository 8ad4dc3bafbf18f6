//! `wirebook people`: every person and team named in the documents, their
//! integrations and roles, and the integrations that depend on a single person.

use crate::cli::{Global, PeopleArgs, PeopleFormat, EXIT_OK};
use crate::people::{directory, extract, json, markdown};

/// Runs `wirebook people`. Like `report`, it is not a verdict: exit 0.
///
/// # Errors
/// Configuration, discovery or output failures (exit 2).
pub fn run(global: &Global, args: &PeopleArgs) -> miette::Result<u8> {
    let config = super::load_config(global)?;
    let mentions = super::per_document(global, &config, &args.paths, extract)?;
    let dir = directory::build(&mentions);
    let text = match args.format {
        PeopleFormat::Markdown => markdown::directory(&dir),
        PeopleFormat::Json => json::directory(&dir),
    };
    super::print(&text)?;
    Ok(EXIT_OK)
}
