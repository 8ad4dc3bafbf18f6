use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// TODO: not written yet.
    ///
    /// ## Why is this bad?
    /// TODO
    ///
    /// ## Example
    /// TODO
    pub IssueWithoutWorkaround { id: "WB204", name: "issue-without-workaround", severity: Warning, summary: "a known issue has no `workaround`" }
}

impl Rule for IssueWithoutWorkaround {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
