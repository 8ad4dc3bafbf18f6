use super::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a `# wirebook: ignore[...]` comment that gives no reason after the rule
    /// list. The suppression still works; this finding asks for the "why".
    ///
    /// ## Why is this bad?
    /// The next reader (an auditor, the person who takes the integration over) cannot
    /// tell a deliberate, reviewed exception from a finding someone wanted to go away.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   id: crm-sync
    ///   title: CRM sync
    ///   owners: ["@alice"]  # wirebook: ignore[WB307]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// metadata:
    ///   id: crm-sync
    ///   title: CRM sync
    ///   owners: ["@alice"]  # wirebook: ignore[WB307] a team of one until Q3; @bob joins in January
    /// ```
    pub SuppressionWithoutReason { id: "WB006", name: "suppression-without-reason", severity: Warning, summary: "a `wirebook: ignore` comment gives no reason" }
}

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    // The engine reports it with the suppressions (`crate::suppress`).
}
