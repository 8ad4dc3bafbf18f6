use jiff::civil::Date;

use super::{Ctx, Finding, Rule, RuleMeta};
use crate::document::Node;
use crate::interval::{parse_date, Interval};

declare_rule! {
    /// ## What it does
    /// Checks that `validation.review.last_reviewed` plus the review interval is not
    /// before today. The interval is the document's `validation.review.interval`, else
    /// `[review] interval` from `wirebook.toml` (3 months by default). Months are
    /// calendar months: 2026-08-31 + 3 months is due on 2026-11-30. On the due date
    /// itself the review is not yet overdue (WB302 warns instead).
    ///
    /// ## Why is this bad?
    /// Integrations change constantly: tokens rotate, people leave, vendors move their
    /// settings pages. A runbook nobody has verified for months fails the person who
    /// needs it at 2am.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   validation:
    ///     review:
    ///       last_reviewed: 2026-03-02
    ///       interval: 3 months
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   validation:
    ///     review:
    ///       last_reviewed: 2026-11-20
    ///       interval: 3 months
    /// ```
    pub ReviewOverdue { id: "WB301", name: "review-overdue", severity: Error, summary: "`last_reviewed + interval` is before today" }
}

impl Rule for ReviewOverdue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(review) = cx.review() else {
            return;
        };
        let late = days_between(review.due, cx.today);
        if late <= 0 {
            return;
        }
        out.push(
            Finding::new(
                &Self::META,
                review.node.span,
                format!(
                    "last reviewed {}; review was due {} (every {}), {} ago",
                    review.last,
                    review.due,
                    review.interval,
                    days_text(late)
                ),
            )
            .help(
                "verify the document (run the validation checks, fix what changed), then set \
                 `last_reviewed` to the day you did",
            ),
        );
    }
}

/// A document's review schedule (shared by WB301, WB302 and WB304).
pub(crate) struct Review<'a> {
    /// The `last_reviewed` value.
    pub(super) node: &'a Node,
    pub(super) last: Date,
    pub(super) interval: Interval,
    pub(super) due: Date,
}

impl<'a> Review<'a> {
    /// `None` when `last_reviewed` is unanswered (WB303) or not a valid date (WB002).
    pub(super) fn of(cx: &Ctx<'a>) -> Option<Self> {
        let node = cx
            .answer(&crate::keys!["spec", "validation", "review", "last_reviewed"])
            .ok()?;
        let last = parse_date(node.as_str()?)?;
        let interval = review_interval(cx);
        Some(Self {
            node,
            last,
            interval,
            due: interval.after(last),
        })
    }
}

/// The document's `validation.review.interval` if it is a valid interval, else the
/// configured default (an invalid interval is reported by WB002).
pub(super) fn review_interval(cx: &Ctx<'_>) -> Interval {
    cx.answer(&crate::keys!["spec", "validation", "review", "interval"])
        .ok()
        .and_then(Node::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(cx.config.review_interval)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(super) fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// "1 day", "12 days".
pub(super) fn days_text(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostic::Diagnostic;
    use crate::engine::{check_texts, Options};

    /// The findings of rule `id` on `yaml` as of `today`. `apiVersion`, `kind` and
    /// (unless `yaml` has its own) `metadata` are added: three lines before `yaml`'s.
    pub(in crate::rules) fn findings(id: &str, yaml: &str, today: &str, config: &Config) -> Vec<Diagnostic> {
        let metadata = if yaml.starts_with("metadata:") {
            "x-metadata: none"
        } else {
            "metadata: {id: x, title: X}"
        };
        let text = format!("apiVersion: wirebook.dev/v1\nkind: Integration\n{metadata}\n{yaml}");
        let options = Options {
            today: parse_date(today).unwrap(),
            members: None,
        };
        check_texts(&[("t.yaml".to_owned(), text)], config, &options)
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == id)
            .collect()
    }

    fn overdue(last: &str, interval: Option<&str>, today: &str) -> Vec<Diagnostic> {
        let interval = interval.map_or(String::new(), |i| format!(", interval: {i}"));
        findings(
            "WB301",
            &format!("spec:\n  validation:\n    review: {{last_reviewed: {last}{interval}}}\n"),
            today,
            &Config::default(),
        )
    }

    #[test]
    fn due_date_is_not_overdue_the_day_after_is() {
        assert!(overdue("2026-08-29", None, "2026-11-29").is_empty());
        let f = overdue("2026-08-28", None, "2026-11-29");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "last reviewed 2026-08-28; review was due 2026-11-28 (every 3 months), 1 day ago"
        );
    }

    #[test]
    fn month_end_clamps() {
        // 2026-08-31 + 3 months = 2026-11-30: not due yet on 2026-11-30, overdue on 12-01.
        assert!(overdue("2026-08-31", None, "2026-11-30").is_empty());
        assert_eq!(overdue("2026-08-31", None, "2026-12-01").len(), 1);
        // Leap day: 2028-02-29 + 1 year = 2029-02-28.
        assert!(overdue("2028-02-29", Some("1 year"), "2029-02-28").is_empty());
        assert_eq!(overdue("2028-02-29", Some("1 year"), "2029-03-01").len(), 1);
        // Across a year end, in days.
        assert!(overdue("2026-12-20", Some("14 days"), "2027-01-03").is_empty());
        assert_eq!(overdue("2026-12-20", Some("14 days"), "2027-01-04").len(), 1);
    }

    #[test]
    fn document_interval_wins_then_config() {
        assert!(overdue("2026-03-02", Some("1 year"), "2026-11-29").is_empty());
        let f = overdue("2026-03-02", None, "2026-11-29");
        assert!(f[0].message.contains("due 2026-06-02 (every 3 months), 180 days ago"), "{}", f[0].message);
        let config = Config {
            review_interval: "1 year".parse().unwrap(),
            ..Config::default()
        };
        let yaml = "spec:\n  validation:\n    review: {last_reviewed: 2026-03-02}\n";
        assert!(findings("WB301", yaml, "2026-11-29", &config).is_empty());
        // An invalid interval (WB002's job) falls back to the default.
        assert_eq!(overdue("2026-03-02", Some("soon"), "2026-11-29").len(), 1);
    }

    #[test]
    fn at_the_date_and_silent_on_bad_or_missing_dates() {
        let f = findings(
            "WB301",
            "spec:\n  validation:\n    review:\n      last_reviewed: 2025-01-01\n",
            "2026-11-29",
            &Config::default(),
        );
        assert_eq!((f[0].span.line, f[0].span.column), (7, 22));
        assert!(overdue("2026-02-30", None, "2026-11-29").is_empty());
        assert!(overdue("TODO", None, "2026-11-29").is_empty());
        assert!(overdue("2026-3-2", None, "2026-11-29").is_empty());
    }

    #[test]
    fn day_arithmetic() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(days_between(d("2026-06-02"), d("2026-11-29")), 180);
        assert_eq!(days_between(d("2026-11-29"), d("2026-11-28")), -1);
        assert_eq!(days_between(d("2028-02-28"), d("2028-03-01")), 2);
        assert_eq!(days_text(1), "1 day");
        assert_eq!(days_text(0), "0 days");
    }
}
