use super::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a file that is not valid YAML, at the position where reading failed.
    /// It also reports input wirebook refuses to expand: alias bombs (aliases that
    /// would expand past 100,000 nodes), nesting deeper than 128 levels, files over
    /// the size limit, binary files and text that is not UTF-8.
    ///
    /// ## Why is this bad?
    /// A file that cannot be read documents nothing: every other check is skipped for
    /// the rest of it, and editors and GitHub cannot render it either.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   id: shopify-orders
    ///   owners: ["@alice", "@bob"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// metadata:
    ///   id: shopify-orders
    ///   owners: ["@alice", "@bob"]
    /// ```
    pub YamlSyntax { id: "WB001", name: "yaml-syntax", severity: Error, summary: "the file is not valid YAML" }
}

impl Rule for YamlSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
}
