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
    pub SecretUnreferenced { id: "WB105", name: "secret-unreferenced", severity: Error, summary: "a `secrets` entry has no `stored_in` reference" }
}

impl Rule for SecretUnreferenced {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
