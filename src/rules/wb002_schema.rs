use super::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Validates every document against the JSON Schema (`wirebook schema` prints it):
    /// one finding per violation, at the offending node. Unknown keys are errors with a
    /// did-you-mean hint (keys starting with `x-` are free for extensions), and a yes/no
    /// answer written `yes` is flagged because YAML 1.2 reads it as text.
    ///
    /// ## Why is this bad?
    /// A typo such as `last_reviwed` would otherwise read as "never reviewed", and a
    /// `yes` that is really a string breaks every tool that expects a boolean.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: wirebook.dev/v1
    /// kind: Integration
    /// metadata: {id: shopify-orders, title: Shopify order sync}
    /// spec:
    ///   primary: {app: Shopify}
    ///   security:
    ///     contains_pii: yes
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// apiVersion: wirebook.dev/v1
    /// kind: Integration
    /// metadata: {id: shopify-orders, title: Shopify order sync}
    /// spec:
    ///   primary: {app: Shopify}
    ///   security:
    ///     contains_pii: true
    /// ```
    pub SchemaViolation { id: "WB002", name: "schema", severity: Error, summary: "a document violates the JSON Schema" }
}

impl Rule for SchemaViolation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
