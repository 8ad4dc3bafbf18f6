use crate::document::Key;

use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// When `security.contains_pii` is `true`, reports an unanswered
    /// `security.compliance.frameworks` and an unanswered `security.compliance.notes`
    /// (one finding each), pointing back at `contains_pii`.
    ///
    /// ## Why is this bad?
    /// Personal data brings legal duties (GDPR, CCPA, HIPAA, PCI-DSS). If the document
    /// does not say which apply and how they are met, nobody can answer a data-subject
    /// request or an auditor, and a breach is handled blind.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   security:
    ///     contains_pii: true
    ///     compliance:
    ///       frameworks: [GDPR]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   security:
    ///     contains_pii: true
    ///     compliance:
    ///       frameworks: [GDPR]
    ///       notes: Customer data stays in the EU store; DPA signed 2025-11
    /// ```
    pub PiiWithoutCompliance { id: "WB402", name: "pii-without-compliance", severity: Error, summary: "`contains_pii: true` without compliance frameworks or notes" }
}

const QUESTION: &str =
    "HIPAA, PCI or GDPR requirements, with links to the vendor's compliance documentation";

impl Rule for PiiWithoutCompliance {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Ok(pii) = cx.answer(&crate::keys!["spec", "security", "contains_pii"]) else {
            return;
        };
        if pii.as_bool() != Some(true) {
            return;
        }
        for (key, help) in [
            (
                Key::word("frameworks"),
                "list the frameworks that apply, e.g. `frameworks: [GDPR, CCPA]`",
            ),
            (
                Key::word("notes"),
                "say how they are met: where the data lives, DPA status, retention",
            ),
        ] {
            if let Err(gap) = cx.answer(&crate::keys!["spec", "security", "compliance", key]) {
                out.push(
                    Finding::new(
                        &Self::META,
                        gap.span,
                        format!(
                            "the integration handles PII (`contains_pii: true`) but \
                             `compliance.{key}` is not answered: \"{QUESTION}\""
                        ),
                    )
                    .help(format!("under `spec.security.compliance`, {help}"))
                    .related("", pii.span, "PII declared here")
                    .at_gap(&gap),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn pii(security: &str) -> Vec<(usize, usize, String)> {
        findings(
            "WB402",
            &format!("spec:\n  security:\n{security}"),
            "2026-11-29",
            &Config::default(),
        )
        .into_iter()
        .map(|d| (d.span.line, d.span.column, d.message))
        .collect()
    }

    #[test]
    fn only_with_pii_and_each_missing_part() {
        assert!(pii("    contains_pii: false\n").is_empty());
        assert!(pii("    contains_pii: TODO\n").is_empty());
        // No compliance mapping: both at the security mapping.
        let f = pii("    contains_pii: true\n");
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].0, f[0].1), (6, 5));
        let f = pii("    contains_pii: true\n    compliance:\n      frameworks: [GDPR]\n      notes: TBD\n");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1), (9, 14));
        assert!(f[0].2.contains("`compliance.notes` is not answered"));
        assert!(pii("    contains_pii: true\n    compliance: {frameworks: [GDPR], notes: EU only}\n").is_empty());
    }
}
