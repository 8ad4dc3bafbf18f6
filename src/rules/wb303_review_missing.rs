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
    pub ReviewMissing { id: "WB303", name: "review-missing", severity: Error, summary: "no `validation.review.last_reviewed`" }
}

impl Rule for ReviewMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
