//! `--format human` (the default): the runbook as plain terminal text. Text from the
//! documents is stripped of control characters, so a document cannot move the cursor
//! or recolour the terminal.

use std::fmt::Write;

use super::page::{flow_text, AppRole, FlowRef, Page, Section, Subject};
use super::Runbook;

/// Document text made safe for a terminal.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn or_none(s: Option<&String>) -> String {
    s.map_or_else(|| "not documented".to_owned(), |s| clean(s))
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "not documented".to_owned()
    } else {
        clean(&items.join(", "))
    }
}

/// The page's heading line.
#[must_use]
pub fn heading(page: &Page<'_>) -> String {
    match &page.subject {
        Subject::Integration { id } => {
            let name = page
                .sections
                .first()
                .map_or(id.as_str(), |s| s.book.doc.name());
            format!("{} ({id}): runbook", clean(name))
        }
        Subject::App { name } => {
            let primary = page
                .sections
                .iter()
                .filter(|s| s.role == AppRole::Primary)
                .count();
            let supporting = page.sections.len() - primary;
            format!(
                "{}: runbook of the app (primary app in {primary} document{}, supporting app in {supporting})",
                clean(name),
                if primary == 1 { "" } else { "s" }
            )
        }
    }
}

fn contacts(b: &Runbook) -> String {
    let c = &b.contacts;
    format!(
        "technical {} · access requests {} · billing {}",
        or_none(c.technical.as_ref()),
        or_none(c.access_requests.as_ref()),
        or_none(c.billing.as_ref())
    )
}

fn section(out: &mut String, page: &Page<'_>, s: &Section<'_>) {
    let b = s.book;
    let _ = writeln!(out, "\n== {}", clean(&doc_title(b)));
    let mut where_ = clean(&b.doc.file);
    if let Some(t) = &b.tier {
        let _ = write!(where_, " · tier {}", clean(t));
    }
    if let (Subject::App { name }, Some(_)) = (&page.subject, &page.app) {
        let role = match s.role {
            AppRole::Primary => format!("{} is the primary app", clean(name)),
            AppRole::Supporting => format!("{} is a supporting app", clean(name)),
        };
        let _ = write!(where_, " · {role}");
    }
    let _ = writeln!(out, "   {where_}");
    let row = |out: &mut String, label: &str, value: String| {
        let _ = writeln!(out, "   {label:<16}{value}");
    };
    let app = b
        .app
        .as_deref()
        .map_or_else(String::new, |a| format!("{}: ", clean(a)));
    row(
        out,
        "What it does",
        format!("{app}{}", or_none(b.purpose.as_ref())),
    );
    row(out, "Log in", or_none(b.login_url.as_ref()));
    row(out, "Credentials", or_none(b.credential_format.as_ref()));
    for secret in &b.secrets {
        let mut text = or_none(secret.name.as_ref());
        if let Some(p) = &secret.purpose {
            let _ = write!(text, " ({})", clean(p));
        }
        let _ = write!(text, ", stored in {}", or_none(secret.stored_in.as_ref()));
        row(out, "Secret", text);
    }
    row(out, "Who to call", contacts(b));
    row(out, "Owners", list(&b.owners));
    row(out, "Approved by", or_none(b.approver.as_ref()));
    if !b.connects_to.is_empty() {
        row(out, "Connects to", list(&b.connects_to));
    }
    if !b.supporting.is_empty() {
        let _ = writeln!(out, "   Supporting apps");
        for sup in &b.supporting {
            let _ = writeln!(
                out,
                "     {}: {} (access: {}; granted by {})",
                or_none(sup.app.as_ref()),
                or_none(sup.relationship.as_ref()),
                list(&sup.who_has_access),
                list(&sup.grants_access)
            );
        }
    }
    let issues: Vec<_> = b
        .supporting
        .iter()
        .flat_map(|sup| sup.known_issues.iter().map(move |k| (sup, k)))
        .collect();
    if !issues.is_empty() {
        let _ = writeln!(out, "   Known issues");
        for (sup, k) in issues {
            let _ = writeln!(
                out,
                "     {}: {} (line {})\n       workaround: {}",
                or_none(sup.app.as_ref()),
                or_none(k.issue.as_ref()),
                k.line,
                or_none(k.workaround.as_ref())
            );
        }
    }
}

fn doc_title(b: &Runbook) -> String {
    match (&b.doc.title, &b.doc.id) {
        (Some(t), Some(id)) => format!("{t} ({id})"),
        _ => b.doc.name().to_owned(),
    }
}

fn flows(out: &mut String, title: &str, list: &[FlowRef<'_>]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for f in list {
        let from = f.book.doc.id.as_deref().unwrap_or(&f.book.doc.file);
        let _ = writeln!(
            out,
            "  {} [{}, line {}]\n    on failure: {}",
            clean(&flow_text(f.flow)),
            clean(from),
            f.flow.line,
            or_none(f.flow.on_failure.as_ref())
        );
    }
}

fn reach(out: &mut String, title: &str, list: &[super::graph::Reach]) {
    let _ = writeln!(out, "\n{title}");
    if list.is_empty() {
        let _ = writeln!(out, "  none documented");
    }
    let width = list
        .iter()
        .map(|r| r.app.chars().count())
        .max()
        .unwrap_or(0);
    for r in list {
        let _ = writeln!(
            out,
            "  {:<width$}  {}",
            clean(&r.app),
            clean(&r.path.join(" → "))
        );
    }
}

/// The runbook as terminal text.
#[must_use]
pub fn render(page: &Page<'_>) -> String {
    let mut out = heading(page);
    out.push('\n');
    for s in &page.sections {
        if let Some(a) = s.alert() {
            let _ = writeln!(out, "\n!! {}", clean(&a));
        }
    }
    if page.sections.is_empty() {
        let _ = writeln!(
            out,
            "\nNo document has it as its primary or a supporting app; it appears only in flows or connections."
        );
    }
    for s in &page.sections {
        section(&mut out, page, s);
    }
    let app = page.app.as_deref().map_or_else(|| "it".to_owned(), clean);
    flows(&mut out, &format!("Flows out of {app}"), &page.flows_out);
    flows(&mut out, &format!("Flows into {app}"), &page.flows_in);
    flows(
        &mut out,
        "Other flows of this integration",
        &page.flows_other,
    );
    reach(
        &mut out,
        &format!("Downstream: what else breaks when {app} fails"),
        &page.downstream,
    );
    reach(
        &mut out,
        &format!("Upstream: what {app} depends on"),
        &page.upstream,
    );
    if !page.sections.is_empty() {
        let _ = writeln!(out, "\nReview");
    }
    for s in &page.sections {
        let b = s.book;
        let name = b.doc.id.as_deref().unwrap_or(b.doc.name());
        let mut line = format!("  {}: {}", clean(name), s.review.summary());
        if let Some(d) = b.last_reviewed {
            let _ = write!(line, "; last reviewed {d}");
            if let Some(by) = &b.reviewed_by {
                let _ = write!(line, " by {}", clean(by));
            }
        }
        let _ = write!(line, "; every {}", s.review.interval);
        let _ = writeln!(out, "{line}");
        let missing: Vec<&str> = b
            .checks_not_passed
            .iter()
            .filter(|c| c.result.is_none())
            .map(|c| c.name.as_str())
            .collect();
        if !missing.is_empty() {
            let _ = writeln!(out, "    checks not done: {}", missing.join(", "));
        }
        for c in b.checks_not_passed.iter().filter(|c| c.result.is_some()) {
            let mut text = format!(
                "    check {}: {}",
                c.name,
                c.result.as_deref().map(clean).unwrap_or_default()
            );
            if let Some(n) = &c.notes {
                let _ = write!(text, " ({})", clean(n));
            }
            let _ = writeln!(out, "{text}");
        }
    }
    out
}
