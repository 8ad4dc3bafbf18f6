use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Finding, Rule, RuleMeta};
use crate::document::{Node, Span};

declare_rule! {
    /// ## What it does
    /// Checks every GitHub handle the document names as responsible: `metadata.owners`,
    /// every `spec.validation.contacts` entry, `spec.security.approved_by`, each
    /// secondary app's `access.who_has_access` and `access.grants_access`, and
    /// `workflow.assignees`. A `@user` who is not a member of the GitHub organization,
    /// or an `@org/team` that does not exist, is reported at that exact list item or
    /// value. E-mail addresses are not checked.
    ///
    /// The rule needs GitHub, so it runs only in `wirebook sweep` and
    /// `wirebook check --github`. Before the check, wirebook collects every handle of
    /// the run and asks the organization once per handle (`GET /orgs/{org}/members/{user}`,
    /// `GET /orgs/{org}/teams/{slug}`); the organization is the repository owner unless
    /// `[github] org` names another. The rule then reads those answers. When an answer
    /// is unknown (the token cannot see private membership, the owner is not an
    /// organization, GitHub did not answer, or none of three or more people asked is a
    /// member, which points at a token without `members: read`), nothing is reported
    /// for that handle and a warning says why.
    ///
    /// ## Why is this bad?
    /// Documentation exists so that the knowledge survives when the expert leaves. A
    /// document whose owner, approver or 2am contact has left names nobody: the first
    /// person to find out is the one with the broken integration. A departed person
    /// listed under `who_has_access` may also still hold access that was never revoked.
    ///
    /// ## Example
    /// With `@carol` no longer in the organization:
    /// ```yaml
    /// metadata:
    ///   id: shopify-orders
    ///   title: Shopify order sync
    ///   owners:
    ///     - "@alice"
    ///     - "@carol"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// metadata:
    ///   id: shopify-orders
    ///   title: Shopify order sync
    ///   owners:
    ///     - "@alice"
    ///     - "@dave"
    /// ```
    ///
    /// Then check that the departed person's access was revoked.
    pub OwnerDeparted { id: "WB308", name: "owner-departed", severity: Error, summary: "a person named in the document has left the GitHub organization (sweep, check --github)" }
}

/// A GitHub handle the document names, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// As written, trimmed: `@alice` or `@org/team`.
    pub handle: String,
    pub span: Span,
    /// Where in the document: `metadata.owners`, `spec.security.approved_by`, ...
    pub field: String,
}

impl Person {
    /// `Some((org, slug))` for an `@org/team` handle.
    #[must_use]
    pub fn team(&self) -> Option<(&str, &str)> {
        self.handle.trim_start_matches('@').split_once('/')
    }
}

static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$").unwrap()
});

fn is_handle(s: &str) -> bool {
    HANDLE.is_match(s.trim())
}

fn collect(node: &Node, field: &str, out: &mut Vec<Person>) {
    let mut push = |n: &Node| {
        if let Some(s) = n.as_str() {
            if is_handle(s) {
                out.push(Person {
                    handle: s.trim().to_owned(),
                    span: n.span,
                    field: field.to_owned(),
                });
            }
        }
    };
    match node.as_seq() {
        Some(items) => items.iter().for_each(&mut push),
        None => push(node),
    }
}

impl OwnerDeparted {
    /// Is `s` a GitHub handle (`@user` or `@org/team`)?
    #[must_use]
    pub fn is_handle(s: &str) -> bool {
        is_handle(s)
    }

    /// Every handle the rule checks in one document, in source order.
    #[must_use]
    pub fn people(root: &Node) -> Vec<Person> {
        let mut out = Vec::new();
        if let Some(n) = root.at_path(&crate::keys!["metadata", "owners"]) {
            collect(n, "metadata.owners", &mut out);
        }
        if let Some(entries) = root
            .at_path(&crate::keys!["spec", "validation", "contacts"])
            .and_then(Node::as_map)
        {
            for e in entries {
                let field = format!("spec.validation.contacts.{}", e.key.key_text());
                collect(&e.value, &field, &mut out);
            }
        }
        if let Some(n) = root.at_path(&crate::keys!["spec", "security", "approved_by"]) {
            collect(n, "spec.security.approved_by", &mut out);
        }
        if let Some(apps) = root.at_path(&crate::keys!["spec", "secondary"]).and_then(Node::as_seq) {
            for (i, app) in apps.iter().enumerate() {
                for key in ["who_has_access", "grants_access"] {
                    if let Some(n) = app.path(&["access", key]) {
                        collect(n, &format!("spec.secondary[{i}].access.{key}"), &mut out);
                    }
                }
            }
        }
        if let Some(n) = root.at_path(&crate::keys!["workflow", "assignees"]) {
            collect(n, "workflow.assignees", &mut out);
        }
        out.sort_by_key(|p| p.span.start);
        out
    }
}

impl Rule for OwnerDeparted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(members) = cx.members else {
            return;
        };
        for p in Self::people(cx.root) {
            if members.is_member(&p.handle) != Some(false) {
                continue;
            }
            let f = if p.team().is_some() {
                Finding::new(
                    &Self::META,
                    p.span,
                    format!(
                        "team `{}` ({}) does not exist in the GitHub organization",
                        p.handle, p.field
                    ),
                )
                .help("name an existing team, or the people who now answer for this integration")
            } else {
                Finding::new(
                    &Self::META,
                    p.span,
                    format!(
                        "`{}` ({}) is no longer a member of the GitHub organization: the expert may have left",
                        p.handle, p.field
                    ),
                )
                .help("name a current member who can answer for this integration, and check that the departed person's access was revoked")
            };
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::engine::{check_texts, Options};
    use crate::rules::Membership;

    struct Org;
    impl Membership for Org {
        fn is_member(&self, handle: &str) -> Option<bool> {
            match handle.to_lowercase().as_str() {
                "@alice" | "@acme/it-admins" => Some(true),
                "@carol" | "@acme/gone-team" => Some(false),
                _ => None,
            }
        }
    }

    const DOC: &str = "apiVersion: wirebook.dev/v1
kind: Integration
metadata:
  id: shop
  title: Shop
  owners:
    - \"@alice\"
    - \"@carol\"
spec:
  secondary:
    - app: QuickBooks
      access:
        who_has_access: [\"@acme/gone-team\", \"@mystery\"]
        grants_access: \"@carol\"
  validation:
    contacts:
      technical: \"@acme/it-admins\"
      billing: carol@acme.example
  security:
    approved_by: \"@Carol\"
workflow:
  assignees: [\"@alice\"]
";

    fn wb308(members: Option<Arc<dyn Membership + Send>>) -> Vec<(usize, usize, String)> {
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members,
        };
        let run = check_texts(
            &[("a.yaml".into(), DOC.into())],
            &Config::default(),
            &options,
        );
        run.diagnostics
            .iter()
            .filter(|d| d.rule == "WB308")
            .map(|d| (d.span.line, d.span.column, d.message.clone()))
            .collect()
    }

    #[test]
    fn departed_people_and_missing_teams_are_reported_where_written() {
        let found = wb308(Some(Arc::new(Org)));
        let places: Vec<_> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(
            places,
            vec![(8, 7), (13, 26), (14, 24), (20, 18)],
            "{found:#?}"
        );
        assert!(found[0].2.contains("`@carol` (metadata.owners)"));
        assert!(found[1].2.contains("team `@acme/gone-team`"));
        assert!(found[2]
            .2
            .contains("spec.secondary[0].access.grants_access"));
    }

    #[test]
    fn nothing_without_github_answers() {
        assert!(wb308(None).is_empty());
    }

    #[test]
    fn handles_are_recognised() {
        assert!(is_handle("@alice"));
        assert!(is_handle(" @acme/it-admins "));
        assert!(!is_handle("alice@acme.example"));
        assert!(!is_handle("@alice and @bob"));
        let root = crate::document::parse(&crate::document::SourceText::new(DOC.to_owned()))
            .documents
            .remove(0)
            .root;
        let people = OwnerDeparted::people(&root);
        assert_eq!(people.len(), 8);
        assert_eq!(people[2].team(), Some(("acme", "gone-team")));
    }
}
