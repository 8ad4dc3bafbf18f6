use super::{Finding, Rule, RuleMeta};
use crate::secrets::Detection;

declare_rule! {
    /// ## What it does
    /// Finds values that look like live credentials anywhere in a document: under any
    /// key, in free text, block scalars, flow sequences and URLs, and in mapping keys.
    /// Three kinds of evidence count:
    ///
    /// - a known token format, from the embedded rule set of gitleaks (v8.30.0, MIT;
    ///   216 rules: GitHub, GitLab, AWS, Slack tokens and webhooks, Stripe, OpenAI,
    ///   Anthropic, Google, Shopify, npm, JWTs, private-key blocks, and many more);
    /// - a password in a URL's user-info (`postgres://user:pass@host`);
    /// - a secret named as one: a value under a key such as `password`, `token`,
    ///   `client_secret` or `api_key`, and `password=…`, `api_key: …`,
    ///   `Authorization: Bearer …`, `curl -u user:pass` written in text. Keys that only
    ///   name a secret (`LLM_SECRET_NAME`, `public_key`, `token_ttl`) do not count.
    ///
    /// Placeholders are not secrets: `xxxx`, `<token>`, `${VAR}`, `your-…`, `changeme`,
    /// repeated characters, `1234567890`, references such as `vault://…`, and vendors'
    /// documented examples (`AKIAIOSFODNN7EXAMPLE`).
    ///
    /// No output, issue or report ever shows more than the first 4 characters of a
    /// secret (a secret of 4 characters or fewer is hidden whole). As a second line of
    /// defence, every message shortens URLs with user-info, long opaque URL segments and
    /// long opaque tokens, whether or not they were detected.
    ///
    /// ## Why is this bad?
    /// A documentation repo is read by many people and kept forever in git history.
    /// A pasted token is a leaked token: anyone with read access can use it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     secrets:
    ///       - name: SHOPIFY_ADMIN_TOKEN
    ///         stored_in: ghp_8xK2mQ9vL4nR7tY1wE5zA3bC6dF0gH2jK4mN
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     secrets:
    ///       - name: SHOPIFY_ADMIN_TOKEN
    ///         stored_in: vault://kv/integrations/shopify/admin-token
    /// ```
    ///
    /// Then revoke the leaked token: removing it from the file does not remove it from
    /// git history.
    pub SecretInDocument { id: "WB104", name: "secret-in-document", severity: Error, summary: "a value looks like a live credential" }
}

impl Rule for SecretInDocument {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    // The engine runs detection first ([`crate::secrets::find`]) and turns each
    // detection into a finding with [`SecretInDocument::finding`], so secrets are masked
    // before other rules run.
}

impl SecretInDocument {
    /// The finding for one detected secret (its span is the secret's).
    #[must_use]
    pub fn finding(d: &Detection) -> Finding {
        let under = d
            .key
            .as_deref()
            .map_or_else(String::new, |k| format!(" under `{k}`"));
        Finding::new(
            &Self::META,
            d.span,
            format!("value{under} looks like {}; the value is not shown", d.what),
        )
        .help("revoke or rotate it now (it stays in git history), then store a reference such as vault://path in `secrets[].stored_in`")
    }
}
