//! `wirebook check`.

use std::io::Write;

use miette::IntoDiagnostic;

use crate::baseline::{Baseline, Paths};
use crate::cli::{CheckArgs, Global, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::config::Config;
use crate::diagnostic::{Applicability, Severity};
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
    // Load the baseline first: a bad one is exit 2 before any work is done.
    let baseline = match (
        &args.write_baseline,
        args.baseline.as_ref().or(config.baseline.as_ref()),
    ) {
        (None, Some(file)) => Some((
            Baseline::load(file).map_err(miette::Report::msg)?,
            Paths::for_file(file),
        )),
        _ => None,
    };
    let mut run = full_check(global, args, &config, &options)?;
    print_skipped(global, &run);
    if args.fix || args.diff {
        let min = if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let summary = super::fix::fix_run(&run, &config, &options, min, args.diff);
        super::fix::report_problems(&summary);
        if args.diff {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            super::fix::print_diffs(&summary, &config, &options, &mut out).into_diagnostic()?;
            out.flush().into_diagnostic()?;
            if !global.quiet {
                eprintln!("{}", summary.line(true));
            }
            let trouble = !summary.failures.is_empty();
            return Ok(if trouble {
                EXIT_TROUBLE
            } else {
                u8::from(summary.changed_files() > 0)
            });
        }
        if !global.quiet {
            eprintln!("{}", summary.line(false));
        }
        if !summary.failures.is_empty() {
            return Ok(EXIT_TROUBLE);
        }
        if summary.changed_files() > 0 {
            run = full_check(global, args, &config, &options)?;
        }
    }
    if let Some(file) = &args.write_baseline {
        let file = file.clone().unwrap_or_else(|| {
            config
                .baseline
                .clone()
                .unwrap_or_else(|| crate::baseline::DEFAULT_FILE.into())
        });
        let b = Baseline::from_run(&run, &Paths::for_file(&file));
        b.write(&file).into_diagnostic()?;
        if !global.quiet {
            let kept = run
                .diagnostics
                .iter()
                .filter(|d| crate::baseline::NEVER.contains(&d.rule))
                .count();
            eprintln!(
                "wrote {} ({} entries){}",
                file.display(),
                b.entries.len(),
                if kept > 0 {
                    format!("; {kept} WB104 findings are never baselined: remove the credentials")
                } else {
                    String::new()
                }
            );
        }
        return Ok(EXIT_OK);
    }
    if let Some((b, paths)) = &baseline {
        b.apply(&mut run, paths);
    }
    print_run(global, args.format, &run)?;
    output::summary::write_for_github(&run, args.changed_since.as_deref());
    let code = exit_code(&run);
    // The process ends next: freeing the run (facts, findings, any kept trees) would only
    // delay it.
    std::mem::forget(run);
    Ok(code)
}

/// The offline check, `--changed-since`, then the links (unless `--offline`).
fn full_check(
    global: &Global,
    args: &CheckArgs,
    config: &Config,
    options: &Options,
) -> miette::Result<Run> {
    // Streaming: each tree is released once its rules have run; `--changed-since`
    // reads the trees afterwards, the link checker the URLs.
    let keep = engine::Keep {
        trees: args.changed_since.is_some(),
        urls: !args.offline,
        ..engine::Keep::FACTS
    };
    let mut run = engine::check_keeping(&args.paths, config, options, keep).into_diagnostic()?;
    if let Some(git_ref) = &args.changed_since {
        super::changed::restrict_to_git(&mut run, git_ref).map_err(|e| miette::miette!("{e}"))?;
    }
    if !args.offline {
        check_links(global, args.format, config, &mut run)?;
        run.settle_links(config);
    }
    run.restore_sources();
    Ok(run)
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
    // Buffered: the standard output is line-buffered, a system call per line of output.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output::write(format.unwrap_or_else(default_format), run, style, &mut out).into_diagnostic()?;
    out.flush().into_diagnostic()
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
