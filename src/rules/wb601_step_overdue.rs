use jiff::civil::Date;

use super::wb301_review_overdue::{days_between, days_text};
use super::{Ctx, Finding, Rule, RuleMeta};
use crate::document::{Key, Node, Span};
use crate::interval::parse_date;

declare_rule! {
    /// ## What it does
    /// Checks the documentation cycle in `workflow` (only when `workflow.started` is
    /// set). The four steps `primary`, `secondary`, `validation` and `security` each
    /// have a deadline of `[workflow] step_days` days (3, 5, 7, 10 by default), counted
    /// from the completion of the step before it, or from that step's deadline if it
    /// is not completed; the first counts from `workflow.started`. A step without
    /// `workflow.steps.<step>.completed_on` after its deadline is reported, once per
    /// step. A step is on time on its deadline day.
    ///
    /// ## Why is this bad?
    /// Documentation that stalls half-way leaves the integration with a runbook that
    /// looks finished but has no contacts, no validation or no security review.
    ///
    /// ## Example
    /// ```yaml
    /// workflow:
    ///   started: 2026-11-01
    ///   steps:
    ///     primary: {completed_on: 2026-11-03}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// workflow:
    ///   started: 2026-11-01
    ///   steps:
    ///     primary: {completed_on: 2026-11-03}
    ///     secondary: {completed_on: 2026-11-07}
    ///     validation: {completed_on: 2026-11-12}
    ///     security: {completed_on: 2026-11-20}
    /// ```
    pub StepOverdue { id: "WB601", name: "step-overdue", severity: Error, summary: "a workflow step is past its deadline and not completed" }
}

/// The documentation cycle (SPEC section 1): key and what the step captures.
pub(super) const STEPS: [(Key, &str); 4] = [
    (
        Key::word("primary"),
        "the most critical integration: app, purpose, access, connections, secrets, screenshot",
    ),
    (
        Key::word("secondary"),
        "every supporting app: relationship, data flows, access, known issues",
    ),
    (
        Key::word("validation"),
        "verification checklist, review schedule, contacts",
    ),
    (
        Key::word("security"),
        "security checklist, access control, compliance notes",
    ),
];

/// A step's `completed_on`: the answer (or where it belongs) and its date.
/// `Err(())` when the date is invalid (WB002 reports it).
pub(super) fn completed_on<'a>(
    cx: &Ctx<'a>,
    step: Key,
) -> Result<Result<(&'a Node, Date), Span>, ()> {
    match cx.answer(&crate::keys!["workflow", "steps", step, "completed_on"]) {
        Ok(node) => node
            .as_str()
            .and_then(parse_date)
            .map(|d| Ok((node, d)))
            .ok_or(()),
        Err(gap) => Ok(Err(gap.span)),
    }
}

impl Rule for StepOverdue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(started) = cx
            .answer(&crate::keys!["workflow", "started"])
            .ok()
            .and_then(Node::as_str)
            .and_then(parse_date)
        else {
            return;
        };
        let mut base = started;
        // What the deadline counts from, spelled out only for a finding.
        let mut since = Since::Started(started);
        for (i, ((key, captures), days)) in STEPS.iter().zip(cx.config.step_days).enumerate() {
            let n = i + 1;
            let deadline = add_days(base, days);
            let Ok(done) = completed_on(cx, *key) else {
                return; // an invalid date: the rest of the schedule is unknown
            };
            match done {
                Ok((_, date)) => {
                    base = date;
                    since = Since::Completed(n, key.text(), date);
                }
                Err(span) => {
                    let late = days_between(deadline, cx.today);
                    if late > 0 {
                        out.push(
                            Finding::new(
                                &Self::META,
                                span,
                                format!(
                                    "step {n} `{key}` is not completed: it was due {deadline} \
                                     ({} {}), {} ago",
                                    days_text(i64::from(days)),
                                    since.text(),
                                    days_text(late)
                                ),
                            )
                            .help(format!(
                                "document {captures}; then record `completed_on: YYYY-MM-DD` \
                                 under `workflow.steps.{key}`"
                            )),
                        );
                    }
                    base = deadline;
                    since = Since::Due(n, key.text(), deadline);
                }
            }
        }
    }
}

/// The date a step's deadline counts from.
#[derive(Clone, Copy)]
enum Since {
    Started(Date),
    Completed(usize, &'static str, Date),
    Due(usize, &'static str, Date),
}

impl Since {
    fn text(self) -> String {
        match self {
            Self::Started(d) => format!("after the workflow started on {d}"),
            Self::Completed(n, key, d) => format!("after step {n} `{key}` was completed on {d}"),
            Self::Due(n, key, d) => format!("after step {n} `{key}` was due on {d}"),
        }
    }
}

/// `date + days`, saturating at the end of the calendar.
fn add_days(date: Date, days: u32) -> Date {
    jiff::Span::new()
        .try_days(i64::from(days))
        .ok()
        .and_then(|span| date.checked_add(span).ok())
        .unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn overdue(workflow: &str, today: &str, step_days: [u32; 4]) -> Vec<(usize, usize, String)> {
        let config = Config {
            step_days,
            ..Config::default()
        };
        findings("WB601", &format!("workflow:\n{workflow}"), today, &config)
            .into_iter()
            .map(|d| (d.span.line, d.span.column, d.message))
            .collect()
    }

    const DEFAULT: [u32; 4] = [3, 5, 7, 10];

    #[test]
    fn first_step_counts_from_started_deadline_day_is_on_time() {
        let wf = "  started: 2026-11-01\n";
        assert!(overdue(wf, "2026-11-04", DEFAULT).is_empty());
        assert_eq!(
            overdue(wf, "2026-11-05", DEFAULT),
            [(
                5,
                3,
                "step 1 `primary` is not completed: it was due 2026-11-04 (3 days after the \
                 workflow started on 2026-11-01), 1 day ago"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn later_steps_count_from_completion_or_deadline() {
        // primary done 11-03 -> secondary due 11-08 -> validation due 11-15 -> security due 11-25.
        let wf = "  started: 2026-11-01\n  steps:\n    primary: {completed_on: 2026-11-03}\n    secondary: {completed_on: TODO}\n";
        let f = overdue(wf, "2026-11-29", DEFAULT);
        assert_eq!(f.len(), 3, "{f:#?}");
        assert_eq!((f[0].0, f[0].1), (7, 5), "validation and security: at the steps mapping (its first key)");
        assert_eq!((f[2].0, f[2].1), (8, 31), "secondary: at its TODO");
        assert!(f[2].2.contains("due 2026-11-08 (5 days after step 1 `primary` was completed on 2026-11-03), 21 days ago"));
        let msgs: Vec<_> = f.iter().map(|x| x.2.as_str()).collect();
        assert!(msgs.iter().any(|m| m.contains("step 3 `validation` is not completed: it was due 2026-11-15 (7 days after step 2 `secondary` was due on 2026-11-08)")));
        assert!(msgs.iter().any(|m| m.contains("step 4 `security` is not completed: it was due 2026-11-25")));
        assert!(overdue(wf, "2026-11-08", DEFAULT).is_empty());
    }

    #[test]
    fn config_step_days_and_month_ends() {
        let wf = "  started: 2026-01-31\n";
        let f = overdue(wf, "2026-03-01", [28, 1, 1, 1]);
        // 01-31 + 28 days = 02-28; then 03-01 is step 2's deadline: on time.
        assert_eq!(f.len(), 1);
        assert!(f[0].2.contains("due 2026-02-28"), "{}", f[0].2);
        assert!(overdue(wf, "2026-01-31", [0, 0, 0, 0]).is_empty());
        assert_eq!(overdue(wf, "2026-02-01", [0, 0, 0, 0]).len(), 4);
        assert!(overdue(wf, "2026-11-29", [u32::MAX; 4]).is_empty(), "no overflow panic");
    }

    #[test]
    fn needs_a_valid_start_and_stops_at_invalid_dates() {
        assert!(overdue("  started: TODO\n", "2026-11-29", DEFAULT).is_empty());
        assert!(overdue("  steps: {primary: {completed_on: 2026-11-03}}\n", "2026-11-29", DEFAULT).is_empty());
        assert!(overdue("  started: 2026-13-01\n", "2026-11-29", DEFAULT).is_empty());
        let wf = "  started: 2026-11-01\n  steps:\n    primary: {completed_on: 2026-11-3}\n";
        assert!(overdue(wf, "2026-11-29", DEFAULT).is_empty());
    }

    #[test]
    fn all_completed_is_silent() {
        let wf = "  started: 2026-11-01\n  steps:\n    primary: {completed_on: 2026-11-03}\n    secondary: {completed_on: 2026-11-20}\n    \
                  validation: {completed_on: 2026-11-21}\n    security: {completed_on: 2026-11-22}\n";
        assert!(overdue(wf, "2027-06-01", DEFAULT).is_empty());
    }
}
