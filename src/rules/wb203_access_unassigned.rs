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
    pub AccessUnassigned { id: "WB203", name: "access-unassigned", severity: Error, summary: "a secondary app lacks `who_has_access` or `grants_access`" }
}

impl Rule for AccessUnassigned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
