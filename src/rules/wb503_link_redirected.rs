use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a URL that answers with a permanent redirect (301 or 308) and then
    /// works; the help names the new location (the end of the chain of permanent
    /// redirects). Temporary redirects (302, 303, 307) are not reported. Redirects
    /// are followed by hand, up to 10, and every hop passes the same checks as the
    /// URL itself (a redirect to a link-local address is refused).
    ///
    /// ## Why is this bad?
    /// The old address works today, but the vendor has said it moved for good: the
    /// next reorganisation may drop the redirect. Writing the new address keeps the
    /// document working.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     links: [http://docs.vendor.example/api]   # 301 → https://docs.vendor.example/api
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     links: [https://docs.vendor.example/api]
    /// ```
    pub LinkRedirected { id: "WB503", name: "link-redirected", severity: Info, summary: "a URL permanently redirects (301/308)" }
}

impl Rule for LinkRedirected {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Findings come from `links/` (they need the network); nothing to do per document.
    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
