//! `report --merge FILE.json...`: one report from several repositories'
//! `report --format json` outputs. Each file's `version` is checked first (this
//! wirebook reads [`super::json::VERSION`] and older); rows keep their repository,
//! findings and counts, and two rows with the same id stay two rows. Review and
//! workflow states are re-dated to the merged report's day (`--today`, else the
//! latest `today` of the inputs) from the dates each row records.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;
use serde_json::Value;

use super::json::VERSION;
use super::model::{
    review_state, sort, step_state, Counts, Flow, Integration, Report, ReviewState, Step,
    StepState, STEPS,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::interval::{parse_date, Interval};

#[derive(Deserialize)]
struct Input {
    today: String,
    warn_days: u32,
    integrations: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    repository: Option<String>,
    id: Option<String>,
    title: Option<String>,
    file: String,
    document: Option<usize>,
    tier: Option<String>,
    #[serde(default)]
    owners: Vec<String>,
    steps: Vec<StepIn>,
    review: ReviewIn,
    findings: FindingsIn,
    #[serde(default)]
    apps: Vec<String>,
    #[serde(default)]
    data_flows: Vec<FlowIn>,
}

#[derive(Deserialize)]
struct StepIn {
    step: String,
    state: String,
    deadline: Option<String>,
    completed_on: Option<String>,
    #[serde(default)]
    opens: Option<String>,
}

#[derive(Deserialize)]
struct ReviewIn {
    state: String,
    last_reviewed: Option<String>,
    interval: String,
    next_due: Option<String>,
}

#[derive(Deserialize)]
struct FindingsIn {
    errors: usize,
    warnings: usize,
    infos: usize,
    #[serde(default)]
    items: Vec<ItemIn>,
}

#[derive(Deserialize)]
struct ItemIn {
    rule: String,
    name: String,
    severity: String,
    message: String,
    line: usize,
    column: usize,
}

#[derive(Deserialize)]
struct FlowIn {
    from: Option<String>,
    to: Option<String>,
    data: Option<String>,
    frequency: Option<String>,
    mechanism: Option<String>,
}

/// Rule IDs and names as the `&'static str` a [`Diagnostic`] holds: the registry's
/// when the rule is known, else leaked once per distinct string (a rule a newer
/// wirebook added; bounded by the input).
#[derive(Default)]
struct Names(HashMap<String, &'static str>);

impl Names {
    fn get(&mut self, s: &str, known: Option<&'static str>) -> &'static str {
        if let Some(k) = known.filter(|k| *k == s) {
            return k;
        }
        self.0
            .entry(s.to_owned())
            .or_insert_with(|| Box::leak(s.to_owned().into_boxed_str()))
    }
}

fn date(file: &str, row: &str, field: &str, value: Option<&str>) -> Result<Option<Date>, String> {
    match value {
        None => Ok(None),
        Some(v) => parse_date(v)
            .map(Some)
            .ok_or_else(|| format!("{file}: {row}: `{field}` is not a date: {v:?}")),
    }
}

fn step_state_of(s: &str) -> Option<StepState> {
    Some(match s {
        "completed" => StepState::Completed,
        "overdue" => StepState::Overdue,
        "pending" => StepState::Pending,
        "not started" => StepState::NotStarted,
        _ => return None,
    })
}

/// Reads one `report --format json` output; `Err` names the file and what is wrong.
fn read_one(path: &Path) -> Result<Input, String> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: cannot read it: {e}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{file}: not JSON ({e}); --merge reads the output of `wirebook report --format json`"
        )
    })?;
    let not_ours =
        |why: &str| format!("{file}: not a `wirebook report --format json` output: {why}");
    let Some(object) = value.as_object() else {
        return Err(not_ours("it is not a JSON object"));
    };
    let version = match object.get("version") {
        None => return Err(not_ours("it has no \"version\"")),
        Some(v) => v
            .as_u64()
            .filter(|&v| v >= 1)
            .ok_or_else(|| not_ours("\"version\" is not a positive integer"))?,
    };
    if version > u64::from(VERSION) {
        return Err(format!(
            "{file}: report version {version} is newer than this wirebook reads (version {VERSION}): upgrade wirebook to merge it"
        ));
    }
    if !object.contains_key("integrations") {
        let hint = if object.contains_key("findings") {
            " (it looks like `wirebook check --format json`)"
        } else {
            ""
        };
        return Err(not_ours(&format!("it has no \"integrations\"{hint}")));
    }
    serde_json::from_str(&text).map_err(|e| not_ours(&e.to_string()))
}

fn integration(
    file: &str,
    k: usize,
    row: Row,
    today: Date,
    warn_days: u32,
    names: &mut Names,
) -> Result<Integration, String> {
    let label = format!(
        "integration {} ({})",
        k + 1,
        row.id.as_deref().unwrap_or(&row.file)
    );
    let at = |field: &str, v: Option<&str>| date(file, &label, field, v);
    if row.steps.len() != STEPS.len()
        || row
            .steps
            .iter()
            .zip(STEPS)
            .any(|(s, (key, _))| s.step != key)
    {
        return Err(format!(
            "{file}: {label}: `steps` must be primary, secondary, validation, security"
        ));
    }
    let mut steps = Vec::new();
    for (s, (key, step_label)) in row.steps.iter().zip(STEPS) {
        let recorded = step_state_of(&s.state)
            .ok_or_else(|| format!("{file}: {label}: unknown step state {:?}", s.state))?;
        let completed_on = at("completed_on", s.completed_on.as_deref())?;
        let deadline = at("deadline", s.deadline.as_deref())?;
        let opens = at("opens", s.opens.as_deref())?;
        let state = match (opens, deadline) {
            // Written before `opens` was recorded: only lateness can be re-dated.
            (None, Some(due)) if completed_on.is_none() => {
                if today > due {
                    StepState::Overdue
                } else if recorded == StepState::Overdue {
                    StepState::Pending
                } else {
                    recorded
                }
            }
            _ => step_state(completed_on, opens, deadline, today),
        };
        steps.push(Step {
            key,
            label: step_label,
            state,
            completed_on,
            deadline,
            opens,
        });
    }
    let interval: Interval = row
        .review
        .interval
        .parse()
        .map_err(|e| format!("{file}: {label}: {e}"))?;
    let next_review = at("review.next_due", row.review.next_due.as_deref())?;
    let review = if row.review.state == "missing" || row.document.is_none() {
        ReviewState::Missing
    } else {
        review_state(next_review, today, warn_days)
    };
    let mut diagnostics = Vec::new();
    for item in row.findings.items {
        let severity = Severity::parse(&item.severity)
            .ok_or_else(|| format!("{file}: {label}: unknown severity {:?}", item.severity))?;
        let meta = crate::rules::by_id(&item.rule);
        diagnostics.push(Diagnostic {
            rule: names.get(&item.rule, meta.map(|m| m.id)),
            name: names.get(&item.name, meta.map(|m| m.name)),
            severity,
            message: item.message,
            help: String::new(),
            file: row.file.clone(),
            span: Span {
                start: 0,
                end: 0,
                line: item.line,
                column: item.column,
            },
            document: row.id.clone(),
            related: Vec::new(),
            pointer: String::new(),
            fix: None,
            doc: None,
        });
    }
    Ok(Integration {
        repository: row.repository.filter(|r| !r.trim().is_empty()),
        id: row.id,
        title: row.title,
        file: row.file,
        document: row.document,
        tier: row.tier,
        owners: row.owners,
        steps,
        last_reviewed: at("review.last_reviewed", row.review.last_reviewed.as_deref())?,
        interval,
        next_review,
        review,
        findings: Counts {
            errors: row.findings.errors,
            warnings: row.findings.warnings,
            infos: row.findings.infos,
        },
        diagnostics,
        apps: row.apps,
        flows: row
            .data_flows
            .into_iter()
            .map(|f| Flow {
                from: f.from,
                to: f.to,
                data: f.data,
                frequency: f.frequency,
                mechanism: f.mechanism,
            })
            .collect(),
    })
}

/// One report from several `report --format json` files, dated `today` or, when
/// `None`, the latest `today` among them.
///
/// # Errors
/// A file that cannot be read, is not JSON, is another tool's JSON or a newer
/// version, or holds a value this version cannot read: the message names the file.
pub fn merge(paths: &[impl AsRef<Path>], today: Option<Date>) -> Result<Report, String> {
    let mut inputs = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let input = read_one(path)?;
        let file = path.display().to_string();
        let day = parse_date(&input.today)
            .ok_or_else(|| format!("{file}: `today` is not a date: {:?}", input.today))?;
        inputs.push((file, day, input));
    }
    let today = today
        .or_else(|| inputs.iter().map(|(_, d, _)| *d).max())
        .unwrap_or(Date::MIN);
    let warn_days = inputs
        .iter()
        .map(|(_, _, i)| i.warn_days)
        .max()
        .unwrap_or(14);
    let mut names = Names::default();
    let mut integrations = Vec::new();
    for (file, _, input) in inputs {
        for (k, row) in input.integrations.into_iter().enumerate() {
            integrations.push(integration(
                &file,
                k,
                row,
                today,
                input.warn_days,
                &mut names,
            )?);
        }
    }
    sort(&mut integrations);
    // People are read from documents; a merged report has rows only.
    Ok(Report {
        today,
        warn_days,
        integrations,
        people: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{check_texts, Options};

    const DOC: &str = "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {id: shop, title: Shop, owners: [\"@a\"], colour: red}\nspec:\n  primary: {app: Shopify}\n  secondary:\n    - app: ShipStation\n      data_flows:\n        - {from: Shopify, to: ShipStation, data: orders, frequency: hourly}\n  validation:\n    review: {last_reviewed: 2026-08-25}\nworkflow:\n  started: 2026-11-10\n";

    fn json_of(repo: &str, today: &str) -> String {
        let d = parse_date(today).unwrap();
        let config = Config::default();
        let run = check_texts(
            &[("a.yaml".to_owned(), DOC.to_owned())],
            &config,
            &Options {
                today: d,
                members: None,
            },
        );
        let mut r = crate::report::build(&run, &config, d);
        for i in &mut r.integrations {
            i.repository = Some(repo.to_owned());
        }
        super::super::json::render(&r)
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn same_id_in_two_repositories_stays_two_rows() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.json", &json_of("acme/shop", "2026-11-20"));
        let b = write(dir.path(), "b.json", &json_of("acme/ops", "2026-11-20"));
        let r = merge(&[&a, &b], None).unwrap();
        assert_eq!(r.integrations.len(), 2);
        let repos: Vec<_> = r
            .integrations
            .iter()
            .map(|i| i.repository.as_deref())
            .collect();
        assert_eq!(repos, [Some("acme/ops"), Some("acme/shop")]);
        for i in &r.integrations {
            assert_eq!(i.id.as_deref(), Some("shop"));
            assert!(
                i.findings.errors >= 1,
                "colour is unknown: {:?}",
                i.findings
            );
            assert_eq!(
                i.findings.errors,
                i.diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count()
            );
            assert_eq!(i.flows.len(), 1);
            assert_eq!(i.review, ReviewState::DueSoon, "due 2026-11-25");
        }
        // Round trip: the merged report written as JSON reads back the same.
        let again = write(dir.path(), "m.json", &super::super::json::render(&r));
        let r2 = merge(&[&again], None).unwrap();
        assert_eq!(
            super::super::json::render(&r2),
            super::super::json::render(&r)
        );
    }

    #[test]
    fn states_are_redated_to_the_merge_day() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.json", &json_of("acme/shop", "2026-11-01"));
        let r = merge(&[&a], None).unwrap();
        assert_eq!(r.today, parse_date("2026-11-01").unwrap());
        assert_eq!(r.integrations[0].review, ReviewState::Ok);
        assert_eq!(r.integrations[0].steps[0].state, StepState::NotStarted);
        let r = merge(&[&a], parse_date("2026-11-12")).unwrap();
        assert_eq!(r.integrations[0].review, ReviewState::DueSoon);
        assert_eq!(r.integrations[0].steps[0].state, StepState::Pending);
        let later = parse_date("2026-11-30").unwrap();
        let r = merge(&[&a], Some(later)).unwrap();
        assert_eq!(r.integrations[0].review, ReviewState::Overdue);
        assert_eq!(r.integrations[0].steps[0].state, StepState::Overdue);
    }

    #[test]
    fn bad_input_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let good = json_of("acme/shop", "2026-11-20");
        let cases = [
            ("text.json", "not json at all".to_owned(), "not JSON"),
            ("array.json", "[1, 2]".to_owned(), "not a JSON object"),
            (
                "other.json",
                "{\"name\": \"x\"}".to_owned(),
                "no \"version\"",
            ),
            (
                "check.json",
                "{\"version\": 1, \"findings\": [], \"summary\": {}}".to_owned(),
                "looks like `wirebook check --format json`",
            ),
            (
                "newer.json",
                good.replace("\"version\": 1", "\"version\": 2"),
                "report version 2 is newer",
            ),
            (
                "zero.json",
                good.replace("\"version\": 1", "\"version\": 0"),
                "positive integer",
            ),
            (
                "type.json",
                good.replace("\"warn_days\": 14", "\"warn_days\": \"x\""),
                "line",
            ),
            (
                "date.json",
                good.replace("\"next_due\": \"2026-11-25\"", "\"next_due\": \"soon\""),
                "`review.next_due` is not a date",
            ),
        ];
        for (name, text, expect) in cases {
            let p = write(dir.path(), name, &text);
            let err = match merge(&[&p], None) {
                Ok(_) => panic!("{name} was accepted"),
                Err(e) => e,
            };
            assert!(err.starts_with(&p.display().to_string()), "{err}");
            assert!(err.contains(expect), "{name}: {err}");
        }
        let missing = dir.path().join("missing.json");
        assert!(merge(&[&missing], None)
            .unwrap_err()
            .contains("cannot read"));
    }
}
