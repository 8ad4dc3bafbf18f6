//! `--format json`: the report as one object for other tools (fields in `docs/report.md`).

use serde::Serialize;

use super::graph::Graph;
use super::model::{Integration, Report};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    today: String,
    warn_days: u32,
    summary: Summary,
    integrations: Vec<Item<'a>>,
    graph: GraphOut<'a>,
}

#[derive(Serialize)]
struct Summary {
    integrations: usize,
    review_overdue: usize,
    review_missing: usize,
    review_due_soon: usize,
    with_errors: usize,
}

#[derive(Serialize)]
struct Item<'a> {
    repository: Option<&'a str>,
    id: Option<&'a str>,
    title: Option<&'a str>,
    file: &'a str,
    document: Option<usize>,
    tier: Option<&'a str>,
    owners: &'a [String],
    urgency: u8,
    steps: Vec<StepOut<'a>>,
    review: Review,
    findings: Findings<'a>,
    apps: &'a [String],
    data_flows: Vec<FlowOut<'a>>,
}

#[derive(Serialize)]
struct StepOut<'a> {
    step: &'a str,
    state: &'a str,
    deadline: Option<String>,
    completed_on: Option<String>,
    opens: Option<String>,
}

#[derive(Serialize)]
struct Review {
    state: &'static str,
    last_reviewed: Option<String>,
    interval: String,
    next_due: Option<String>,
    days_until_due: Option<i64>,
}

#[derive(Serialize)]
struct Findings<'a> {
    errors: usize,
    warnings: usize,
    infos: usize,
    items: Vec<FindingOut<'a>>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct FlowOut<'a> {
    from: Option<&'a str>,
    to: Option<&'a str>,
    data: Option<&'a str>,
    frequency: Option<&'a str>,
    mechanism: Option<&'a str>,
}

#[derive(Serialize)]
struct GraphOut<'a> {
    apps: Vec<NodeOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct EdgeOut<'a> {
    from: &'a str,
    to: &'a str,
    labels: &'a [String],
    flows: usize,
}

fn item<'a>(i: &'a Integration, report: &Report) -> Item<'a> {
    Item {
        repository: i.repository.as_deref(),
        id: i.id.as_deref(),
        title: i.title.as_deref(),
        file: &i.file,
        document: i.document,
        tier: i.tier.as_deref(),
        owners: &i.owners,
        urgency: i.urgency(),
        steps: i
            .steps
            .iter()
            .map(|s| StepOut {
                step: s.key,
                state: s.state.as_str(),
                deadline: s.deadline.map(|d| d.to_string()),
                completed_on: s.completed_on.map(|d| d.to_string()),
                opens: s.opens.map(|d| d.to_string()),
            })
            .collect(),
        review: Review {
            state: i.review.as_str(),
            last_reviewed: i.last_reviewed.map(|d| d.to_string()),
            interval: i.interval.to_string(),
            next_due: i.next_review.map(|d| d.to_string()),
            days_until_due: i.days_to_review(report.today),
        },
        findings: Findings {
            errors: i.findings.errors,
            warnings: i.findings.warnings,
            infos: i.findings.infos,
            items: i
                .diagnostics
                .iter()
                .map(|d| FindingOut {
                    rule: d.rule,
                    name: d.name,
                    severity: d.severity.as_str(),
                    message: &d.message,
                    line: d.span.line,
                    column: d.span.column,
                })
                .collect(),
        },
        apps: &i.apps,
        data_flows: i
            .flows
            .iter()
            .map(|f| FlowOut {
                from: f.from.as_deref(),
                to: f.to.as_deref(),
                data: f.data.as_deref(),
                frequency: f.frequency.as_deref(),
                mechanism: f.mechanism.as_deref(),
            })
            .collect(),
    }
}

/// The version of this JSON; `report --merge` reads this one and older.
pub const VERSION: u32 = 1;

/// The report as pretty-printed JSON and a newline.
#[must_use]
pub fn render(report: &Report) -> String {
    use super::model::ReviewState as R;
    let graph = Graph::build(report);
    let docs = || report.integrations.iter().filter(|i| i.document.is_some());
    let output = Output {
        version: VERSION,
        today: report.today.to_string(),
        warn_days: report.warn_days,
        summary: Summary {
            integrations: report.integrations.len(),
            review_overdue: docs().filter(|i| i.review == R::Overdue).count(),
            review_missing: docs().filter(|i| i.review == R::Missing).count(),
            review_due_soon: docs().filter(|i| i.review == R::DueSoon).count(),
            with_errors: report
                .integrations
                .iter()
                .filter(|i| i.findings.errors > 0)
                .count(),
        },
        integrations: report
            .integrations
            .iter()
            .map(|i| item(i, report))
            .collect(),
        graph: GraphOut {
            apps: graph
                .nodes
                .iter()
                .map(|n| NodeOut {
                    id: &n.id,
                    name: &n.name,
                })
                .collect(),
            edges: graph
                .edges
                .iter()
                .map(|e| EdgeOut {
                    from: &graph.nodes[e.from].id,
                    to: &graph.nodes[e.to].id,
                    labels: &e.labels,
                    flows: e.flows,
                })
                .collect(),
        },
    };
    let mut s = serde_json::to_string_pretty(&output).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
