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
    pub UndocumentedConnection { id: "WB201", name: "undocumented-connection", severity: Warning, summary: "an app in `connects_to` has no `secondary` entry and no document of its own" }
}

impl Rule for UndocumentedConnection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
