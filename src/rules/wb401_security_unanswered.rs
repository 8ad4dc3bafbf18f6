use super::{answer_in, Ctx, Finding, Gap, Rule, RuleMeta};
use crate::document::{Key, Node};

declare_rule! {
    /// ## What it does
    /// Reports each unanswered question of the security checklist (`spec.security`),
    /// one finding per question, quoting it: `auth_method`, `credential_storage`,
    /// `data_accessed`, `contains_pii`, `sensitive_business_data`,
    /// `vendor_certifications`, `encryption.in_transit`, `encryption.at_rest`,
    /// `approved_by`, `access_revocation` and `least_privilege`.
    ///
    /// `false` is an answer. An empty `vendor_certifications` list is an answer only
    /// together with `vendor_certifications_none: true`, which also answers the
    /// question on its own.
    ///
    /// ## Why is this bad?
    /// Each question is one an auditor, a security review or an incident responder will
    /// ask. An integration nobody has assessed may be leaking customer data through a
    /// shared API key with full admin rights.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   security:
    ///     auth_method: api-key
    ///     contains_pii: TODO
    ///     vendor_certifications: []
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   security:
    ///     auth_method: api-key
    ///     credential_storage: 1Password vault "Integrations"
    ///     data_accessed: Invoices and customer names
    ///     contains_pii: true
    ///     sensitive_business_data: true
    ///     vendor_certifications: []
    ///     vendor_certifications_none: true
    ///     encryption: {in_transit: true, at_rest: false}
    ///     approved_by: "@ciso"
    ///     access_revocation: Offboarding checklist step 7 rotates the key
    ///     least_privilege: false
    /// ```
    pub SecurityUnanswered { id: "WB401", name: "security-unanswered", severity: Error, summary: "a security question is unanswered" }
}

/// SPEC section 2's security questions: path below `spec.security`, question, help.
pub(crate) const QUESTIONS: [(&[Key], &str, &str); 11] = [
    (
        &[Key::word("auth_method")],
        "Does this integration use OAuth or API keys?",
        "one of oauth, api-key, basic, saml-sso, mtls, none, other",
    ),
    (
        &[Key::word("credential_storage")],
        "Where are credentials stored?",
        "name the vault, secret manager or password manager, e.g. `HashiCorp Vault, kv/integrations/shopify`",
    ),
    (
        &[Key::word("data_accessed")],
        "What data does it access?",
        "list the kinds of records it reads or writes, e.g. `Orders, customer names and addresses`",
    ),
    (
        &[Key::word("contains_pii")],
        "Is any of it PII?",
        "`true` or `false`",
    ),
    (
        &[Key::word("sensitive_business_data")],
        "Is any of it sensitive business data?",
        "`true` or `false`",
    ),
    (
        &[Key::word("vendor_certifications")],
        "Does the vendor have SOC 2 or ISO 27001 certification?",
        "list them (`- {name: SOC 2 Type II, evidence: https://…, expires_on: YYYY-MM-DD}`), or write `vendor_certifications_none: true`",
    ),
    (
        &[Key::word("encryption"), Key::word("in_transit")],
        "Is data encrypted in transit (HTTPS)?",
        "`true` or `false`, under `encryption`",
    ),
    (
        &[Key::word("encryption"), Key::word("at_rest")],
        "Is data encrypted at rest?",
        "`true` or `false`, under `encryption`",
    ),
    (
        &[Key::word("approved_by")],
        "Who approved this integration originally?",
        "a GitHub handle or e-mail address (and `approved_on: YYYY-MM-DD`)",
    ),
    (
        &[Key::word("access_revocation")],
        "Is there a process for revoking access when employees leave?",
        "describe it or link the offboarding checklist step that covers this integration",
    ),
    (
        &[Key::word("least_privilege")],
        "Are permissions scoped to the minimum necessary?",
        "`true` or `false`",
    ),
];

impl Rule for SecurityUnanswered {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let security = cx.root.at_path(&crate::keys!["spec", "security"]);
        for (path, question, help) in QUESTIONS {
            let Some(gap) = unanswered(cx, security, path) else {
                continue;
            };
            let key = path.iter().map(|k| k.text()).collect::<Vec<_>>().join(".");
            out.push(
                Finding::new(
                    &Self::META,
                    gap.span,
                    format!("security question `{key}` is not answered: \"{question}\""),
                )
                .help(format!("answer `spec.security.{key}`: {help}"))
                .todo(&gap, question),
            );
        }
    }
}

/// Where to report the question at `path` below `spec.security`, if unanswered
/// (`security` is that node when it is present).
fn unanswered<'a>(cx: &Ctx<'a>, security: Option<&'a Node>, path: &[Key]) -> Option<Gap> {
    let ask = |path: &[Key]| match security {
        Some(security) => answer_in(security, "/spec/security", path),
        // Absent: the gap is reported where the whole path stops.
        None => {
            let mut full = crate::keys!["spec", "security"].to_vec();
            full.extend_from_slice(path);
            cx.answer(&full)
        }
    };
    let answer = ask(path);
    if path == crate::keys!["vendor_certifications"] {
        let none = ask(&crate::keys!["vendor_certifications_none"]);
        if none.is_ok_and(|n| n.as_bool() == Some(true)) {
            return None;
        }
    }
    answer.err()
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn keys(security: &str) -> Vec<String> {
        findings(
            "WB401",
            &format!("spec:\n  security:\n{security}"),
            "2026-11-29",
            &Config::default(),
        )
        .into_iter()
        .map(|d| d.message.split('`').nth(1).unwrap().to_owned())
        .collect()
    }

    const ALL: &str = "    auth_method: oauth\n    credential_storage: Vault\n    data_accessed: Orders\n    \
                       contains_pii: false\n    sensitive_business_data: false\n    \
                       vendor_certifications: [{name: SOC 2}]\n    encryption: {in_transit: false, at_rest: false}\n    \
                       approved_by: \"@ciso\"\n    access_revocation: n/a\n    least_privilege: false\n";

    #[test]
    fn false_and_na_are_answers() {
        assert!(keys(ALL).is_empty(), "{:?}", keys(ALL));
    }

    #[test]
    fn one_per_question_with_its_text() {
        let f = findings("WB401", "spec:\n  primary: {app: A}\n", "2026-11-29", &Config::default());
        assert_eq!(f.len(), 11);
        assert!(f.iter().any(|d| d.message
            == "security question `encryption.in_transit` is not answered: \"Is data encrypted in transit (HTTPS)?\""));
        let partial = ALL.replace("contains_pii: false", "contains_pii: TODO").replace(
            "encryption: {in_transit: false, at_rest: false}",
            "encryption: {at_rest: true}",
        );
        assert_eq!(keys(&partial), ["contains_pii", "encryption.in_transit"]);
    }

    #[test]
    fn empty_certifications_need_the_none_flag() {
        let empty = ALL.replace("[{name: SOC 2}]", "[]");
        assert_eq!(keys(&empty), ["vendor_certifications"]);
        assert!(keys(&format!("{empty}    vendor_certifications_none: true\n")).is_empty());
        assert_eq!(keys(&format!("{empty}    vendor_certifications_none: false\n")), ["vendor_certifications"]);
        let absent = ALL.replace("    vendor_certifications: [{name: SOC 2}]\n", "");
        assert!(keys(&format!("{absent}    vendor_certifications_none: true\n")).is_empty());
    }
}
