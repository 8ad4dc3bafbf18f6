//! `wirebook rule [ID]`: a rule's explanation, or the catalogue.

use std::io::Write;

use miette::IntoDiagnostic;

use crate::cli::RuleArgs;
use crate::rules::{by_id, RULES};

/// Prints one rule or the list.
///
/// # Errors
/// An unknown rule ID (exit 2), or stdout failing.
pub fn run(args: &RuleArgs) -> miette::Result<u8> {
    let mut out = std::io::stdout().lock();
    match &args.id {
        Some(id) => {
            let meta = by_id(id).ok_or_else(|| {
                miette::miette!(
                    help = "`wirebook rule` lists every rule",
                    "unknown rule `{id}`"
                )
            })?;
            writeln!(
                out,
                "# {} ({})\n\nDefault severity: {}. Fires when {}.\n\n{}",
                meta.name,
                meta.id,
                meta.severity,
                meta.summary,
                meta.explanation()
            )
            .into_diagnostic()?;
        }
        None => {
            for rule in RULES {
                let m = rule.meta();
                writeln!(
                    out,
                    "{}  {:<26} {:<8} {}",
                    m.id,
                    m.name,
                    m.severity.as_str(),
                    m.summary
                )
                .into_diagnostic()?;
            }
        }
    }
    Ok(0)
}
