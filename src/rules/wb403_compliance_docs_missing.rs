use super::{Ctx, Finding, Rule, RuleMeta};
use crate::document::Node;

declare_rule! {
    /// ## What it does
    /// Warns when `security.compliance.frameworks` names at least one framework but
    /// `security.compliance.vendor_docs` is empty or missing. Entries such as `none`
    /// or `n/a` in `frameworks` do not count as frameworks.
    ///
    /// ## Why is this bad?
    /// Claiming GDPR or PCI-DSS compliance is only as good as the vendor's evidence: the
    /// DPA, the PCI attestation, the SOC 2 report. An auditor will ask for the link.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   security:
    ///     compliance:
    ///       frameworks: [GDPR, PCI-DSS]
    ///       notes: Customer data stays in the EU store
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   security:
    ///     compliance:
    ///       frameworks: [GDPR, PCI-DSS]
    ///       notes: Customer data stays in the EU store
    ///       vendor_docs: [https://www.shopify.com/legal/dpa]
    /// ```
    pub ComplianceDocsMissing { id: "WB403", name: "compliance-docs-missing", severity: Warning, summary: "compliance frameworks are named but `vendor_docs` is empty" }
}

impl Rule for ComplianceDocsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Ok(frameworks) = cx.answer(&crate::keys!["spec", "security", "compliance", "frameworks"]) else {
            return;
        };
        let named: Vec<&str> = frameworks
            .as_seq()
            .unwrap_or_default()
            .iter()
            .filter(|n| !n.is_unanswered())
            .filter_map(Node::as_str)
            .map(str::trim)
            .filter(|s| !["none", "n/a"].iter().any(|n| s.eq_ignore_ascii_case(n)))
            .collect();
        if named.is_empty() {
            return;
        }
        let Err(gap) = cx.answer(&crate::keys!["spec", "security", "compliance", "vendor_docs"]) else {
            return;
        };
        out.push(
            Finding::new(
                &Self::META,
                gap.span,
                format!(
                    "compliance frameworks are named ({}) but no vendor compliance \
                     documentation is linked",
                    named.join(", ")
                ),
            )
            .help(
                "link the vendor's evidence under `compliance.vendor_docs`: its DPA, SOC 2 \
                 report, PCI attestation of compliance or trust-center page",
            )
            .related("", frameworks.span, "frameworks named here")
            .at_gap(&gap),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn docs(compliance: &str) -> Vec<(usize, usize, String)> {
        findings(
            "WB403",
            &format!("spec:\n  security:\n    compliance:\n{compliance}"),
            "2026-11-29",
            &Config::default(),
        )
        .into_iter()
        .map(|d| (d.span.line, d.span.column, d.message))
        .collect()
    }

    #[test]
    fn frameworks_without_docs() {
        let f = docs("      frameworks: [GDPR, PCI-DSS]\n");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1), (7, 7), "at the compliance mapping");
        assert!(f[0].2.contains("(GDPR, PCI-DSS)"), "{}", f[0].2);
        let f = docs("      frameworks: [GDPR]\n      vendor_docs: []\n");
        assert_eq!((f[0].0, f[0].1), (8, 20), "at the empty list");
        assert!(docs("      frameworks: [GDPR]\n      vendor_docs: [https://x.example/dpa]\n").is_empty());
        assert!(docs("      frameworks: []\n").is_empty());
        assert!(docs("      frameworks: [none]\n").is_empty());
        assert!(docs("      frameworks: TODO\n").is_empty());
    }
}
