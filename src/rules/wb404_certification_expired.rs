use super::wb301_review_overdue::{days_between, days_text};
use super::{answer_in, Ctx, Finding, Rule, RuleMeta};
use crate::document::Node;
use crate::interval::parse_date;

declare_rule! {
    /// ## What it does
    /// Reports each `security.vendor_certifications` entry whose `expires_on` date is
    /// before today, at that date. A certificate is still valid on its expiry date.
    /// Entries without `expires_on` are not checked.
    ///
    /// ## Why is this bad?
    /// A SOC 2 report or ISO 27001 certificate covers a period. Once it lapses, the
    /// assurance the integration was approved on no longer holds: the vendor may have
    /// failed its audit or simply stopped doing one.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   security:
    ///     vendor_certifications:
    ///       - {name: SOC 2 Type II, evidence: https://www.shopify.com/security, expires_on: 2026-03-31}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   security:
    ///     vendor_certifications:
    ///       - {name: SOC 2 Type II, evidence: https://www.shopify.com/security, expires_on: 2027-03-31}
    /// ```
    pub CertificationExpired { id: "WB404", name: "certification-expired", severity: Error, summary: "a vendor certification's `expires_on` is before today" }
}

impl Rule for CertificationExpired {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Ok(certs) = cx.answer(&crate::keys!["spec", "security", "vendor_certifications"]) else {
            return;
        };
        for cert in certs.as_seq().unwrap_or_default() {
            let Ok(expires) = answer_in(cert, "", &crate::keys!["expires_on"]) else {
                continue;
            };
            let Some(date) = expires.as_str().and_then(parse_date) else {
                continue; // WB002 reports invalid dates
            };
            let ago = days_between(date, cx.today);
            if ago <= 0 {
                continue;
            }
            let name = cert
                .get("name")
                .and_then(Node::as_str)
                .map_or(String::new(), |n| format!(" `{n}`"));
            out.push(
                Finding::new(
                    &Self::META,
                    expires.span,
                    format!(
                        "vendor certification{name} expired on {date}, {} ago",
                        days_text(ago)
                    ),
                )
                .help(
                    "get the vendor's current report or certificate and update `evidence` and \
                     `expires_on`; if the vendor no longer holds it, re-assess the integration",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn expired(certs: &str, today: &str) -> Vec<(usize, usize, String)> {
        findings(
            "WB404",
            &format!("spec:\n  security:\n    vendor_certifications:\n{certs}"),
            today,
            &Config::default(),
        )
        .into_iter()
        .map(|d| (d.span.line, d.span.column, d.message))
        .collect()
    }

    #[test]
    fn valid_through_the_expiry_date() {
        let certs = "      - {name: SOC 2, expires_on: 2026-11-29}\n";
        assert!(expired(certs, "2026-11-29").is_empty());
        assert_eq!(
            expired(certs, "2026-11-30"),
            [(7, 35, "vendor certification `SOC 2` expired on 2026-11-29, 1 day ago".to_owned())]
        );
    }

    #[test]
    fn each_entry_checked_bad_dates_skipped() {
        let certs = "      - {name: SOC 2, expires_on: 2026-03-31}\n      - {name: ISO 27001, expires_on: 2027-01-01}\n      \
                     - {name: PCI, expires_on: 2026-02-30}\n      - {name: HITRUST}\n      - {name: CSA, expires_on: 2025-11-29}\n";
        let f = expired(certs, "2026-11-29");
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f[0].2.ends_with("expired on 2026-03-31, 243 days ago"), "{}", f[0].2);
        assert!(f[1].2.ends_with("expired on 2025-11-29, 365 days ago"), "{}", f[1].2);
    }
}
