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
    pub DataFlowIncomplete { id: "WB202", name: "data-flow-incomplete", severity: Error, summary: "a data flow lacks `data`, `frequency` or `on_failure`" }
}

impl Rule for DataFlowIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
