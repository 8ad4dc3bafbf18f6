//! `wirebook show APP|ID`: the 2am runbook of one integration or app.

use crate::cli::{Global, ShowArgs, ShowFormat, EXIT_OK, EXIT_TROUBLE};
use crate::show::page::{self, By, Clock, Found};
use crate::show::{extract, human, json, markdown};

/// Runs `wirebook show`: exit 0 with the page, 2 when nothing or several things match.
///
/// # Errors
/// Configuration, discovery or output failures (exit 2).
pub fn run(global: &Global, args: &ShowArgs) -> miette::Result<u8> {
    let config = super::load_config(global)?;
    let books = super::per_document(global, &config, &args.paths, extract)?;
    let by = if args.id {
        By::Id
    } else if args.app {
        By::App
    } else {
        By::Any
    };
    let clock = Clock {
        today: super::today(global),
        interval: config.review_interval,
        warn_days: config.warn_days,
    };
    let what = match by {
        By::Id => "integration (metadata.id)",
        By::App => "app",
        By::Any => "integration (metadata.id) or app",
    };
    let query = args.query.trim();
    match page::find(&books, query, by, &clock) {
        Found::Page(p) => {
            let text = match args.format {
                ShowFormat::Human => human::render(&p),
                ShowFormat::Markdown => markdown::render(&p),
                ShowFormat::Json => json::render(&p),
            };
            super::print(&text)?;
            Ok(EXIT_OK)
        }
        Found::NoMatch(near) => {
            let mut msg = format!("wirebook: no {what} named `{query}`");
            if books.is_empty() {
                msg.push_str(": no wirebook documents were found");
            } else if !near.is_empty() {
                msg.push_str(&format!("; closest: {}", near.join(", ")));
            }
            eprintln!("{msg}");
            Ok(EXIT_TROUBLE)
        }
        Found::Ambiguous(matches) => {
            eprintln!("wirebook: `{query}` is ambiguous; it matches:");
            for m in &matches {
                eprintln!("  {m}");
            }
            eprintln!("Pass --id or --app to choose.");
            Ok(EXIT_TROUBLE)
        }
    }
}
