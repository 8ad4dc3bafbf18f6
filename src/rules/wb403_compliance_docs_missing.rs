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
    pub ComplianceDocsMissing { id: "WB403", name: "compliance-docs-missing", severity: Warning, summary: "compliance frameworks are named but `vendor_docs` is empty" }
}

impl Rule for ComplianceDocsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
