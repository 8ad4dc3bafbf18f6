use crate::document::Key;

use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Warns when `security.encryption.in_transit` or `security.encryption.at_rest` is
    /// `false`, at that answer (one finding each). Unanswered questions are WB401's.
    ///
    /// ## Why is this bad?
    /// Unencrypted traffic can be read or altered by anyone on the path; unencrypted
    /// storage leaks everything in a stolen backup or disk. If there is a compensating
    /// control (a private network link, a vendor limitation being fixed), say so in the
    /// document and silence the rule for this file with an `[[overrides]]` entry.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   security:
    ///     encryption: {in_transit: false, at_rest: true}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   security:
    ///     encryption: {in_transit: true, at_rest: true}
    /// ```
    pub Unencrypted { id: "WB405", name: "unencrypted", severity: Warning, summary: "`encryption.in_transit` or `encryption.at_rest` is `false`" }
}

impl Rule for Unencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for (key, what, help) in [
            (
                Key::word("in_transit"),
                "in transit",
                "use HTTPS/TLS (or SFTP, mTLS) for every connection of the integration, then \
                 set `in_transit: true`",
            ),
            (
                Key::word("at_rest"),
                "at rest",
                "enable storage encryption at the vendor or in your own store (ask the vendor \
                 if unsure), then set `at_rest: true`",
            ),
        ] {
            let Ok(node) = cx.answer(&crate::keys!["spec", "security", "encryption", key]) else {
                continue;
            };
            if node.as_bool() == Some(false) {
                out.push(
                    Finding::new(
                        &Self::META,
                        node.span,
                        format!("data is not encrypted {what} (`encryption.{key}: false`)"),
                    )
                    .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn unencrypted(encryption: &str) -> Vec<(usize, usize, String)> {
        findings(
            "WB405",
            &format!("spec:\n  security:\n    encryption: {encryption}\n"),
            "2026-11-29",
            &Config::default(),
        )
        .into_iter()
        .map(|d| (d.span.line, d.span.column, d.message))
        .collect()
    }

    #[test]
    fn each_false_at_its_value() {
        assert_eq!(
            unencrypted("{in_transit: false, at_rest: false}"),
            [
                (6, 30, "data is not encrypted in transit (`encryption.in_transit: false`)".to_owned()),
                (6, 46, "data is not encrypted at rest (`encryption.at_rest: false`)".to_owned()),
            ]
        );
        assert!(unencrypted("{in_transit: true, at_rest: TODO}").is_empty());
        assert!(unencrypted("{in_transit: \"false\"}").is_empty(), "a string is WB002's job");
    }
}
