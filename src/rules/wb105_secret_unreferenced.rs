use super::{answer_in, Ctx, Finding, Rule, RuleMeta};
use crate::document::Node;

declare_rule! {
    /// ## What it does
    /// Checks that every entry of `primary.secrets` says where the secret is kept
    /// (`stored_in`): a vault path, a password-manager entry, a CI secret name.
    ///
    /// ## Why is this bad?
    /// Step 1 asks "Any API keys or tokens needed? (store them securely: a reference,
    /// never the value)". A secret whose home nobody wrote down cannot be rotated or
    /// revoked in a hurry, and tends to end up pasted into chat.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     secrets:
    ///       - name: SHOPIFY_ADMIN_TOKEN
    ///         purpose: Admin API access for order export
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     secrets:
    ///       - name: SHOPIFY_ADMIN_TOKEN
    ///         purpose: Admin API access for order export
    ///         stored_in: vault://kv/integrations/shopify/admin-token
    /// ```
    pub SecretUnreferenced { id: "WB105", name: "secret-unreferenced", severity: Error, summary: "a `secrets` entry has no `stored_in` reference" }
}

impl Rule for SecretUnreferenced {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(secrets) = cx
            .root
            .at_path(&crate::keys!["spec", "primary", "secrets"])
            .and_then(Node::as_seq)
        else {
            return;
        };
        // Entries that are not mappings are schema errors (WB002).
        for (i, entry) in secrets
            .iter()
            .enumerate()
            .filter(|(_, e)| e.as_map().is_some())
        {
            let Err(gap) = answer_in(entry, &format!("/spec/primary/secrets/{i}"), &crate::keys!["stored_in"]) else {
                continue;
            };
            let name = entry
                .get("name")
                .and_then(Node::as_str)
                .map_or_else(|| format!("#{}", i + 1), |n| format!("`{n}`"));
            out.push(
                Finding::new(
                    &Self::META,
                    gap.span,
                    format!("secret {name} does not say where it is stored (`stored_in`): \"Any API keys or tokens needed? (store them securely: a reference, never the value)\""),
                )
                .help("write where the secret lives, e.g. `stored_in: vault://kv/integrations/shopify/admin-token` or `1Password: IT vault > Shopify`; a reference, never the value itself")
                .at_gap(&gap),
            );
        }
    }
}
