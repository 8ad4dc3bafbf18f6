use super::wb301_review_overdue::{days_between, days_text};
use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a `validation.review.last_reviewed` date after today.
    ///
    /// ## Why is this bad?
    /// A review cannot have happened in the future. A typo such as `2027` for `2026`
    /// silences WB301 for a year while the document goes stale.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   validation:
    ///     review:
    ///       last_reviewed: 2027-11-02
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   validation:
    ///     review:
    ///       last_reviewed: 2026-11-02
    /// ```
    pub ReviewInFuture { id: "WB304", name: "review-in-future", severity: Error, summary: "`last_reviewed` is after today" }
}

impl Rule for ReviewInFuture {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(review) = cx.review() else {
            return;
        };
        let ahead = days_between(cx.today, review.last);
        if ahead <= 0 {
            return;
        }
        out.push(
            Finding::new(
                &Self::META,
                review.node.span,
                format!(
                    "last reviewed {} is {} after today ({})",
                    review.last,
                    days_text(ahead),
                    cx.today
                ),
            )
            .help("set `last_reviewed` to the day the review actually happened"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn future(last: &str, today: &str) -> Vec<String> {
        let yaml = format!("spec:\n  validation:\n    review: {{last_reviewed: {last}}}\n");
        findings("WB304", &yaml, today, &Config::default())
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn today_is_fine_tomorrow_is_not() {
        assert!(future("2026-11-29", "2026-11-29").is_empty());
        assert!(future("2026-11-28", "2026-11-29").is_empty());
        assert_eq!(
            future("2026-11-30", "2026-11-29"),
            ["last reviewed 2026-11-30 is 1 day after today (2026-11-29)"]
        );
        assert_eq!(
            future("2027-01-01", "2026-12-31"),
            ["last reviewed 2027-01-01 is 1 day after today (2026-12-31)"]
        );
        assert!(future("2027-02-29", "2026-11-29").is_empty(), "not a date: WB002's job");
    }
}
