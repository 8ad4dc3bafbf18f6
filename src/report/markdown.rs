//! `--format markdown`: a status table (most urgent first) and a Mermaid
//! `flowchart LR` of the apps and data flows, within what GitHub renders
//! ([`mermaid::fit`]).

use std::fmt::Write;

use super::graph::Graph;
use super::mermaid;
use super::model::{Integration, ReviewState, Step, StepState};
use super::{findings_text, headline, review_text, Report};

/// Escapes text for a Markdown table cell: Markdown punctuation and inline HTML
/// are backslash-escaped, `|` cannot end the cell, newlines become spaces.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A code span when the text is plain enough, else escaped text.
fn code(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./@ ".contains(c))
    {
        format!("`{s}`")
    } else {
        escape(s)
    }
}

fn step_cell(step: &Step) -> String {
    let date = |d: Option<jiff::civil::Date>| d.map(|d| format!(" {d}")).unwrap_or_default();
    match step.state {
        StepState::Completed => format!("✅{}", date(step.completed_on)),
        StepState::Overdue => format!("🔴 overdue (due{})", date(step.deadline)),
        StepState::Pending => format!("⏳ due{}", date(step.deadline)),
        StepState::NotStarted => "⚪ not started".to_owned(),
    }
}

fn review_cell(i: &Integration, report: &Report) -> String {
    let text = review_text(i, report);
    match (i.review, i.next_review) {
        (ReviewState::Overdue, Some(d)) => format!("🔴 **{d}** ({text})"),
        (ReviewState::DueSoon, Some(d)) => format!("🟡 **{d}** ({text})"),
        (ReviewState::Ok, Some(d)) => format!("🟢 {d} ({text})"),
        _ if i.document.is_none() => "—".to_owned(),
        _ => format!("🔴 **{text}**"),
    }
}

fn name_cell(i: &Integration) -> String {
    let mut cell = format!("**{}**", escape(i.name()));
    if let (Some(id), Some(_)) = (&i.id, &i.title) {
        let _ = write!(cell, "<br>{}", code(id));
    }
    if i.document.is_none() {
        cell.push_str("<br>unreadable file");
    }
    cell
}

fn findings_cell(i: &Integration) -> String {
    let text = findings_text(i.findings);
    if i.findings.errors > 0 {
        format!("🔴 {text}")
    } else if i.findings.warnings > 0 {
        format!("🟡 {text}")
    } else {
        text
    }
}

/// The status table, one row per integration, in the report's (urgency) order.
#[must_use]
pub fn table(report: &Report) -> String {
    let mut out = String::from(
        "| Integration | Tier | Owners | Primary | Secondary | Validation | Security | Last review | Next review | Findings | File |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let several = super::several_repositories(report);
    for i in &report.integrations {
        let mut cells = vec![
            name_cell(i),
            i.tier.as_deref().map_or_else(|| "—".to_owned(), escape),
            if i.owners.is_empty() {
                "—".to_owned()
            } else {
                i.owners
                    .iter()
                    .map(|o| escape(o))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ];
        cells.extend(i.steps.iter().map(step_cell));
        cells.push(
            i.last_reviewed
                .map_or_else(|| "never".to_owned(), |d| d.to_string()),
        );
        cells.push(review_cell(i, report));
        cells.push(findings_cell(i));
        match (&i.repository, several) {
            (Some(repo), true) => cells.push(format!("{} · {}", code(repo), code(&i.file))),
            _ => cells.push(code(&i.file)),
        }
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

/// The whole Markdown report.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = format!(
        "# Integration status\n\n{} (as of {}).\n\nMost urgent first: overdue or missing reviews, then error findings, \
         overdue workflow steps, reviews due soon, warnings; then by tier.\n\n",
        headline(report),
        report.today
    );
    if report.integrations.is_empty() {
        out.push_str("No wirebook documents found.\n");
    } else {
        out.push_str(&table(report));
    }
    out.push_str("\n## Data flows\n\n");
    let graph = Graph::build(report);
    if graph.nodes.is_empty() {
        out.push_str("No apps documented.\n");
    } else {
        let fitted = mermaid::fit(&graph);
        let _ = write!(out, "```mermaid\n{}```\n", fitted.source);
        if let Some(note) = fitted.note {
            let _ = write!(out, "\n{note}\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(escape("a|b\nc"), "a\\|b c");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(code("x`y"), "x\\`y");
        assert_eq!(code("a/b.yaml"), "`a/b.yaml`");
    }
}
