use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Requests every URL in the document (`login_url`, `links`, `evidence`,
    /// `vendor_docs` and any `http(s)://` address written in free text; not
    /// `screenshot`, which is a file) and reports the ones that are broken: an HTTP
    /// status outside `[links] accept` (4xx or 5xx by default, after retries for 429
    /// and 5xx), a name that does not resolve, a refused connection, a TLS error, a
    /// redirect loop or more than 10 redirects, an invalid URL, or a link-local
    /// address (169.254.0.0/16, fe80::/10), which is refused without any request.
    /// The finding points at the URL itself and gives the reason. A `login_url`
    /// answering 401 or 403 is reachable: it is a login page.
    ///
    /// Runs with `wirebook check` unless `--offline`. Each distinct URL is requested
    /// once per run, however many documents hold it; successes are cached
    /// (`[links] cache`, `cache_max_age`), failures are always checked again.
    ///
    /// ## Why is this bad?
    /// The person fixing the integration at 2am follows these links: a dead vendor
    /// page, a login URL that no longer exists or compliance evidence that vanished
    /// leaves them without the one thing the document promised.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     links: [https://vendor.example/docs/old-api]   # 404 Not Found
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     links: [https://vendor.example/docs/api]
    /// ```
    ///
    /// A URL that cannot be fixed (a page that blocks bots) goes into `[links] exclude`;
    /// an extra accepted status into `[links] accept`.
    pub BrokenLink { id: "WB501", name: "broken-link", severity: Error, summary: "a URL answers 4xx/5xx or fails DNS, connect or TLS" }
}

impl Rule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Findings come from `links/` (they need the network); nothing to do per document.
    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}
}
