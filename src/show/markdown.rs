//! `--format markdown`: the runbook as one Markdown page (a wiki page, an issue, an
//! incident channel).

use std::fmt::Write;

use super::graph::Reach;
use super::page::{flow_text, AppRole, FlowRef, Page, Section, Subject};
use super::Runbook;
use crate::people::markdown::{code, escape};

fn or_none(s: Option<&String>) -> String {
    s.map_or_else(|| "_not documented_".to_owned(), |s| escape(s))
}

fn people(items: &[String]) -> String {
    if items.is_empty() {
        "_not documented_".to_owned()
    } else {
        items.iter().map(|p| code(p)).collect::<Vec<_>>().join(", ")
    }
}

fn person(p: Option<&String>) -> String {
    p.map_or_else(|| "_not documented_".to_owned(), |p| code(p))
}

fn doc_title(b: &Runbook) -> String {
    match (&b.doc.title, &b.doc.id) {
        (Some(t), Some(id)) => format!("{} ({})", escape(t), code(id)),
        _ => escape(b.doc.name()),
    }
}

fn section(out: &mut String, page: &Page<'_>, s: &Section<'_>) {
    let b = s.book;
    let _ = write!(out, "\n## {}\n\n{}", doc_title(b), code(&b.doc.file));
    if let Some(t) = &b.tier {
        let _ = write!(out, " · tier {}", escape(t));
    }
    if let (Subject::App { name }, Some(_)) = (&page.subject, &page.app) {
        let role = match s.role {
            AppRole::Primary => "the primary app",
            AppRole::Supporting => "a supporting app",
        };
        let _ = write!(out, " · {} is {role}", escape(name));
    }
    out.push_str("\n\n");
    let app = b
        .app
        .as_deref()
        .map_or_else(String::new, |a| format!("{}: ", escape(a)));
    let _ = writeln!(
        out,
        "- **What it does:** {app}{}",
        or_none(b.purpose.as_ref())
    );
    let _ = writeln!(out, "- **Log in:** {}", or_none(b.login_url.as_ref()));
    let _ = writeln!(
        out,
        "- **Credentials:** {}",
        or_none(b.credential_format.as_ref())
    );
    for secret in &b.secrets {
        let mut text = secret
            .name
            .as_deref()
            .map_or_else(|| "_unnamed_".to_owned(), code);
        if let Some(p) = &secret.purpose {
            let _ = write!(text, " ({})", escape(p));
        }
        let _ = writeln!(
            out,
            "- **Secret:** {text}, stored in {}",
            secret
                .stored_in
                .as_deref()
                .map_or_else(|| "_not documented_".to_owned(), code)
        );
    }
    let c = &b.contacts;
    let _ = writeln!(
        out,
        "- **Who to call:** technical {} · access requests {} · billing {}",
        person(c.technical.as_ref()),
        person(c.access_requests.as_ref()),
        person(c.billing.as_ref())
    );
    let _ = writeln!(out, "- **Owners:** {}", people(&b.owners));
    let _ = writeln!(out, "- **Approved by:** {}", person(b.approver.as_ref()));
    if !b.connects_to.is_empty() {
        let names: Vec<String> = b.connects_to.iter().map(|a| escape(a)).collect();
        let _ = writeln!(out, "- **Connects to:** {}", names.join(", "));
    }
    for sup in &b.supporting {
        let _ = writeln!(
            out,
            "- **Supporting app {}:** {} (access: {}; granted by {})",
            or_none(sup.app.as_ref()),
            or_none(sup.relationship.as_ref()),
            people(&sup.who_has_access),
            people(&sup.grants_access)
        );
    }
    let issues: Vec<_> = b
        .supporting
        .iter()
        .flat_map(|sup| sup.known_issues.iter().map(move |k| (sup, k)))
        .collect();
    if !issues.is_empty() {
        out.push_str(
            "\n### Known issues\n\n| app | issue | workaround | line |\n|---|---|---|---|\n",
        );
        for (sup, k) in issues {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                or_none(sup.app.as_ref()),
                or_none(k.issue.as_ref()),
                or_none(k.workaround.as_ref()),
                k.line
            );
        }
    }
}

fn flows(out: &mut String, title: &str, list: &[FlowRef<'_>]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## {title}\n\n| flow | when it fails | documented in |\n|---|---|---|"
    );
    for f in list {
        let from = f.book.doc.id.as_deref().unwrap_or(&f.book.doc.file);
        let _ = writeln!(
            out,
            "| {} | {} | {} line {} |",
            escape(&flow_text(f.flow)),
            or_none(f.flow.on_failure.as_ref()),
            code(from),
            f.flow.line
        );
    }
}

fn reach(out: &mut String, title: &str, list: &[Reach]) {
    let _ = writeln!(out, "\n## {title}\n");
    if list.is_empty() {
        out.push_str("None documented.\n");
    }
    for r in list {
        let path: Vec<String> = r.path.iter().map(|a| escape(a)).collect();
        let _ = writeln!(out, "- **{}**: {}", escape(&r.app), path.join(" → "));
    }
}

/// The runbook as Markdown.
#[must_use]
pub fn render(page: &Page<'_>) -> String {
    let mut out = format!("# {}\n", escape(&super::human::heading(page)));
    let alerts: Vec<String> = page.sections.iter().filter_map(Section::alert).collect();
    if !alerts.is_empty() {
        out.push('\n');
        for a in alerts {
            let _ = writeln!(out, "> **⚠️ {}**", escape(&a));
        }
    }
    if page.sections.is_empty() {
        out.push_str("\nNo document has it as its primary or a supporting app; it appears only in flows or connections.\n");
    }
    for s in &page.sections {
        section(&mut out, page, s);
    }
    let app = page.app.as_deref().map_or_else(|| "it".to_owned(), escape);
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
        out.push_str("\n## Review\n\n");
    }
    for s in &page.sections {
        let b = s.book;
        let name = b.doc.id.as_deref().unwrap_or(b.doc.name());
        let mut line = format!("- {}: {}", code(name), s.review.summary());
        if let Some(d) = b.last_reviewed {
            let _ = write!(line, "; last reviewed {d}");
            if let Some(by) = &b.reviewed_by {
                let _ = write!(line, " by {}", code(by));
            }
        }
        let _ = writeln!(line, "; every {}", s.review.interval);
        out.push_str(&line);
        let missing: Vec<String> = b
            .checks_not_passed
            .iter()
            .filter(|c| c.result.is_none())
            .map(|c| format!("`{}`", c.name))
            .collect();
        if !missing.is_empty() {
            let _ = writeln!(out, "  - checks not done: {}", missing.join(", "));
        }
        for c in b.checks_not_passed.iter().filter(|c| c.result.is_some()) {
            let _ = write!(
                out,
                "  - check `{}`: {}",
                c.name,
                c.result.as_deref().map(escape).unwrap_or_default()
            );
            if let Some(n) = &c.notes {
                let _ = write!(out, " ({})", escape(n));
            }
            out.push('\n');
        }
    }
    out
}
