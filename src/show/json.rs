//! `--format json`: the runbook as one object (fields in `docs/organization.md`).

use serde::Serialize;

use super::graph::Reach;
use super::page::{AppRole, FlowRef, Page, Section, Subject};
use super::{Check, Contacts, KnownIssue, SecretRef, Supporting};

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    /// `integration` or `app`.
    r#match: &'static str,
    id: Option<&'a str>,
    app: Option<&'a str>,
    /// Overdue or missing reviews, said first.
    alerts: Vec<String>,
    documents: Vec<DocOut<'a>>,
    flows_out: Vec<FlowOut<'a>>,
    flows_in: Vec<FlowOut<'a>>,
    flows_other: Vec<FlowOut<'a>>,
    downstream: Vec<ReachOut<'a>>,
    upstream: Vec<ReachOut<'a>>,
}

#[derive(Serialize)]
struct DocOut<'a> {
    id: Option<&'a str>,
    title: Option<&'a str>,
    file: &'a str,
    document: usize,
    tier: Option<&'a str>,
    /// What the page's app is here: `primary` or `supporting`.
    role: &'static str,
    app: Option<&'a str>,
    purpose: Option<&'a str>,
    access: Access<'a>,
    secrets: Vec<SecretOut<'a>>,
    owners: &'a [String],
    contacts: ContactsOut<'a>,
    approved_by: Option<&'a str>,
    connects_to: &'a [String],
    supporting_apps: Vec<SupportingOut<'a>>,
    known_issues: Vec<IssueOut<'a>>,
    review: ReviewOut<'a>,
}

#[derive(Serialize)]
struct Access<'a> {
    login_url: Option<&'a str>,
    credential_format: Option<&'a str>,
}

#[derive(Serialize)]
struct SecretOut<'a> {
    name: Option<&'a str>,
    purpose: Option<&'a str>,
    stored_in: Option<&'a str>,
}

#[derive(Serialize)]
struct ContactsOut<'a> {
    technical: Option<&'a str>,
    access_requests: Option<&'a str>,
    billing: Option<&'a str>,
}

#[derive(Serialize)]
struct SupportingOut<'a> {
    app: Option<&'a str>,
    relationship: Option<&'a str>,
    who_has_access: &'a [String],
    grants_access: &'a [String],
}

#[derive(Serialize)]
struct IssueOut<'a> {
    app: Option<&'a str>,
    issue: Option<&'a str>,
    workaround: Option<&'a str>,
    line: usize,
}

#[derive(Serialize)]
struct ReviewOut<'a> {
    state: &'static str,
    last_reviewed: Option<String>,
    interval: String,
    next_due: Option<String>,
    days_until_due: Option<i64>,
    reviewed_by: Option<&'a str>,
    checks_not_passed: Vec<CheckOut<'a>>,
}

#[derive(Serialize)]
struct CheckOut<'a> {
    check: &'a str,
    result: Option<&'a str>,
    checked_on: Option<&'a str>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct FlowOut<'a> {
    from: Option<&'a str>,
    to: Option<&'a str>,
    data: Option<&'a str>,
    frequency: Option<&'a str>,
    mechanism: Option<&'a str>,
    on_failure: Option<&'a str>,
    document: Option<&'a str>,
    file: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct ReachOut<'a> {
    app: &'a str,
    distance: usize,
    path: &'a [String],
}

fn s(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

fn secret(x: &SecretRef) -> SecretOut<'_> {
    SecretOut {
        name: s(&x.name),
        purpose: s(&x.purpose),
        stored_in: s(&x.stored_in),
    }
}

fn contacts(c: &Contacts) -> ContactsOut<'_> {
    ContactsOut {
        technical: s(&c.technical),
        access_requests: s(&c.access_requests),
        billing: s(&c.billing),
    }
}

fn supporting(x: &Supporting) -> SupportingOut<'_> {
    SupportingOut {
        app: s(&x.app),
        relationship: s(&x.relationship),
        who_has_access: &x.who_has_access,
        grants_access: &x.grants_access,
    }
}

fn issue<'a>(app: &'a Option<String>, k: &'a KnownIssue) -> IssueOut<'a> {
    IssueOut {
        app: s(app),
        issue: s(&k.issue),
        workaround: s(&k.workaround),
        line: k.line,
    }
}

fn check(c: &Check) -> CheckOut<'_> {
    CheckOut {
        check: &c.name,
        result: s(&c.result),
        checked_on: s(&c.checked_on),
        notes: s(&c.notes),
    }
}

fn doc<'a>(sec: &Section<'a>) -> DocOut<'a> {
    let b = sec.book;
    let r = sec.review;
    DocOut {
        id: s(&b.doc.id),
        title: s(&b.doc.title),
        file: &b.doc.file,
        document: b.doc.document,
        tier: s(&b.tier),
        role: match sec.role {
            AppRole::Primary => "primary",
            AppRole::Supporting => "supporting",
        },
        app: s(&b.app),
        purpose: s(&b.purpose),
        access: Access {
            login_url: s(&b.login_url),
            credential_format: s(&b.credential_format),
        },
        secrets: b.secrets.iter().map(secret).collect(),
        owners: &b.owners,
        contacts: contacts(&b.contacts),
        approved_by: s(&b.approver),
        connects_to: &b.connects_to,
        supporting_apps: b.supporting.iter().map(supporting).collect(),
        known_issues: b
            .supporting
            .iter()
            .flat_map(|x| x.known_issues.iter().map(move |k| issue(&x.app, k)))
            .collect(),
        review: ReviewOut {
            state: r.state.as_str(),
            last_reviewed: b.last_reviewed.map(|d| d.to_string()),
            interval: r.interval.to_string(),
            next_due: r.next_due.map(|d| d.to_string()),
            days_until_due: r.days,
            reviewed_by: s(&b.reviewed_by),
            checks_not_passed: b.checks_not_passed.iter().map(check).collect(),
        },
    }
}

fn flow<'a>(f: &FlowRef<'a>) -> FlowOut<'a> {
    FlowOut {
        from: s(&f.flow.from),
        to: s(&f.flow.to),
        data: s(&f.flow.data),
        frequency: s(&f.flow.frequency),
        mechanism: s(&f.flow.mechanism),
        on_failure: s(&f.flow.on_failure),
        document: s(&f.book.doc.id),
        file: &f.book.doc.file,
        line: f.flow.line,
    }
}

fn reach(r: &Reach) -> ReachOut<'_> {
    ReachOut {
        app: &r.app,
        distance: r.path.len().saturating_sub(1),
        path: &r.path,
    }
}

/// The runbook as one JSON object.
#[must_use]
pub fn render(page: &Page<'_>) -> String {
    let (kind, id) = match &page.subject {
        Subject::Integration { id } => ("integration", Some(id.as_str())),
        Subject::App { .. } => ("app", None),
    };
    let out = Out {
        version: 1,
        r#match: kind,
        id,
        app: page.app.as_deref(),
        alerts: page.sections.iter().filter_map(Section::alert).collect(),
        documents: page.sections.iter().map(doc).collect(),
        flows_out: page.flows_out.iter().map(flow).collect(),
        flows_in: page.flows_in.iter().map(flow).collect(),
        flows_other: page.flows_other.iter().map(flow).collect(),
        downstream: page.downstream.iter().map(reach).collect(),
        upstream: page.upstream.iter().map(reach).collect(),
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_else(|e| {
        serde_json::json!({ "version": 1, "error": e.to_string() }).to_string()
    });
    text.push('\n');
    text
}
