//! `wirebook check`.

use std::io::Write;

use miette::IntoDiagnostic;

use crate::cli::{CheckArgs, Global, EXIT_FINDINGS, EXIT_OK};
use crate::diagnostic::Severity;
use crate::engine::{self, Options, Run};
use crate::output::{self, Format, Style};

/// The default format: `github` inside GitHub Actions, else `human`.
#[must_use]
pub fn default_format() -> Format {
    if std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
        Format::Github
    } else {
        Format::Human
    }
}

/// The exit code for a finished run.
#[must_use]
pub fn exit_code(run: &Run) -> u8 {
    if run
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Lists skipped files on stderr with `-v`.
pub fn print_skipped(global: &Global, run: &Run) {
    if global.verbose {
        for (path, reason) in &run.skipped {
            eprintln!("skipped {path}: {reason}");
        }
    }
}

/// Runs `wirebook check`.
///
/// # Errors
/// Configuration, discovery or output failures (exit 2).
pub fn run(global: &Global, args: &CheckArgs) -> miette::Result<u8> {
    let config = super::load_config(global)?;
    // WB308 needs the organization's answers before the rules run.
    let members = if args.github {
        Some(crate::github::check_members(
            &args.paths,
            args.repo.as_deref(),
            &config,
        )?)
    } else {
        None
    };
    let options = Options {
        today: super::today(global),
        members,
    };
    let mut run = engine::check(&args.paths, &config, &options).into_diagnostic()?;
    if let Some(git_ref) = &args.changed_since {
        super::changed::restrict_to_git(&mut run, git_ref).map_err(|e| miette::miette!("{e}"))?;
    }
    print_skipped(global, &run);
    if !args.offline {
        check_links(global, args.format, &config, &mut run)?;
    }
    print_run(global, args.format, &run)?;
    output::summary::write_for_github(&run, args.changed_since.as_deref());
    let code = exit_code(&run);
    // The process ends next: freeing every document tree one by one would only delay it.
    std::mem::forget(run);
    Ok(code)
}

/// Prints the findings on stdout in `--format` (or the default for the environment).
///
/// # Errors
/// Writing to stdout failed.
pub fn print_run(global: &Global, format: Option<Format>, run: &Run) -> miette::Result<()> {
    let style = Style {
        color: super::use_color(global),
        quiet: global.quiet,
    };
    let mut lock = std::io::stdout().lock();
    output::write(format.unwrap_or_else(default_format), run, style, &mut lock)
        .into_diagnostic()?;
    lock.flush().into_diagnostic()
}

/// Checks the run's URLs (WB501–WB503) and adds the findings. Warnings and the
/// summary line go to stderr unless `--quiet`; the progress bar only for the human
/// format on a terminal.
///
/// # Errors
/// The link checker could not start (exit 2).
pub fn check_links(
    global: &Global,
    format: Option<Format>,
    config: &crate::config::Config,
    run: &mut Run,
) -> miette::Result<()> {
    let mut settings = crate::links::Settings::for_config(&config.links);
    settings.progress = !global.quiet && format.unwrap_or_else(default_format) == Format::Human;
    let report =
        crate::links::check_blocking(run, config, &settings).map_err(miette::Report::msg)?;
    if !global.quiet {
        for w in &report.warnings {
            eprintln!("warning: {w}");
        }
        if report.stats.found > 0 {
            eprintln!("{}", report.stats.line());
        }
    }
    run.extend(config, report.findings);
    Ok(())
}
