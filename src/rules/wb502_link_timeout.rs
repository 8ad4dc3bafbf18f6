use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a URL that did not answer within `[links] timeout` (20 s by default),
    /// on every attempt: timeouts are retried `[links] retries` times with
    /// exponential backoff and jitter before this finding is made.
    ///
    /// ## Why is this bad?
    /// A page that never loads is as useless as a missing one, but a timeout can also
    /// be a slow or overloaded site, so this is a warning, not an error.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     links: [https://intranet.example/wiki/sync]   # no answer within 20 s
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     links: [https://wiki.example/sync]   # an address reachable from CI
    /// ```
    ///
    /// For a site that is merely slow, raise `[links] timeout`; for one only
    /// reachable inside the company network, add it to `[links] exclude`.
    pub LinkTimeout { id: "WB502", name: "link-timeout", severity: Warning, summary: "a URL did not answer within the timeout after retries" }
}

impl Rule for LinkTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Findings come from `links/` (they need the network); nothing to do per document.
    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
