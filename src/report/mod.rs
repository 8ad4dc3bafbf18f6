//! `wirebook report`: the status of every integration (workflow steps, review
//! schedule, open findings) and the data flows between apps, as Markdown, a
//! self-contained HTML page, JSON or an iCalendar feed of review dates.
//!
//! [`model::build`] turns an offline [`crate::engine::Run`] into a [`Report`]; one
//! module per format prints it. Rows are sorted most urgent first
//! ([`model::Integration::urgency`], documented in `docs/report.md`).

pub mod graph;
pub mod html;
pub mod ics;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod merge;
pub mod mermaid;
pub mod model;
pub mod people;
pub mod repository;
mod svg;

pub use model::{build, Report};

use crate::cli::ReportFormat;
use model::{Counts, Integration, ReviewState};

/// Renders `report` in `format`.
#[must_use]
pub fn render(format: ReportFormat, report: &Report) -> String {
    match format {
        ReportFormat::Markdown => markdown::render(report),
        ReportFormat::Html => html::render(report),
        ReportFormat::Json => json::render(report),
        ReportFormat::Ics => ics::render(report),
    }
}

/// True when the rows come from more than one repository (or some from an
/// unknown one): then every row shows its repository.
#[must_use]
pub fn several_repositories(report: &Report) -> bool {
    let mut seen: Vec<Option<&str>> = Vec::new();
    for i in &report.integrations {
        let r = i.repository.as_deref();
        if !seen.contains(&r) {
            seen.push(r);
        }
    }
    seen.len() > 1
}

/// "overdue by 3 days", "due in 10 days", "due today", "never reviewed".
#[must_use]
pub fn review_text(i: &Integration, report: &Report) -> String {
    let days = i.days_to_review(report.today);
    match (i.review, days) {
        (ReviewState::Missing, _) | (_, None) => "never reviewed".to_owned(),
        (_, Some(0)) => "due today".to_owned(),
        (_, Some(d)) if d < 0 => format!("overdue by {}", plural(d.unsigned_abs(), "day")),
        (_, Some(d)) => format!("due in {}", plural(d.unsigned_abs(), "day")),
    }
}

/// "2 errors, 1 warning" or "none".
#[must_use]
pub fn findings_text(c: Counts) -> String {
    let parts: Vec<String> = [
        (c.errors, "error"),
        (c.warnings, "warning"),
        (c.infos, "info"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|&(n, word)| plural(n as u64, word))
    .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Counts for the headline: (integrations, reviews overdue or missing, due soon, with errors).
#[must_use]
pub fn headline(report: &Report) -> String {
    let items = &report.integrations;
    let overdue = items
        .iter()
        .filter(|i| i.document.is_some() && i.review == ReviewState::Overdue)
        .count();
    let missing = items
        .iter()
        .filter(|i| i.document.is_some() && i.review == ReviewState::Missing)
        .count();
    let soon = items
        .iter()
        .filter(|i| i.review == ReviewState::DueSoon)
        .count();
    let errors = items.iter().filter(|i| i.findings.errors > 0).count();
    format!(
        "{} · {overdue} overdue, {missing} never reviewed, {soon} due within {} · {errors} with errors",
        plural(items.len() as u64, "integration"),
        plural(u64::from(report.warn_days), "day"),
    )
}
