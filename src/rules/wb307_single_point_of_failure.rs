use std::collections::BTreeMap;

use super::{Ctx, Finding, Rule, RuleMeta};
use crate::document::{Key, Node, Value};

declare_rule! {
    /// ## What it does
    /// Warns when fewer than two distinct people are named among `metadata.owners` and
    /// the `validation.contacts` (`technical`, `access_requests`, `billing`).
    /// Handles and e-mail addresses are compared case-insensitively; a team
    /// (`@org/team`) counts as one person, and a handle and an e-mail address always
    /// count as two (wirebook cannot know they are the same person). Placeholders such
    /// as `TODO` name nobody. The finding is at `metadata.owners`, or where it belongs.
    ///
    /// ## Why is this bad?
    /// If the only person who understands an integration is on holiday or leaves, the
    /// knowledge leaves with them. A second owner or contact is the cheapest insurance.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   id: shopify-orders
    ///   title: Shopify order sync
    ///   owners: ["@alice"]
    /// spec:
    ///   validation:
    ///     contacts: {technical: "@Alice", access_requests: "@alice", billing: "@alice"}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// metadata:
    ///   id: shopify-orders
    ///   title: Shopify order sync
    ///   owners: ["@alice", "@acme/it-admins"]
    /// spec:
    ///   validation:
    ///     contacts: {technical: "@alice", access_requests: "@acme/it-admins", billing: "@alice"}
    /// ```
    pub SinglePointOfFailure { id: "WB307", name: "single-point-of-failure", severity: Warning, summary: "fewer than two distinct people among owners and contacts" }
}

const CONTACT_KEYS: [Key; 3] = crate::keys!["technical", "access_requests", "billing"];

impl Rule for SinglePointOfFailure {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // Lower-cased person -> as first written.
        let mut people = BTreeMap::new();
        let mut add = |node: &Node| {
            // `n/a` answers "who handles billing?" but is nobody to call.
            if let Some(s) = node
                .as_str()
                .filter(|s| !node.is_unanswered() && !s.trim().eq_ignore_ascii_case("n/a"))
            {
                people
                    .entry(s.trim().to_lowercase())
                    .or_insert_with(|| s.trim().to_owned());
            }
        };
        if let Ok(owners) = cx.answer(&crate::keys!["metadata", "owners"]) {
            match &owners.value {
                Value::Seq(items) => items.iter().for_each(&mut add),
                _ => add(owners),
            }
        }
        for key in CONTACT_KEYS {
            if let Ok(contact) = cx.answer(&crate::keys!["spec", "validation", "contacts", key]) {
                add(contact);
            }
        }
        if people.len() >= 2 {
            return;
        }
        let span = match cx.answer(&crate::keys!["metadata", "owners"]) {
            Ok(owners) => owners.span,
            Err(gap) => gap.span,
        };
        let message = match people.values().next() {
            Some(one) => format!(
                "{one} is the only person named among the owners and contacts: nobody else \
                 knows this integration"
            ),
            None => "no owners or contacts are named: nobody is known to understand this \
                     integration"
                .to_owned(),
        };
        out.push(Finding::new(&Self::META, span, message).help(
            "add a second owner or a different contact (a team such as `@org/it-admins` \
             counts), so the knowledge survives when one person is away or leaves",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    /// `owners` is the YAML after `owners:` (None: no owners key).
    fn spof(owners: Option<&str>, contacts: &str) -> Vec<(usize, usize, String)> {
        let owners = owners.map_or(String::new(), |o| format!("  owners: {o}\n"));
        let yaml = format!(
            "metadata:\n  id: x\n  title: X\n{owners}spec:\n  validation:\n    contacts: {contacts}\n"
        );
        findings("WB307", &yaml, "2026-11-29", &Config::default())
            .into_iter()
            .map(|d| (d.span.line, d.span.column, d.message))
            .collect()
    }

    #[test]
    fn case_insensitive_people() {
        let f = spof(
            Some("[\"@Alice\"]"),
            "{technical: \"@alice\", access_requests: \"@ALICE\", billing: TODO}",
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1), (7, 11), "at the owners list");
        assert!(f[0].2.starts_with("@Alice is the only person"), "{}", f[0].2);
        let f = spof(None, "{technical: a@x.example, billing: A@X.example}");
        assert_eq!((f[0].0, f[0].1), (5, 3), "at the metadata mapping (its first key)");
        assert!(spof(Some("[]"), "{}")[0].2.starts_with("no owners or contacts"));
    }

    #[test]
    fn two_distinct_people_or_teams_pass() {
        assert!(spof(Some("\"@alice\""), "{billing: \"@acme/finance\"}").is_empty());
        assert!(spof(Some("[\"@alice\", \"@bob\"]"), "{}").is_empty());
        assert!(spof(None, "{technical: \"@alice\", billing: alice@acme.example}").is_empty());
    }
}
