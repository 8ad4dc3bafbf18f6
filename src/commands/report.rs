//! `wirebook report`: the status of every integration as Markdown, HTML, JSON or ICS,
//! from the documents under the paths or, with `--merge`, from several repositories'
//! JSON reports.

use std::io::Write;
use std::path::Path;

use miette::{Context, IntoDiagnostic};

use crate::cli::{Global, ReportArgs, EXIT_OK};
use crate::engine::{self, Options};
use crate::report::{self, repository, Report};

/// Runs `wirebook report`. A report is not a verdict: it exits 0 whatever it shows.
///
/// # Errors
/// Configuration, discovery, merge input or write failures (exit 2).
pub fn run(global: &Global, args: &ReportArgs) -> miette::Result<u8> {
    let report = if args.merge.is_empty() {
        from_documents(global, args)?
    } else {
        report::merge::merge(&args.merge, global.today).map_err(|e| miette::miette!("{e}"))?
    };
    let text = report::render(args.format, &report);
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

fn from_documents(global: &Global, args: &ReportArgs) -> miette::Result<Report> {
    let repo = match &args.repo {
        Some(r) => Some(repository::valid(r).ok_or_else(|| {
            miette::miette!("--repo {r:?}: expected OWNER/NAME (letters, digits, `-`, `_`, `.`)")
        })?),
        None => repository::detect(args.paths.first().map_or(Path::new("."), |p| p.as_path())),
    };
    let config = super::load_config(global)?;
    let today = super::today(global);
    let options = Options {
        today,
        members: None,
    };
    let extract = report::model::extractor(&config, today);
    let keep = engine::Keep {
        extract: Some(&extract),
        ..engine::Keep::FACTS
    };
    let run = engine::check_keeping(&args.paths, &config, &options, keep).into_diagnostic()?;
    super::check::print_skipped(global, &run);
    let mut report = report::build(&run, &config, today);
    for i in &mut report.integrations {
        i.repository.clone_from(&repo);
    }
    Ok(report)
}
