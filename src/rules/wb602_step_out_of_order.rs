use super::wb601_step_overdue::{completed_on, STEPS};
use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Warns when a workflow step's `completed_on` is before the `completed_on` of the
    /// step it follows (`primary`, `secondary`, `validation`, `security`, in that
    /// order). Steps without a completion date are passed over: each completed step is
    /// compared with the nearest earlier completed one. The same day is in order.
    /// This does not need `workflow.started`.
    ///
    /// ## Why is this bad?
    /// Each step builds on the one before: validation checks what steps 1 and 2
    /// documented. A validation finished before the supporting apps were documented
    /// did not validate them. Usually it is a typo in a date, which also skews WB601.
    ///
    /// ## Example
    /// ```yaml
    /// workflow:
    ///   started: 2026-11-01
    ///   steps:
    ///     primary: {completed_on: 2026-11-03}
    ///     secondary: {completed_on: 2026-11-07}
    ///     validation: {completed_on: 2026-11-05}
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
    /// ```
    pub StepOutOfOrder { id: "WB602", name: "step-out-of-order", severity: Warning, summary: "a step was completed before the step it follows" }
}

impl Rule for StepOutOfOrder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let mut previous = None;
        for (i, (key, _)) in STEPS.iter().enumerate() {
            let Ok(Ok((node, date))) = completed_on(cx, *key) else {
                continue;
            };
            if let Some((p, pkey, pdate, pnode)) = previous {
                if date < pdate {
                    out.push(
                        Finding::new(
                            &Self::META,
                            node.span,
                            format!(
                                "step {} `{key}` was completed on {date}, before step {p} \
                                 `{pkey}` (completed on {pdate})",
                                i + 1
                            ),
                        )
                        .help(format!(
                            "check both dates; if they are right, redo `{key}` now that \
                             `{pkey}` is done, and record the new date"
                        ))
                        .related("", pnode, format!("`{pkey}` completed here")),
                    );
                }
            }
            previous = Some((i + 1, key, date, node.span));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn out_of_order(steps: &str) -> Vec<(usize, usize, String)> {
        findings("WB602", &format!("workflow:\n  steps:\n{steps}"), "2026-11-29", &Config::default())
            .into_iter()
            .map(|d| (d.span.line, d.span.column, d.message))
            .collect()
    }

    #[test]
    fn compares_with_the_nearest_completed_step() {
        let f = out_of_order(
            "    primary: {completed_on: 2026-11-03}\n    secondary: {completed_on: TODO}\n    \
             validation: {completed_on: 2026-11-02}\n    security: {completed_on: 2026-11-02}\n",
        );
        assert_eq!(
            f,
            [(
                8,
                32,
                "step 3 `validation` was completed on 2026-11-02, before step 1 `primary` \
                 (completed on 2026-11-03)"
                    .to_owned()
            )],
            "the same day is in order"
        );
    }

    #[test]
    fn in_order_or_invalid_is_silent() {
        assert!(out_of_order("    primary: {completed_on: 2026-11-03}\n    secondary: {completed_on: 2026-11-03}\n").is_empty());
        assert!(out_of_order("    primary: {completed_on: 2026-11-33}\n    secondary: {completed_on: 2026-11-03}\n").is_empty());
        assert_eq!(
            out_of_order("    primary: {completed_on: 2027-01-01}\n    security: {completed_on: 2026-12-31}\n").len(),
            1
        );
    }
}
