//! `--format html`: one self-contained page (inline CSS and script, no fonts, no
//! requests; a Content-Security-Policy forbids any) with a sortable, filterable
//! table and the data-flow graph as inline SVG. Responsive and printable.

use std::fmt::Write;

use super::graph::Graph;
use super::model::{Integration, ReviewState, Step, StepState};
use super::{findings_text, headline, review_text, svg, Report};

/// Escapes text for HTML content and attribute values.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

fn cell(label: &str, sort: &str, html: &str) -> String {
    format!(
        "<td data-label=\"{}\" data-sort=\"{}\">{html}</td>",
        escape(label),
        escape(sort)
    )
}

fn badge(class: &str, text: &str) -> String {
    format!("<span class=\"badge {class}\">{}</span>", escape(text))
}

/// A date on its own line, never broken: `<br><span class="date">due 2026-11-07</span>`.
fn date(text: &str) -> String {
    format!("<br><span class=\"date\">{}</span>", escape(text))
}

fn when(prefix: &str, d: Option<jiff::civil::Date>) -> String {
    d.map(|d| date(&format!("{prefix}{d}"))).unwrap_or_default()
}

fn step_cell(step: &Step) -> String {
    let (rank, html) = match step.state {
        StepState::Completed => (
            3,
            format!("{}{}", badge("ok", "done"), when("", step.completed_on)),
        ),
        StepState::Overdue => (
            0,
            format!("{}{}", badge("bad", "overdue"), when("due ", step.deadline)),
        ),
        StepState::Pending => (
            1,
            format!(
                "{}{}",
                badge("warn", "pending"),
                when("due ", step.deadline)
            ),
        ),
        StepState::NotStarted => (2, badge("muted", "not started")),
    };
    cell(step.label, &rank.to_string(), &html)
}

fn review_cell(i: &Integration, report: &Report) -> String {
    let text = review_text(i, report);
    let due = i.next_review.map(|d| d.to_string());
    let html = match (i.review, &due) {
        (_, _) if i.document.is_none() => "—".to_owned(),
        (ReviewState::Overdue, Some(d)) => format!("{}{}", badge("bad", &text), date(d)),
        (ReviewState::DueSoon, Some(d)) => format!("{}{}", badge("warn", &text), date(d)),
        (ReviewState::Ok, Some(d)) => format!("{}{}", badge("ok", &text), date(d)),
        _ => badge("bad", &text),
    };
    // Never reviewed sorts first, as the most overdue.
    cell("Next review", due.as_deref().unwrap_or("0000-00-00"), &html)
}

fn row(rank: usize, i: &Integration, report: &Report, several: bool) -> String {
    let mut name = format!("<strong>{}</strong>", escape(i.name()));
    if let (Some(id), Some(_)) = (&i.id, &i.title) {
        let _ = write!(name, "<br><code>{}</code>", escape(id));
    }
    if i.document.is_none() {
        name.push_str("<br>unreadable file");
    }
    if several {
        let _ = write!(
            name,
            "<br><code class=\"repo\">{}</code>",
            escape(i.repository.as_deref().unwrap_or("repository unknown"))
        );
    }
    let _ = write!(
        name,
        "<br><code class=\"file\">{}</code>",
        escape(&i.file).replace('/', "/<wbr>")
    );
    let f = i.findings;
    let findings_class = if f.errors > 0 {
        "bad"
    } else if f.warnings > 0 {
        "warn"
    } else {
        "ok"
    };
    let tier = i.tier.as_deref().unwrap_or("—");
    let tier_rank = match tier {
        "critical" => 0,
        "high" => 1,
        "medium" => 2,
        "low" => 3,
        _ => 4,
    };
    let owners = i.owners.join(", ");
    let mut cells = vec![
        cell("#", &rank.to_string(), &rank.to_string()),
        cell("Integration", &i.name().to_lowercase(), &name),
        cell("Tier", &tier_rank.to_string(), &escape(tier)),
        cell(
            "Owners",
            &owners.to_lowercase(),
            &if owners.is_empty() {
                "—".to_owned()
            } else {
                escape(&owners)
            },
        ),
    ];
    cells.extend(i.steps.iter().map(step_cell));
    let last = i.last_reviewed.map(|d| d.to_string());
    cells.push(cell(
        "Last review",
        last.as_deref().unwrap_or("0000-00-00"),
        &format!(
            "<span class=\"date\">{}</span>",
            escape(last.as_deref().unwrap_or("never"))
        ),
    ));
    cells.push(review_cell(i, report));
    cells.push(cell(
        "Findings",
        &(f.errors * 1_000_000 + f.warnings * 1_000 + f.infos).to_string(),
        &badge(findings_class, &findings_text(f)),
    ));
    format!(
        "<tr data-urgency=\"{}\">{}</tr>\n",
        i.urgency(),
        cells.concat()
    )
}

/// Column headers: (label, numeric sort?).
const COLUMNS: [(&str, bool); 11] = [
    ("#", true),
    ("Integration", false),
    ("Tier", true),
    ("Owners", false),
    ("Primary", true),
    ("Secondary", true),
    ("Validation", true),
    ("Security", true),
    ("Last review", false),
    ("Next review", false),
    ("Findings", true),
];

/// The graph with its controls: app search, zoom buttons, the selected app's panel.
fn graph_section(graph: &Graph) -> String {
    let Some(svg) = svg::render(graph) else {
        return "<p>No apps documented.</p>\n".to_owned();
    };
    let mut out = format!(
        "<p class=\"note\">{} apps, {} flows between {} pairs of apps. Click an app, or search for one, to highlight its flows and neighbours; \
         scroll or use + and − to zoom, drag to pan; with the graph focused, keys + − 0 and the arrows do the same, Esc clears.</p>\n\
         <div class=\"controls graph-controls\"><label for=\"app-search\">App</label> \
         <input id=\"app-search\" type=\"search\" list=\"app-names\" placeholder=\"search an app…\" autocomplete=\"off\"> \
         <button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\">+</button>\
         <button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\">−</button>\
         <button type=\"button\" id=\"zoom-fit\">Fit</button> \
         <output id=\"app-found\" for=\"app-search\"></output></div>\n<datalist id=\"app-names\">",
        graph.nodes.len(),
        graph.flow_count(),
        graph.edges.len(),
    );
    for n in &graph.nodes {
        let _ = write!(out, "<option value=\"{}\">", escape(&n.name));
    }
    let _ = write!(
        out,
        "</datalist>\n<div class=\"graph\">{svg}</div>\n<div id=\"app-info\" class=\"app-info\" aria-live=\"polite\" hidden></div>\n"
    );
    out
}

/// The whole page.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>Integration status · {today}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>Integration status</h1><p class=\"headline\">{headline} <span class=\"asof\">as of {today}</span></p></header>\n<main>\n\
         <section aria-labelledby=\"h-table\"><h2 id=\"h-table\">Integrations</h2>\n\
         <p class=\"note\">Most urgent first: overdue or missing reviews, then error findings, overdue workflow steps, reviews due soon, warnings; then by tier. Click a column header to sort.</p>\n\
         <div class=\"controls\"><label for=\"filter\">Filter</label> <input id=\"filter\" type=\"search\" placeholder=\"name, owner, state, file…\" autocomplete=\"off\"> <output id=\"shown\" for=\"filter\"></output></div>\n\
         <div class=\"table-wrap\"><table id=\"status\">\n<thead><tr>",
        today = report.today,
        headline = escape(&headline(report)),
    );
    for (i, (label, numeric)) in COLUMNS.iter().enumerate() {
        let _ = write!(
            out,
            "<th scope=\"col\" data-col=\"{i}\" data-type=\"{}\"{}><button type=\"button\">{}</button></th>",
            if *numeric { "num" } else { "text" },
            if i == 0 { " aria-sort=\"ascending\"" } else { "" },
            escape(label)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let several = super::several_repositories(report);
    for (rank, i) in report.integrations.iter().enumerate() {
        out.push_str(&row(rank + 1, i, report, several));
    }
    out.push_str("</tbody>\n</table></div>\n");
    if report.integrations.is_empty() {
        out.push_str("<p>No wirebook documents found.</p>\n");
    }
    out.push_str(
        "</section>\n<section aria-labelledby=\"h-flows\"><h2 id=\"h-flows\">Data flows</h2>\n",
    );
    out.push_str(&graph_section(&Graph::build(report)));
    out.push_str("</section>\n");
    out.push_str(&super::people::section(report));
    let _ = write!(
        out,
        "</main>\n<footer>Generated by wirebook report on {}.</footer>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        report.today
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn page_has_no_external_references() {
        let page = format!("{STYLE}{SCRIPT}");
        for needle in ["http://", "https://", "@import", "fetch(", "XMLHttpRequest"] {
            assert!(!page.contains(needle), "{needle}");
        }
        // `url(` only for the SVG's own markers (`url(#arrow)`), never a resource.
        for (at, _) in page.match_indices("url(") {
            assert!(
                page[at + 4..].starts_with('#'),
                "{}",
                &page[at..(at + 30).min(page.len())]
            );
        }
    }
}
