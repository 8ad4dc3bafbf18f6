//! Which workflow step and which question a finding belongs to (SPEC sections 1, 2):
//! by where it sits in the document, else by its rule's series.

use super::body::Step;
use crate::document::{Node, Value};

/// `(path pattern, question)`; `*` matches a list index; the first prefix match wins.
const QUESTIONS: &[(&[&str], &str)] = &[
    (
        &["spec", "primary", "app"],
        "App name and what it does for your business",
    ),
    (
        &["spec", "primary", "purpose"],
        "App name and what it does for your business",
    ),
    (
        &["spec", "primary", "access"],
        "How to access it (login URLs, credential format)",
    ),
    (
        &["spec", "primary", "connects_to"],
        "What other systems does it connect to?",
    ),
    (
        &["spec", "primary", "secrets"],
        "Any API keys or tokens needed? (store them securely: a reference, never the value)",
    ),
    (
        &["spec", "primary", "screenshot"],
        "A screenshot of the integration settings screen",
    ),
    (
        &["spec", "secondary", "*", "data_flows", "*", "on_failure"],
        "What happens when the sync fails?",
    ),
    (
        &["spec", "secondary", "*", "data_flows"],
        "What data flows between them, and how often?",
    ),
    (
        &["spec", "secondary", "*", "access"],
        "Who has access, and who can grant permissions?",
    ),
    (
        &["spec", "secondary", "*", "known_issues"],
        "Known issues and workarounds",
    ),
    (
        &["spec", "secondary", "*", "app"],
        "App name and its relationship to the primary app",
    ),
    (
        &["spec", "secondary", "*", "relationship"],
        "App name and its relationship to the primary app",
    ),
    (
        &["spec", "validation", "checks", "new_member_login"],
        "Can a new team member log in using the documented credentials?",
    ),
    (
        &["spec", "validation", "checks", "links_work"],
        "Do all the links and download URLs still work?",
    ),
    (
        &["spec", "validation", "checks", "data_syncing"],
        "Is the data actually syncing between apps as described?",
    ),
    (
        &["spec", "validation", "checks", "troubleshooting_tested"],
        "Have you tested the troubleshooting steps for common issues?",
    ),
    (
        &["spec", "validation", "review"],
        "When was this last verified? (review every 3 months)",
    ),
    (
        &["spec", "validation", "contacts", "technical"],
        "Technical problems: who fixes broken integrations?",
    ),
    (
        &["spec", "validation", "contacts", "access_requests"],
        "Access requests: who approves new user access?",
    ),
    (
        &["spec", "validation", "contacts", "billing"],
        "Billing questions: who handles subscription issues?",
    ),
    (
        &["spec", "security", "compliance"],
        "HIPAA, PCI or GDPR requirements, with links to the vendor's compliance documentation",
    ),
    (
        &["spec", "security", "auth_method"],
        "Does this integration use OAuth or API keys?",
    ),
    (
        &["spec", "security", "credential_storage"],
        "Where are credentials stored?",
    ),
    (
        &["spec", "security", "data_accessed"],
        "What data does it access?",
    ),
    (&["spec", "security", "contains_pii"], "Is any of it PII?"),
    (
        &["spec", "security", "sensitive_business_data"],
        "Is any of it sensitive business data?",
    ),
    (
        &["spec", "security", "vendor_certifications"],
        "Does the vendor have SOC 2 or ISO 27001 certification?",
    ),
    (
        &["spec", "security", "encryption", "in_transit"],
        "Is data encrypted in transit (HTTPS)?",
    ),
    (
        &["spec", "security", "encryption", "at_rest"],
        "Is data encrypted at rest?",
    ),
    (
        &["spec", "security", "approved_by"],
        "Who approved this integration originally?",
    ),
    (
        &["spec", "security", "access_revocation"],
        "Is there a process for revoking access when employees leave?",
    ),
    (
        &["spec", "security", "least_privilege"],
        "Are permissions scoped to the minimum necessary?",
    ),
];

/// Questions for rules whose finding sits on a parent mapping (a missing key).
const RULE_QUESTIONS: &[(&str, &str)] = &[
    ("WB102", "A screenshot of the integration settings screen"),
    ("WB103", "A screenshot of the integration settings screen"),
    (
        "WB105",
        "Any API keys or tokens needed? (store them securely: a reference, never the value)",
    ),
    ("WB202", "What data flows between them, and how often?"),
    ("WB203", "Who has access, and who can grant permissions?"),
    ("WB204", "Known issues and workarounds"),
    (
        "WB301",
        "When was this last verified? (review every 3 months)",
    ),
    (
        "WB302",
        "When was this last verified? (review every 3 months)",
    ),
    (
        "WB303",
        "When was this last verified? (review every 3 months)",
    ),
    (
        "WB304",
        "When was this last verified? (review every 3 months)",
    ),
    (
        "WB402",
        "HIPAA, PCI or GDPR requirements, with links to the vendor's compliance documentation",
    ),
    (
        "WB403",
        "HIPAA, PCI or GDPR requirements, with links to the vendor's compliance documentation",
    ),
    ("WB501", "Do all the links and download URLs still work?"),
    ("WB502", "Do all the links and download URLs still work?"),
    ("WB503", "Do all the links and download URLs still work?"),
];

const STEPS: &[(Step, &str)] = &[
    (Step::Primary, "primary"),
    (Step::Secondary, "secondary"),
    (Step::Validation, "validation"),
    (Step::Security, "security"),
];

fn contains(node: &Node, offset: usize) -> bool {
    node.span.start <= offset && offset <= node.span.end.max(node.span.start)
}

/// The key path (`*` for list items) of the deepest node holding `offset`.
pub fn key_path(root: &Node, offset: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut node = root;
    loop {
        let next = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|e| contains(&e.value, offset) || contains(&e.key, offset))
                .map(|e| {
                    path.push(e.key.key_text());
                    &e.value
                }),
            Value::Seq(items) => items.iter().find(|n| contains(n, offset)).inspect(|_| {
                path.push("*".to_owned());
            }),
            _ => None,
        };
        match next {
            Some(n) if !std::ptr::eq(n, node) => node = n,
            _ => return path,
        }
    }
}

/// The workflow step of a finding: by where it is, else by its rule's series.
pub fn step_of(path: &[String], rule: &str) -> Step {
    let at = |i: usize| path.get(i).map(String::as_str);
    for (step, key) in STEPS {
        if (at(0) == Some("spec") || at(0) == Some("workflow") && at(1) == Some("steps"))
            && (at(1) == Some(key) || at(2) == Some(key))
        {
            return *step;
        }
    }
    match rule.get(..3) {
        Some("WB1") => Step::Primary,
        Some("WB2") => Step::Secondary,
        Some("WB3") => Step::Validation,
        Some("WB4") => Step::Security,
        _ => Step::Document,
    }
}

/// The question a finding leaves open, by place or by rule.
pub fn question(path: &[String], rule: &str) -> Option<&'static str> {
    QUESTIONS
        .iter()
        .find(|(pattern, _)| {
            pattern.len() <= path.len()
                && pattern.iter().zip(path).all(|(p, k)| *p == "*" || p == k)
        })
        .map(|(_, q)| *q)
        .or_else(|| {
            RULE_QUESTIONS
                .iter()
                .find(|(r, _)| *r == rule)
                .map(|(_, q)| *q)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Node;
    use crate::document::{parse, SourceText};

    fn root(text: &str) -> Node {
        parse(&SourceText::new(text.to_owned()))
            .documents
            .remove(0)
            .root
    }

    #[test]
    fn findings_map_to_steps_and_questions() {
        let text = "metadata:\n  id: a\nspec:\n  primary:\n    app: X\n  secondary:\n    - app: Y\n      data_flows:\n        - data: orders\n          on_failure: TODO\n  security:\n    credential_storage: TODO\nworkflow:\n  steps:\n    validation: {completed_on: 2026-01-01}\n";
        let r = root(text);
        let at = |needle: &str| text.find(needle).unwrap();
        let p = key_path(&r, at("TODO\n  security"));
        assert_eq!(
            p,
            ["spec", "secondary", "*", "data_flows", "*", "on_failure"]
        );
        assert_eq!(step_of(&p, "WB202"), Step::Secondary);
        assert_eq!(
            question(&p, "WB202"),
            Some("What happens when the sync fails?")
        );
        let p = key_path(&r, at("TODO\nworkflow"));
        assert_eq!(step_of(&p, "WB401"), Step::Security);
        assert_eq!(question(&p, "WB401"), Some("Where are credentials stored?"));
        let p = key_path(&r, at("{completed_on"));
        assert_eq!(step_of(&p, "WB601"), Step::Validation);
        let p = key_path(&r, at("id: a") + 4);
        assert_eq!(step_of(&p, "WB004"), Step::Document);
        assert_eq!(step_of(&p, "WB308"), Step::Validation);
    }
}
