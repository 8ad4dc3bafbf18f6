//! `wirebook sweep`: check, then make the repository's wirebook issues match the gaps
//! (SPEC section 5). Findings go to stdout in the chosen format; the plan goes to
//! stdout in the human format (stderr otherwise, so JSON stays parseable); progress
//! and problems go to stderr. Exit 0/1 by findings as for `check`; 2 when GitHub
//! could not be brought in line.

use std::io::Write;
use std::sync::Arc;

use miette::IntoDiagnostic;

use crate::cli::{Global, SweepArgs, EXIT_TROUBLE};
use crate::engine::{self, Options};
use crate::github::client::GhError;
use crate::github::gaps::{self, Place};
use crate::github::plan::{self, Plan};
use crate::github::sync::{self, Notes};
use crate::github::{issues, Session};
use crate::output::Format;

use super::check::{default_format, exit_code, print_skipped};

fn trouble(message: &str) -> u8 {
    eprintln!("wirebook: {message}");
    EXIT_TROUBLE
}

/// Runs `wirebook sweep`.
///
/// # Errors
/// Configuration, discovery or output failures (exit 2). GitHub failures are
/// reported on stderr and give exit code 2.
pub fn run(global: &Global, args: &SweepArgs) -> miette::Result<u8> {
    let config = super::load_config(global)?;
    let session = match Session::from_env(args.repo.as_deref(), &config) {
        Ok(s) => s,
        Err(e) => return Ok(trouble(&e.0)),
    };
    let members = match session.members(&args.paths) {
        Ok(m) => m,
        Err(e) => return Ok(trouble(&format!("{e}; nothing was written to GitHub"))),
    };
    let options = Options {
        today: super::today(global),
        members: Some(Arc::new(members)),
    };
    let mut run = engine::check(&args.paths, &config, &options).into_diagnostic()?;
    print_skipped(global, &run);
    if !args.offline {
        super::check::check_links(global, args.format, &config, &mut run)?;
        run.settle_links(&config);
    }
    super::check::print_run(global, args.format, &run)?;
    let format = args.format.unwrap_or_else(default_format);
    let findings = exit_code(&run);

    let place = Place::detect(&session.repo.to_string());
    let (desired, swept, notes) = gaps::desired(
        &run,
        config.github.min_severity,
        &place,
        config.github.assign_owners,
    );
    for n in notes {
        eprintln!("wirebook: {n}");
    }
    let label = &config.github.label;
    let existing =
        match session
            .runtime
            .block_on(issues::list(&session.client, &session.repo, label))
        {
            Ok(e) => e,
            Err(e) => {
                let hint = match &e {
                    GhError::Status {
                        status: 403 | 404, ..
                    } => format!(
                    "check that {} is the repository and that the token has `issues: write` on it",
                    session.repo
                ),
                    _ => "rerun the sweep when GitHub answers".to_owned(),
                };
                return Ok(trouble(&format!(
                    "GitHub could not be brought in line: {}. Nothing was written; {hint}.",
                    session.client.scrub(&e.to_string())
                )));
            }
        };
    let max = args.max_issues.unwrap_or(config.github.max_issues);
    let plan = plan::plan(&desired, &swept, &existing, max);

    let mut out: Box<dyn Write> = if format == Format::Human {
        Box::new(std::io::stdout())
    } else {
        Box::new(std::io::stderr())
    };
    if args.dry_run {
        print_plan(&mut out, &plan, &session.repo.to_string()).into_diagnostic()?;
        return Ok(findings);
    }
    let at = place.links.sha.as_deref().map_or_else(String::new, |sha| {
        format!("at commit {}", &sha[..sha.len().min(12)])
    });
    let outcome = session.runtime.block_on(sync::apply(
        &session.client,
        &session.repo,
        label,
        &plan.actions,
        &Notes { at },
    ));
    if !global.quiet {
        for d in &outcome.done {
            writeln!(out, "{d}").into_diagnostic()?;
        }
        let unchanged = plan.unchanged.len();
        if plan.actions.is_empty() {
            writeln!(
                out,
                "GitHub issues of {} already match the findings ({unchanged} open, unchanged).",
                session.repo
            )
            .into_diagnostic()?;
        } else if unchanged > 0 {
            writeln!(out, "{unchanged} open issue(s) unchanged.").into_diagnostic()?;
        }
        print_leftovers(&mut out, &plan).into_diagnostic()?;
    }
    out.flush().into_diagnostic()?;
    if let Some(msg) = outcome.failure(
        "Rerun `wirebook sweep`: it lists the issues again and finishes without duplicates.",
    ) {
        return Ok(trouble(&msg));
    }
    Ok(findings)
}

fn print_plan(out: &mut dyn Write, plan: &Plan, repo: &str) -> std::io::Result<()> {
    writeln!(
        out,
        "Plan for the wirebook issues of {repo} (dry run: nothing is written):"
    )?;
    if plan.actions.is_empty() {
        writeln!(out, "  nothing to do")?;
    }
    for a in &plan.actions {
        writeln!(out, "  {a}")?;
    }
    if !plan.unchanged.is_empty() {
        writeln!(out, "  {} open issue(s) unchanged", plan.unchanged.len())?;
    }
    print_leftovers(out, plan)
}

fn print_leftovers(out: &mut dyn Write, plan: &Plan) -> std::io::Result<()> {
    if !plan.over_cap.is_empty() {
        writeln!(
            out,
            "  not opened (--max-issues reached; the next sweep opens them): {}",
            plan.over_cap.join(", ")
        )?;
    }
    for (number, id) in &plan.untouched {
        writeln!(
            out,
            "  left open: #{number} (`{id}` was not part of this sweep)"
        )?;
    }
    Ok(())
}
