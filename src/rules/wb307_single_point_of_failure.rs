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
    pub SinglePointOfFailure { id: "WB307", name: "single-point-of-failure", severity: Warning, summary: "fewer than two distinct people among owners and contacts" }
}

impl Rule for SinglePointOfFailure {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
