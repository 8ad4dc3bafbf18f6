use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Warns when `security.least_privilege` is `false`: the integration's permissions
    /// are broader than it needs. Unanswered is WB401's job.
    ///
    /// ## Why is this bad?
    /// An integration token with full admin rights turns a leaked token or a compromised
    /// vendor into a full account takeover. Scoped tokens limit the blast radius.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   security:
    ///     least_privilege: false
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   security:
    ///     least_privilege: true
    /// ```
    pub ExcessPrivilege { id: "WB407", name: "excess-privilege", severity: Warning, summary: "`least_privilege: false`" }
}

impl Rule for ExcessPrivilege {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Ok(node) = cx.answer(&crate::keys!["spec", "security", "least_privilege"]) else {
            return;
        };
        if node.as_bool() == Some(false) {
            out.push(
                Finding::new(
                    &Self::META,
                    node.span,
                    "permissions are not scoped to the minimum necessary (`least_privilege: false`)",
                )
                .help(
                    "narrow the token's scopes or the service account's role to what the \
                     integration uses, then set `least_privilege: true`",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    #[test]
    fn only_false_fires() {
        let run = |v: &str| {
            findings(
                "WB407",
                &format!("spec:\n  security:\n    least_privilege: {v}\n"),
                "2026-11-29",
                &Config::default(),
            )
        };
        let f = run("false");
        assert_eq!((f.len(), f[0].span.line, f[0].span.column), (1, 6, 22));
        assert!(run("true").is_empty());
        assert!(run("TODO").is_empty());
    }
}
