//! `wirebook offboard @handle`: the handover plan before someone leaves, offline;
//! with `--issue`, the one GitHub issue per person that tracks it, kept in line as
//! the sweep keeps its issues (marker, fingerprint, no duplicate after an ambiguous
//! create). The plan goes to stdout; what was done on GitHub to stderr.

use std::collections::BTreeSet;

use crate::cli::{Global, OffboardArgs, PeopleFormat, EXIT_OK, EXIT_TROUBLE};
use crate::config::Config;
use crate::github::gaps::Place;
use crate::github::plan;
use crate::github::sync::{self, Notes};
use crate::github::{issues, Session};
use crate::people::handover::{self, Handover};
use crate::people::issue::{self as handover_issue, HANDOVER};
use crate::people::markdown::{self, Style};
use crate::people::{extract, json, Mentions};

fn trouble(message: &str) -> u8 {
    eprintln!("wirebook: {message}");
    EXIT_TROUBLE
}

/// Runs `wirebook offboard`.
///
/// # Errors
/// Configuration, discovery or output failures (exit 2). GitHub failures are
/// reported on stderr with what was and was not done, and give exit code 2.
pub fn run(global: &Global, args: &OffboardArgs) -> miette::Result<u8> {
    let key = handover::normalize(&args.person);
    if !key.chars().any(char::is_alphanumeric) {
        return Ok(trouble(&format!(
            "`{}` names nobody: give a handle such as @dave, a team such as @acme/it, or an e-mail address",
            args.person
        )));
    }
    let config = super::load_config(global)?;
    let mentions = super::per_document(global, &config, &args.paths, extract)?;
    let plan = handover::plan(&mentions, &key);
    if plan.entries.is_empty() {
        hint(&mentions, &key);
    }
    let text = match args.format {
        PeopleFormat::Markdown => markdown::handover(
            &plan,
            &Style {
                heading: true,
                place: &markdown::plain_place,
            },
        ),
        PeopleFormat::Json => json::handover(&plan),
    };
    super::print(&text)?;
    if args.issue {
        return Ok(sync_issue(global, args, &config, &plan));
    }
    Ok(EXIT_OK)
}

/// When nobody by that name appears: the closest names, on stderr.
fn hint(mentions: &[Mentions], key: &str) {
    let mut names: Vec<&str> = mentions
        .iter()
        .flat_map(|m| m.mentions.iter().map(|x| x.key.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut scored: Vec<(f64, &str)> = names
        .into_iter()
        .map(|n| (strsim::jaro_winkler(key, n), n))
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    if !scored.is_empty() {
        let near: Vec<&str> = scored.iter().take(3).map(|(_, n)| *n).collect();
        eprintln!(
            "wirebook: no document names {key}; did you mean {}?",
            near.join(", ")
        );
    }
}

fn sync_issue(global: &Global, args: &OffboardArgs, config: &Config, h: &Handover) -> u8 {
    let session = match Session::from_env(args.repo.as_deref(), config) {
        Ok(s) => s,
        Err(e) => return trouble(&format!("{e}; nothing was written to GitHub")),
    };
    let place = Place::detect(&session.repo.to_string());
    let desired: Vec<plan::Desired> = handover_issue::desired(h, &place).into_iter().collect();
    let swept: BTreeSet<String> = [handover_issue::marker_id(&h.key)].into();
    let label = &config.github.label;
    let existing = match session.runtime.block_on(issues::list_marked(
        &session.client,
        &session.repo,
        label,
        handover_issue::parse_marker,
    )) {
        Ok(e) => e,
        Err(e) => {
            return trouble(&format!(
                "GitHub could not be brought in line: {}. Nothing was written; check that {} is the repository and that the token has `issues: write` on it, then rerun.",
                session.client.scrub(&e.to_string()),
                session.repo
            ))
        }
    };
    let plan = plan::plan(&desired, &swept, &existing, 1);
    let outcome = session.runtime.block_on(sync::apply_kind(
        &session.client,
        &session.repo,
        label,
        &plan.actions,
        &Notes { at: String::new() },
        &HANDOVER,
    ));
    if !global.quiet {
        for d in &outcome.done {
            eprintln!("{d}");
        }
        if plan.actions.is_empty() {
            eprintln!(
                "{}",
                if plan.unchanged.is_empty() {
                    format!(
                        "No handover issue for {} in {}: nothing to do.",
                        h.key, session.repo
                    )
                } else {
                    format!(
                        "The handover issue for {} in {} already matches the plan (#{}, unchanged).",
                        h.key,
                        session.repo,
                        plan.unchanged[0]
                    )
                }
            );
        }
    }
    match outcome.failure(
        "Rerun `wirebook offboard --issue`: it lists the issues again and finishes without duplicates.",
    ) {
        Some(msg) => trouble(&msg),
        None => EXIT_OK,
    }
}
