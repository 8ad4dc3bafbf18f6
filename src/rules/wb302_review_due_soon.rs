use super::wb301_review_overdue::{days_between, days_text};
use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Warns when the next review (`last_reviewed` + interval) falls due within
    /// `[review] warn_days` days (14 by default), counting the due date itself: with
    /// the default, a review due in 0 to 14 days warns. Once the due date has passed,
    /// WB301 reports it instead.
    ///
    /// ## Why is this bad?
    /// A warning two weeks ahead leaves time to schedule the review before it turns
    /// into an error that blocks pull requests.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   validation:
    ///     review:
    ///       last_reviewed: 2026-09-05
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
    pub ReviewDueSoon { id: "WB302", name: "review-due-soon", severity: Warning, summary: "the review falls due within `[review] warn_days`" }
}

impl Rule for ReviewDueSoon {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(review) = cx.review() else {
            return;
        };
        let left = days_between(cx.today, review.due);
        if left < 0 || left > i64::from(cx.config.warn_days) {
            return;
        }
        let when = if left == 0 {
            "today".to_owned()
        } else {
            format!("in {}", days_text(left))
        };
        out.push(
            Finding::new(
                &Self::META,
                review.node.span,
                format!(
                    "last reviewed {}; the review (every {}) is due {} {when}",
                    review.last, review.interval, review.due
                ),
            )
            .help(format!(
                "schedule the review before {}: run the validation checks, then update \
                 `last_reviewed`",
                review.due
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn soon(last: &str, today: &str, warn_days: u32) -> Vec<String> {
        let config = Config {
            warn_days,
            ..Config::default()
        };
        let yaml = format!("spec:\n  validation:\n    review: {{last_reviewed: {last}}}\n");
        findings("WB302", &yaml, today, &config)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn window_includes_both_ends() {
        // Due 2026-11-29.
        assert_eq!(
            soon("2026-08-29", "2026-11-29", 14),
            ["last reviewed 2026-08-29; the review (every 3 months) is due 2026-11-29 today"]
        );
        // Due 2026-12-13: exactly 14 days ahead.
        assert_eq!(
            soon("2026-09-13", "2026-11-29", 14),
            ["last reviewed 2026-09-13; the review (every 3 months) is due 2026-12-13 in 14 days"]
        );
        // 15 days ahead, and overdue (WB301's job): silent.
        assert!(soon("2026-09-14", "2026-11-29", 14).is_empty());
        assert!(soon("2026-08-28", "2026-11-29", 14).is_empty());
    }

    #[test]
    fn warn_days_from_config() {
        assert!(soon("2026-09-13", "2026-11-29", 7).is_empty());
        assert_eq!(soon("2026-09-06", "2026-11-29", 7).len(), 1);
        // 0 warns only on the due date.
        assert_eq!(soon("2026-08-29", "2026-11-29", 0).len(), 1);
        assert!(soon("2026-08-30", "2026-11-29", 0).is_empty());
    }

    #[test]
    fn month_end_due_date() {
        // 2026-08-31 + 3 months = 2026-11-30: due tomorrow.
        assert_eq!(
            soon("2026-08-31", "2026-11-29", 14),
            ["last reviewed 2026-08-31; the review (every 3 months) is due 2026-11-30 in 1 day"]
        );
    }
}
