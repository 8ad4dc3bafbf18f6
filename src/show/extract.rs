//! From one document tree to the owned data of its runbook.

use jiff::civil::Date;

use crate::document::Node;
use crate::interval::{parse_date, Interval};
use crate::people::{names, Doc};

/// A secret the integration needs: its name and where it is stored (a reference,
/// never the value; the engine masked anything that looked like one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRef {
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub stored_in: Option<String>,
}

/// `spec.validation.contacts`, each as written (`n/a` kept: it is an answer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contacts {
    pub technical: Option<String>,
    pub access_requests: Option<String>,
    pub billing: Option<String>,
}

/// A known issue and its workaround.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownIssue {
    pub issue: Option<String>,
    pub workaround: Option<String>,
    pub line: usize,
}

/// A supporting app (`spec.secondary[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supporting {
    pub app: Option<String>,
    pub relationship: Option<String>,
    pub who_has_access: Vec<String>,
    pub grants_access: Vec<String>,
    pub known_issues: Vec<KnownIssue>,
}

/// A data flow (`spec.secondary[].data_flows[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub from: Option<String>,
    pub to: Option<String>,
    pub data: Option<String>,
    pub frequency: Option<String>,
    pub mechanism: Option<String>,
    pub on_failure: Option<String>,
    pub line: usize,
}

/// A checklist item that has not passed (missing, or a result other than `pass`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    /// `None` when the check is missing or has no result.
    pub result: Option<String>,
    pub checked_on: Option<String>,
    pub notes: Option<String>,
}

/// The one-page data of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runbook {
    pub doc: Doc,
    pub tier: Option<String>,
    /// `spec.primary.app`.
    pub app: Option<String>,
    pub purpose: Option<String>,
    pub login_url: Option<String>,
    pub credential_format: Option<String>,
    pub connects_to: Vec<String>,
    pub secrets: Vec<SecretRef>,
    pub owners: Vec<String>,
    pub contacts: Contacts,
    pub approver: Option<String>,
    pub supporting: Vec<Supporting>,
    pub flows: Vec<Flow>,
    pub last_reviewed: Option<Date>,
    /// The document's own `review.interval` (the configured default applies otherwise).
    pub interval: Option<Interval>,
    pub reviewed_by: Option<String>,
    pub checks_not_passed: Vec<Check>,
}

impl Runbook {
    /// Every app the document is about: the primary app and each supporting app.
    #[must_use]
    pub fn apps(&self) -> Vec<&str> {
        self.app
            .iter()
            .chain(self.supporting.iter().filter_map(|s| s.app.as_ref()))
            .map(String::as_str)
            .collect()
    }
}

/// The checklist of SPEC section 3.
const CHECKS: [&str; 4] = [
    "new_member_login",
    "links_work",
    "data_syncing",
    "troubleshooting_tested",
];

/// An answered scalar as trimmed text.
fn text(node: Option<&Node>) -> Option<String> {
    let node = node?;
    if node.is_unanswered() {
        return None;
    }
    node.scalar_text().map(|s| s.trim().to_owned())
}

fn texts(node: Option<&Node>) -> Vec<String> {
    match node.and_then(Node::as_seq) {
        Some(items) => items.iter().filter_map(|n| text(Some(n))).collect(),
        None => text(node).into_iter().collect(),
    }
}

fn people(node: Option<&Node>) -> Vec<String> {
    names(node).into_iter().map(|(p, _)| p).collect()
}

/// The runbook of document `index` of `file`.
#[must_use]
pub fn extract(file: &str, index: usize, root: &Node) -> Runbook {
    let spec = root.get("spec");
    let at = |keys: &[&str]| spec.and_then(|s| s.path(keys));
    let secondary = at(&["secondary"])
        .and_then(Node::as_seq)
        .unwrap_or_default();
    let mut flows = Vec::new();
    let mut supporting = Vec::new();
    for s in secondary.iter().filter(|s| s.as_map().is_some()) {
        for f in s
            .get("data_flows")
            .and_then(Node::as_seq)
            .unwrap_or_default()
        {
            flows.push(Flow {
                from: text(f.get("from")),
                to: text(f.get("to")),
                data: text(f.get("data")),
                frequency: text(f.get("frequency")),
                mechanism: text(f.get("mechanism")),
                on_failure: text(f.get("on_failure")),
                line: f.span.line,
            });
        }
        supporting.push(Supporting {
            app: text(s.get("app")),
            relationship: text(s.get("relationship")),
            who_has_access: people(s.path(&["access", "who_has_access"])),
            grants_access: people(s.path(&["access", "grants_access"])),
            known_issues: s
                .get("known_issues")
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .map(|k| KnownIssue {
                    issue: text(k.get("issue")).or_else(|| text(Some(k))),
                    workaround: text(k.get("workaround")),
                    line: k.span.line,
                })
                .collect(),
        });
    }
    let checks = at(&["validation", "checks"]);
    let checks_not_passed = CHECKS
        .iter()
        .filter_map(|name| {
            let c = checks.and_then(|c| c.get(name));
            let result = text(c.and_then(|c| c.get("result")));
            (result.as_deref() != Some("pass")).then(|| Check {
                name: (*name).to_owned(),
                result,
                checked_on: text(c.and_then(|c| c.get("checked_on"))),
                notes: text(c.and_then(|c| c.get("notes"))),
            })
        })
        .collect();
    let contact = |key: &str| text(at(&["validation", "contacts", key]));
    Runbook {
        doc: Doc::of(file, index, root),
        tier: text(root.path(&["metadata", "tier"])),
        app: text(at(&["primary", "app"])),
        purpose: text(at(&["primary", "purpose"])),
        login_url: text(at(&["primary", "access", "login_url"])),
        credential_format: text(at(&["primary", "access", "credential_format"])),
        connects_to: texts(at(&["primary", "connects_to"])),
        secrets: at(&["primary", "secrets"])
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .map(|s| SecretRef {
                name: text(s.get("name")),
                purpose: text(s.get("purpose")),
                stored_in: text(s.get("stored_in")),
            })
            .collect(),
        owners: people(root.path(&["metadata", "owners"])),
        contacts: Contacts {
            technical: contact("technical"),
            access_requests: contact("access_requests"),
            billing: contact("billing"),
        },
        approver: text(at(&["security", "approved_by"])),
        supporting,
        flows,
        last_reviewed: text(at(&["validation", "review", "last_reviewed"]))
            .as_deref()
            .and_then(parse_date),
        interval: text(at(&["validation", "review", "interval"])).and_then(|s| s.parse().ok()),
        reviewed_by: text(at(&["validation", "review", "reviewed_by"])),
        checks_not_passed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};

    #[test]
    fn reads_what_the_runbook_needs() {
        let yaml = "metadata: {id: a, title: A, owners: [\"@alice\", TODO]}\nspec:\n  primary:\n    app: Shopify\n    purpose: Shop\n    access: {login_url: https://x.example, credential_format: SSO}\n    secrets:\n      - {name: TOKEN, stored_in: vault://kv/x}\n  secondary:\n    - app: QBO\n      relationship: Books\n      data_flows:\n        - {from: Shopify, to: QBO, data: orders, frequency: hourly, on_failure: queue}\n      access: {who_has_access: [\"@fin\"], grants_access: \"@it\"}\n      known_issues:\n        - {issue: SKU missing, workaround: create it}\n        - {issue: Slow}\n  validation:\n    checks:\n      links_work: {result: pass}\n      data_syncing: {result: fail, notes: stale}\n    review: {last_reviewed: 2026-10-02, interval: 2 weeks}\n    contacts: {technical: \"@alice\", billing: n/a}\n";
        let src = SourceText::new(yaml.to_owned());
        let r = extract("a.yaml", 0, &parse(&src).documents[0].root);
        assert_eq!(r.apps(), ["Shopify", "QBO"]);
        assert_eq!(r.owners, ["@alice"]);
        assert_eq!(r.contacts.billing.as_deref(), Some("n/a"));
        assert_eq!(r.contacts.access_requests, None);
        assert_eq!(r.secrets[0].stored_in.as_deref(), Some("vault://kv/x"));
        assert_eq!(r.flows[0].on_failure.as_deref(), Some("queue"));
        assert_eq!(r.flows[0].line, 13);
        assert_eq!(r.supporting[0].grants_access, ["@it"]);
        assert_eq!(r.supporting[0].known_issues[1].workaround, None);
        assert_eq!(
            r.interval.map(|i| i.to_string()).as_deref(),
            Some("2 weeks")
        );
        let names: Vec<(&str, Option<&str>)> = r
            .checks_not_passed
            .iter()
            .map(|c| (c.name.as_str(), c.result.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("new_member_login", None),
                ("data_syncing", Some("fail")),
                ("troubleshooting_tested", None)
            ]
        );
    }
}
