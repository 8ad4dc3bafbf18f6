//! `wirebook report`: the status of every integration as Markdown, HTML, JSON or ICS.

use std::io::Write;

use miette::{Context, IntoDiagnostic};

use crate::cli::{Global, ReportArgs, EXIT_OK};
use crate::engine::{self, Options};
use crate::report;

/// Runs `wirebook report`. A report is not a verdict: it exits 0 whatever it shows.
///
/// # Errors
/// Configuration, discovery or write failures (exit 2).
pub fn run(global: &Global, args: &ReportArgs) -> miette::Result<u8> {
    let config = super::load_config(global)?;
    let today = super::today(global);
    let options = Options {
        today,
        members: None,
    };
    let run = engine::check(&args.paths, &config, &options).into_diagnostic()?;
    super::check::print_skipped(global, &run);
    let text = report::render(args.format, &report::build(&run, &config, today));
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write the report to {}", path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(text.as_bytes()).into_diagnostic()?;
            lock.flush().into_diagnostic()?;
        }
    }
    Ok(EXIT_OK)
}
