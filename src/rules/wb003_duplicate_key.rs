use super::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a mapping that repeats a key, at the repeated key, naming the line of the
    /// first one. wirebook keeps reading (the last value wins) so the rest of the
    /// document is still checked.
    ///
    /// ## Why is this bad?
    /// YAML forbids duplicate keys, and tools disagree on which value wins: one reader
    /// sees the reviewed date you wrote, another sees the stale one.
    ///
    /// ## Example
    /// ```yaml
    /// review:
    ///   last_reviewed: 2026-01-10
    ///   last_reviewed: 2026-10-02
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// review:
    ///   last_reviewed: 2026-10-02
    /// ```
    pub DuplicateKey { id: "WB003", name: "duplicate-key", severity: Error, summary: "a mapping repeats a key" }
}

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
