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
    pub OwnerDeparted { id: "WB308", name: "owner-departed", severity: Error, summary: "a person named in the document has left the GitHub organization (sweep, check --github)" }
}

impl Rule for OwnerDeparted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
