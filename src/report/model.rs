//! The status model every report format prints: one [`Integration`] per document,
//! built from the trees and findings of an offline [`Run`] (secrets already masked).

use std::cmp::Reverse;

use jiff::civil::Date;

use crate::apps::app_key;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Node;
use crate::engine::{CheckedFile, Run};
use crate::interval::{parse_date, Interval};

/// The four workflow steps of SPEC section 1, in order: (key, label).
pub const STEPS: [(&str, &str); 4] = [
    ("primary", "Primary"),
    ("secondary", "Secondary"),
    ("validation", "Validation"),
    ("security", "Security"),
];

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report {
    pub today: Date,
    /// `[review] warn_days`: a review due within this many days is "due soon".
    pub warn_days: u32,
    /// Most urgent first (see [`Integration::urgency`]).
    pub integrations: Vec<Integration>,
    /// Every person each document names, in file order (the HTML report's People
    /// section); empty when the report was not built from documents.
    pub people: Vec<crate::people::Mentions>,
}

/// The state of one workflow step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Completed,
    Overdue,
    /// Its window is open (the step before it is done or past its deadline) and
    /// the deadline has not passed.
    Pending,
    /// No `workflow.started`, or the step before it is neither done nor late.
    NotStarted,
}

impl StepState {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Completed => "completed",
            StepState::Overdue => "overdue",
            StepState::Pending => "pending",
            StepState::NotStarted => "not started",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Step {
    pub key: &'static str,
    pub label: &'static str,
    pub state: StepState,
    pub completed_on: Option<Date>,
    pub deadline: Option<Date>,
    /// When the step's window opens: `workflow.started` for the first step, else the
    /// completion (or, if not completed, the deadline) of the step before.
    pub opens: Option<Date>,
}

/// Where the review schedule stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    /// `last_reviewed + interval` is before today.
    Overdue,
    /// Due within `warn_days`.
    DueSoon,
    Ok,
    /// No (valid) `last_reviewed`.
    Missing,
}

impl ReviewState {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Overdue => "overdue",
            ReviewState::DueSoon => "due-soon",
            ReviewState::Ok => "ok",
            ReviewState::Missing => "missing",
        }
    }
}

/// Open findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

/// A documented data flow (`spec.secondary[].data_flows[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub from: Option<String>,
    pub to: Option<String>,
    pub data: Option<String>,
    pub frequency: Option<String>,
    pub mechanism: Option<String>,
}

/// One document (or a file whose documents could not be read).
#[derive(Debug, Clone)]
pub struct Integration {
    /// The repository the document lives in (`owner/name`), when known: rows of
    /// several repositories are told apart by (repository, id).
    pub repository: Option<String>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub file: String,
    /// 0-based index of the document in its file; `None` for a file with no readable document.
    pub document: Option<usize>,
    pub tier: Option<String>,
    pub owners: Vec<String>,
    pub steps: Vec<Step>,
    pub last_reviewed: Option<Date>,
    pub interval: Interval,
    pub next_review: Option<Date>,
    pub review: ReviewState,
    pub findings: Counts,
    /// The findings themselves (messages are masked by the engine).
    pub diagnostics: Vec<Diagnostic>,
    /// Primary app first, then secondary apps and connections: one per app
    /// ([`app_key`]), as first written in the document.
    pub apps: Vec<String>,
    pub flows: Vec<Flow>,
}

impl Integration {
    /// The name to show: title, else id, else the file.
    #[must_use]
    pub fn name(&self) -> &str {
        self.title
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or(&self.file)
    }

    /// Urgency class, lower is more urgent:
    /// 0 review overdue or missing, 1 error findings, 2 a workflow step overdue,
    /// 3 review due soon, 4 warning findings, 5 nothing pressing.
    #[must_use]
    pub fn urgency(&self) -> u8 {
        if self.document.is_some()
            && matches!(self.review, ReviewState::Overdue | ReviewState::Missing)
        {
            0
        } else if self.findings.errors > 0 {
            1
        } else if self.steps.iter().any(|s| s.state == StepState::Overdue) {
            2
        } else if self.review == ReviewState::DueSoon {
            3
        } else if self.findings.warnings > 0 {
            4
        } else {
            5
        }
    }

    /// Days from `today` to the next review (negative when overdue).
    #[must_use]
    pub fn days_to_review(&self, today: Date) -> Option<i64> {
        let due = self.next_review?;
        today.until(due).ok().map(|s| i64::from(s.get_days()))
    }
}

fn tier_rank(tier: Option<&str>) -> u8 {
    match tier {
        Some("critical") => 0,
        Some("high") => 1,
        Some("medium") => 2,
        Some("low") => 3,
        _ => 4,
    }
}

/// What the report keeps of one document: its row and the people it names.
pub type Row = (Integration, crate::people::Mentions);

/// The report's facts of one document, made while the run still has its tree (see
/// [`extractor`]).
#[must_use]
pub fn row(file: &str, index: usize, root: &Node, config: &Config, today: Date) -> Row {
    (
        integration(file, index, root, config, today),
        crate::people::extract(file, index, root),
    )
}

/// The extractor for [`crate::engine::Keep::extract`]: a run made with it releases
/// every tree and still builds the report.
pub fn extractor<'a>(
    config: &'a Config,
    today: Date,
) -> impl Fn(&str, usize, &Node) -> std::sync::Arc<dyn std::any::Any + Send + Sync> + Sync + 'a {
    move |file, index, root| std::sync::Arc::new(row(file, index, root, config, today))
}

/// Builds the report from an offline run.
#[must_use]
pub fn build(run: &Run, config: &Config, today: Date) -> Report {
    let mut integrations = Vec::new();
    let mut people = Vec::new();
    for file in &run.files {
        let diags: Vec<&Diagnostic> = run
            .diagnostics
            .iter()
            .filter(|d| d.file == file.path)
            .collect();
        if file.documents.is_empty() {
            integrations.push(unreadable(file, &diags, config));
            continue;
        }
        let first = integrations.len();
        for doc in &file.documents {
            let row = match (&doc.extra, &doc.root) {
                (Some(extra), _) => extra.downcast_ref::<Row>().cloned(),
                (None, Some(root)) => Some(row(&file.path, doc.index, root, config, today)),
                (None, None) => None,
            };
            // A run that kept neither the tree nor the row has nothing to show.
            let Some((integration, mentions)) = row else {
                continue;
            };
            integrations.push(integration);
            people.push(mentions);
        }
        for d in diags {
            let at = owner_of(file, d);
            let item = &mut integrations[first + at];
            item.findings.add(d.severity);
            item.diagnostics.push(d.clone());
        }
    }
    sort(&mut integrations);
    Report {
        today,
        warn_days: config.warn_days,
        integrations,
        people,
    }
}

/// Most urgent first: urgency class, tier, more errors, more warnings, the earlier
/// next review (never reviewed first), then repository, id, file and document.
pub fn sort(integrations: &mut [Integration]) {
    integrations.sort_by(|a, b| {
        let key = |i: &Integration| {
            (
                i.urgency(),
                tier_rank(i.tier.as_deref()),
                Reverse(i.findings.errors),
                Reverse(i.findings.warnings),
                i.next_review.unwrap_or(Date::MIN),
                i.repository.clone(),
                i.id.clone(),
                i.file.clone(),
                i.document,
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Where a review due on `next_review` stands on `today`.
#[must_use]
pub fn review_state(next_review: Option<Date>, today: Date, warn_days: u32) -> ReviewState {
    match next_review {
        None => ReviewState::Missing,
        Some(due) if due < today => ReviewState::Overdue,
        Some(due) if due <= add_days(today, warn_days) => ReviewState::DueSoon,
        Some(_) => ReviewState::Ok,
    }
}

/// A step's state on `today` from its dates (SPEC section 1).
#[must_use]
pub fn step_state(
    completed_on: Option<Date>,
    opens: Option<Date>,
    deadline: Option<Date>,
    today: Date,
) -> StepState {
    if completed_on.is_some() {
        return StepState::Completed;
    }
    match (opens, deadline) {
        (Some(_), Some(due)) if today > due => StepState::Overdue,
        (Some(from), Some(_)) if today >= from => StepState::Pending,
        _ => StepState::NotStarted,
    }
}

/// Which document of `file` a finding belongs to (its position among `documents`).
fn owner_of(file: &CheckedFile, d: &Diagnostic) -> usize {
    let docs = &file.documents;
    if let Some(id) = &d.document {
        let same: Vec<usize> = (0..docs.len())
            .filter(|&i| docs[i].id.as_ref() == Some(id))
            .collect();
        if same.len() == 1 {
            return same[0];
        }
    }
    (0..docs.len())
        .rev()
        .find(|&i| docs[i].span.start <= d.span.start)
        .unwrap_or(0)
}

fn unreadable(file: &CheckedFile, diags: &[&Diagnostic], config: &Config) -> Integration {
    let mut findings = Counts::default();
    for d in diags {
        findings.add(d.severity);
    }
    Integration {
        repository: None,
        id: None,
        title: None,
        file: file.path.clone(),
        document: None,
        tier: None,
        owners: Vec::new(),
        steps: STEPS
            .iter()
            .map(|&(key, label)| Step {
                key,
                label,
                state: StepState::NotStarted,
                completed_on: None,
                deadline: None,
                opens: None,
            })
            .collect(),
        last_reviewed: None,
        interval: config.review_interval,
        next_review: None,
        review: ReviewState::Missing,
        findings,
        diagnostics: diags.iter().map(|d| (*d).clone()).collect(),
        apps: Vec::new(),
        flows: Vec::new(),
    }
}

/// An answered scalar as text (placeholders and empty values are `None`).
fn text(node: Option<&Node>) -> Option<String> {
    let node = node?;
    if node.is_unanswered() {
        return None;
    }
    // Secrets are masked in the tree already; redaction also shortens what detection
    // missed (a webhook URL, an opaque token) before a report prints it.
    node.scalar_text()
        .map(|s| crate::secrets::redact(s.trim()).into_owned())
}

fn date(node: Option<&Node>) -> Option<Date> {
    text(node).as_deref().and_then(parse_date)
}

/// A person or a list of people.
fn people(node: Option<&Node>) -> Vec<String> {
    match node.and_then(Node::as_seq) {
        Some(items) => items.iter().filter_map(|n| text(Some(n))).collect(),
        None => text(node).into_iter().collect(),
    }
}

/// Adds an app unless the list already has it in any spelling.
fn push_unique(list: &mut Vec<String>, name: Option<String>) {
    if let Some(name) = name {
        let key = app_key(&name);
        if !list.iter().any(|a| app_key(a) == key) {
            list.push(name);
        }
    }
}

fn integration(file: &str, index: usize, root: &Node, config: &Config, today: Date) -> Integration {
    let spec = root.get("spec");
    let at = |keys: &[&str]| spec.and_then(|s| s.path(keys));

    let last_reviewed = date(at(&["validation", "review", "last_reviewed"]));
    let interval = text(at(&["validation", "review", "interval"]))
        .and_then(|s| s.parse::<Interval>().ok())
        .unwrap_or(config.review_interval);
    let next_review = last_reviewed.map(|d| interval.after(d));
    let review = review_state(next_review, today, config.warn_days);

    let mut apps = Vec::new();
    push_unique(&mut apps, text(at(&["primary", "app"])));
    let secondary = at(&["secondary"]).and_then(Node::as_seq).unwrap_or(&[]);
    for s in secondary {
        push_unique(&mut apps, text(s.get("app")));
    }
    for c in at(&["primary", "connects_to"])
        .and_then(Node::as_seq)
        .unwrap_or(&[])
    {
        push_unique(&mut apps, text(Some(c)));
    }
    let mut flows = Vec::new();
    for s in secondary {
        for f in s.get("data_flows").and_then(Node::as_seq).unwrap_or(&[]) {
            let flow = Flow {
                from: text(f.get("from")),
                to: text(f.get("to")),
                data: text(f.get("data")),
                frequency: text(f.get("frequency")),
                mechanism: text(f.get("mechanism")),
            };
            push_unique(&mut apps, flow.from.clone());
            push_unique(&mut apps, flow.to.clone());
            flows.push(flow);
        }
    }

    Integration {
        repository: None,
        id: text(root.path(&["metadata", "id"])),
        title: text(root.path(&["metadata", "title"])),
        file: file.to_owned(),
        document: Some(index),
        tier: text(root.path(&["metadata", "tier"])),
        owners: people(root.path(&["metadata", "owners"])),
        steps: steps(root.get("workflow"), config, today),
        last_reviewed,
        interval,
        next_review,
        review,
        findings: Counts::default(),
        diagnostics: Vec::new(),
        apps,
        flows,
    }
}

fn add_days(date: Date, days: u32) -> Date {
    date.checked_add(jiff::Span::new().days(i64::from(days)))
        .unwrap_or(Date::MAX)
}

/// SPEC section 1: each deadline counts from the completion (or, if not completed,
/// the deadline) of the step before; the first from `workflow.started`.
fn steps(workflow: Option<&Node>, config: &Config, today: Date) -> Vec<Step> {
    let started = date(workflow.and_then(|w| w.get("started")));
    // When the current step's window opens; `None` when it cannot be known.
    let mut opens = started;
    let mut out = Vec::new();
    for (i, &(key, label)) in STEPS.iter().enumerate() {
        let completed_on = date(workflow.and_then(|w| w.path(&["steps", key, "completed_on"])));
        let deadline = opens.map(|d| add_days(d, config.step_days[i]));
        out.push(Step {
            key,
            label,
            state: step_state(completed_on, opens, deadline, today),
            completed_on,
            deadline,
            opens,
        });
        opens = completed_on.or(deadline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{check_texts, Options};

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    fn report(yaml: &str, today: &str) -> Report {
        let config = Config::default();
        let options = Options {
            today: d(today),
            members: None,
        };
        let run = check_texts(&[("a.yaml".to_owned(), yaml.to_owned())], &config, &options);
        build(&run, &config, d(today))
    }

    const DOC: &str = "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {id: a, title: A}\nspec:\n  primary: {app: X}\n";

    #[test]
    fn step_deadlines_chain_from_completion_or_deadline() {
        let yaml = format!(
            "{DOC}workflow:\n  started: 2026-11-01\n  steps:\n    primary: {{completed_on: 2026-11-02}}\n"
        );
        // primary done 11-02; secondary due 11-07 (11-02 + 5); validation due 11-14
        // (counted from secondary's deadline); security due 11-24.
        let r = report(&yaml, "2026-11-10");
        let s = &r.integrations[0].steps;
        assert_eq!(s[0].state, StepState::Completed);
        assert_eq!(s[0].deadline, Some(d("2026-11-04")));
        assert_eq!(s[1].deadline, Some(d("2026-11-07")));
        assert_eq!(s[1].state, StepState::Overdue);
        assert_eq!(s[2].deadline, Some(d("2026-11-14")));
        assert_eq!(s[2].state, StepState::Pending);
        assert_eq!(s[3].deadline, Some(d("2026-11-24")));
        assert_eq!(s[3].state, StepState::NotStarted);
        let r = report(&yaml, "2026-11-15");
        assert_eq!(r.integrations[0].steps[2].state, StepState::Overdue);
        assert_eq!(r.integrations[0].steps[3].state, StepState::Pending);
    }

    #[test]
    fn no_workflow_means_not_started() {
        let r = report(DOC, "2026-11-10");
        assert!(r.integrations[0]
            .steps
            .iter()
            .all(|s| s.state == StepState::NotStarted && s.deadline.is_none()));
    }

    #[test]
    fn review_due_uses_document_interval_and_warn_days() {
        let doc = |last: &str, interval: &str| {
            format!("{DOC}  validation:\n    review: {{last_reviewed: {last}{interval}}}\n")
        };
        let r = report(&doc("2026-08-31", ""), "2026-11-20");
        let i = &r.integrations[0];
        assert_eq!(i.next_review, Some(d("2026-11-30")));
        assert_eq!(i.review, ReviewState::DueSoon);
        assert_eq!(i.days_to_review(r.today), Some(10));
        let r = report(&doc("2026-10-01", ", interval: 2 weeks"), "2026-11-20");
        assert_eq!(r.integrations[0].next_review, Some(d("2026-10-15")));
        assert_eq!(r.integrations[0].review, ReviewState::Overdue);
        let r = report(&doc("2026-11-01", ""), "2026-11-20");
        assert_eq!(r.integrations[0].review, ReviewState::Ok);
        let r = report(&doc("TODO", ""), "2026-11-20");
        assert_eq!(r.integrations[0].review, ReviewState::Missing);
        assert_eq!(r.integrations[0].next_review, None);
    }

    #[test]
    fn findings_go_to_their_document_and_urgent_sorts_first() {
        let yaml = format!(
            "{DOC}  validation:\n    review: {{last_reviewed: 2026-11-01}}\n---\n{}  validation:\n    review: {{last_reviewed: 2026-01-01}}\n",
            DOC.replace("id: a, title: A", "id: b, title: B, colour: red")
        );
        let r = report(&yaml, "2026-11-20");
        let ids: Vec<_> = r.integrations.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, [Some("b"), Some("a")]);
        assert_eq!(r.integrations[0].review, ReviewState::Overdue);
        assert!(r.integrations[0].findings.errors >= 1, "{r:#?}");
        assert!(r.integrations[0]
            .diagnostics
            .iter()
            .any(|d| d.message.contains("colour")));
        assert!(!r.integrations[1]
            .diagnostics
            .iter()
            .any(|d| d.message.contains("colour")));
        for i in &r.integrations {
            assert!(i.diagnostics.iter().all(|d| d.document == i.id));
        }
    }

    #[test]
    fn flows_and_apps() {
        let yaml = format!(
            "{DOC}  secondary:\n    - app: Y\n      data_flows:\n        - {{from: X, to: Z, data: orders, frequency: TODO}}\n"
        );
        let r = report(&yaml, "2026-11-20");
        let i = &r.integrations[0];
        assert_eq!(i.apps, ["X", "Y", "Z"]);
        let yaml = DOC.replace(
            "  primary: {app: X}\n",
            "  primary: {app: X, connects_to: [\" x \", ShipStation]}\n  secondary:\n    - app: \"shipstation \"\n      data_flows:\n        - {from: SHIPSTATION, to: x}\n",
        );
        let r = report(&yaml, "2026-11-20");
        assert_eq!(
            r.integrations[0].apps,
            ["X", "shipstation"],
            "one per app, first spelling"
        );
        assert_eq!(i.flows[0].data.as_deref(), Some("orders"));
        assert_eq!(i.flows[0].frequency, None);
    }

    #[test]
    fn unreadable_file_gets_a_row() {
        let r = report("a: [", "2026-11-20");
        assert_eq!(r.integrations.len(), 1);
        assert_eq!(r.integrations[0].document, None);
        assert!(r.integrations[0].findings.errors > 0);
    }
}
