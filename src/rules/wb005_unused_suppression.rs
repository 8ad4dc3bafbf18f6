use super::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a `# wirebook: ignore[...]` comment that suppresses no finding (the rule
    /// did not fire where the comment points: on its own line for a trailing comment, on
    /// the next line with content for a comment on a line of its own, in the whole
    /// document for `ignore-document`), names a rule that does not exist, or is a
    /// `wirebook:` comment that is not a suppression at all.
    ///
    /// A rule that did not run is not reported: a suppression of a link rule (WB501–WB503)
    /// under `--offline`, of WB308 without `--github`, or of a rule turned off.
    ///
    /// ## Why is this bad?
    /// A suppression outlives its cause: once the gap is fixed, the comment would hide the
    /// next real finding on that line without anyone noticing. A misspelt rule ID
    /// suppresses nothing while looking as if it did.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   id: crm-sync
    ///   title: CRM sync  # wirebook: ignore[WB307] one-person team until Q3
    ///   owners: ["@alice", "@bob"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// metadata:
    ///   id: crm-sync
    ///   title: CRM sync
    ///   owners: ["@alice", "@bob"]
    /// ```
    pub UnusedSuppression { id: "WB005", name: "unused-suppression", severity: Warning, summary: "a `wirebook: ignore` comment suppresses no finding, or names an unknown rule" }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    // The engine reports it once every finding of the file is known (`crate::suppress`).
}
