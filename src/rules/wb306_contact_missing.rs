use crate::document::Key;
use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports each unanswered contact under `validation.contacts`, quoting its question:
    ///
    /// - `technical`: Technical problems: who fixes broken integrations?
    /// - `access_requests`: Access requests: who approves new user access?
    /// - `billing`: Billing questions: who handles subscription issues?
    ///
    /// ## Why is this bad?
    /// When the sync breaks at 2am, or a new hire needs access, or the vendor's invoice
    /// bounces, the first question is "who do I ask?". A missing contact turns a
    /// five-minute fix into a day of asking around.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   validation:
    ///     contacts:
    ///       technical: "@alice"
    ///       access_requests: TODO
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   validation:
    ///     contacts:
    ///       technical: "@alice"
    ///       access_requests: "@acme/it-admins"
    ///       billing: billing@acme.example
    /// ```
    pub ContactMissing { id: "WB306", name: "contact-missing", severity: Error, summary: "a technical, access-requests or billing contact is unanswered" }
}

/// The contacts (SPEC section 2, step 3): key and question.
pub(crate) const CONTACTS: [(Key, &str); 3] = [
    (
        Key::word("technical"),
        "Technical problems: who fixes broken integrations?",
    ),
    (
        Key::word("access_requests"),
        "Access requests: who approves new user access?",
    ),
    (Key::word("billing"), "Billing questions: who handles subscription issues?"),
];

impl Rule for ContactMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for (key, question) in CONTACTS {
            if let Err(gap) = cx.answer(&crate::keys!["spec", "validation", "contacts", key]) {
                out.push(
                    Finding::new(
                        &Self::META,
                        gap.span,
                        format!("no `{key}` contact: \"{question}\""),
                    )
                    .help(format!(
                        "name a GitHub handle (`@alice`, `@org/team`) or an e-mail address as \
                         `spec.validation.contacts.{key}`"
                    ))
                    .todo(&gap, question),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn missing(yaml: &str) -> Vec<(usize, usize, String)> {
        findings("WB306", yaml, "2026-11-29", &Config::default())
            .into_iter()
            .map(|d| (d.span.line, d.span.column, d.message))
            .collect()
    }

    #[test]
    fn one_per_unanswered_contact() {
        let f = missing(
            "spec:\n  validation:\n    contacts:\n      technical: \"@alice\"\n      access_requests: TODO\n",
        );
        assert_eq!(
            f,
            [
                (7, 7, "no `billing` contact: \"Billing questions: who handles subscription issues?\"".to_owned()),
                (
                    8,
                    24,
                    "no `access_requests` contact: \"Access requests: who approves new user access?\"".to_owned()
                ),
            ]
        );
        assert_eq!(missing("spec:\n  primary: {app: A}\n").len(), 3);
        assert!(missing(
            "spec:\n  validation:\n    contacts: {technical: \"@a\", access_requests: n/a, billing: b@x.example}\n"
        )
        .is_empty());
    }
}
