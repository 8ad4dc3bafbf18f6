use super::wb301_review_overdue::review_interval;
use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a document without `validation.review.last_reviewed` (absent, empty or a
    /// placeholder such as `TODO`), at the value or at the mapping that should hold it.
    ///
    /// ## Why is this bad?
    /// Without a review date nobody can tell whether the document was ever checked
    /// against reality, and WB301 cannot warn when it goes stale.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   validation:
    ///     review:
    ///       interval: 3 months
    ///       reviewed_by: "@bob"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   validation:
    ///     review:
    ///       last_reviewed: 2026-11-20
    ///       interval: 3 months
    ///       reviewed_by: "@bob"
    /// ```
    pub ReviewMissing { id: "WB303", name: "review-missing", severity: Error, summary: "no `validation.review.last_reviewed`" }
}

impl Rule for ReviewMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Err(gap) = cx.answer(&crate::keys!["spec", "validation", "review", "last_reviewed"]) else {
            return;
        };
        let interval = review_interval(cx);
        out.push(
            Finding::new(
                &Self::META,
                gap.span,
                format!(
                    "`validation.review.last_reviewed` is not answered: \"When was this last \
                     verified? (review every {interval})\""
                ),
            )
            .help(
                "verify the document (run the validation checks), then record the date as \
                 `last_reviewed: YYYY-MM-DD` under `spec.validation.review`",
            )
            .todo(&gap, "When was this last verified? (review every 3 months)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn missing(yaml: &str) -> Vec<(usize, usize)> {
        findings("WB303", yaml, "2026-11-29", &Config::default())
            .into_iter()
            .map(|d| (d.span.line, d.span.column))
            .collect()
    }

    #[test]
    fn reports_at_the_value_or_the_holding_mapping() {
        // The placeholder itself (line 7: the header takes 3 lines).
        assert_eq!(missing("spec:\n  validation:\n    review:\n      last_reviewed: TODO\n"), [(7, 22)]);
        // The review mapping.
        assert_eq!(missing("spec:\n  validation:\n    review:\n      interval: 1 year\n"), [(7, 7)]);
        // No validation at all: the spec mapping.
        assert_eq!(missing("spec:\n  primary: {app: A}\n"), [(5, 3)]);
        assert!(missing("spec:\n  validation:\n    review: {last_reviewed: 2026-01-01}\n").is_empty());
        // An invalid date is answered (WB002 reports it).
        assert!(missing("spec:\n  validation:\n    review: {last_reviewed: yesterday}\n").is_empty());
    }

    #[test]
    fn quotes_the_effective_interval() {
        let f = findings(
            "WB303",
            "spec:\n  validation:\n    review: {interval: 6 months}\n",
            "2026-11-29",
            &Config::default(),
        );
        assert!(f[0].message.ends_with("(review every 6 months)\""), "{}", f[0].message);
    }
}
