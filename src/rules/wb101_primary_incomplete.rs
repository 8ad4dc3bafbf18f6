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
    pub PrimaryIncomplete { id: "WB101", name: "primary-incomplete", severity: Error, summary: "a step-1 question is unanswered (purpose, login URL, credential format, connections)" }
}

impl Rule for PrimaryIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
