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
    pub LinkRedirected { id: "WB503", name: "link-redirected", severity: Info, summary: "a URL permanently redirects (301/308)" }
}

impl Rule for LinkRedirected {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
