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
    pub PiiWithoutCompliance { id: "WB402", name: "pii-without-compliance", severity: Error, summary: "`contains_pii: true` without compliance frameworks or notes" }
}

impl Rule for PiiWithoutCompliance {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
