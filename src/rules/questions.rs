//! The question each field answers (SPEC section 2's tables), from the rules that ask
//! them: the language server shows it on hover and beside completions.

use crate::document::Key;

use super::{
    wb101_primary_incomplete as wb101, wb202_data_flow_incomplete as wb202,
    wb203_access_unassigned as wb203, wb305_check_not_passed as wb305,
    wb306_contact_missing as wb306, wb401_security_unanswered as wb401,
};

/// The question the key at `path` answers: mapping keys, with `[]` for a sequence
/// item (`["spec", "secondary", "[]", "data_flows"]`).
#[must_use]
pub fn question(path: &[&str]) -> Option<&'static str> {
    match path {
        ["spec", "primary", "app"] => Some(wb101::WHAT),
        ["spec", "primary", "access"] => Some(wb101::ACCESS),
        ["spec", "primary", "connects_to"] => Some(wb101::CONNECTS),
        ["spec", "primary", rest @ ..] => wb101::QUESTIONS
            .iter()
            .find(|(p, ..)| same_path(p, rest))
            .map(|(_, _, q, _)| *q),
        ["spec", "secondary", "[]", "data_flows"] => Some(wb202::FLOWS),
        ["spec", "secondary", "[]", "data_flows", "[]", field] => wb202::FIELDS
            .iter()
            .find(|(f, ..)| f.text() == *field)
            .map(|(_, _, q, _)| *q),
        ["spec", "secondary", "[]", "access", "who_has_access" | "grants_access"] => {
            Some(wb203::QUESTION)
        }
        ["spec", "validation", "checks", key] => wb305::CHECKS
            .iter()
            .find(|(k, _)| k.text() == *key)
            .map(|(_, q)| *q),
        ["spec", "validation", "contacts", key] => wb306::CONTACTS
            .iter()
            .find(|(k, _)| k.text() == *key)
            .map(|(_, q)| *q),
        ["spec", "security", rest @ ..] => wb401::QUESTIONS
            .iter()
            .find(|(p, ..)| same_path(p, rest))
            .map(|(_, q, _)| *q),
        _ => None,
    }
}

fn same_path(keys: &[Key], texts: &[&str]) -> bool {
    keys.iter().map(|k| k.text()).eq(texts.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::question;

    #[test]
    fn every_table_answers_its_own_keys() {
        assert_eq!(
            question(&["spec", "primary", "access", "login_url"]),
            Some("How to access it (login URLs, credential format)?")
        );
        assert_eq!(
            question(&["spec", "secondary", "[]", "data_flows", "[]", "on_failure"]),
            Some("What happens when the sync fails?")
        );
        assert_eq!(
            question(&["spec", "secondary", "[]", "access", "grants_access"]),
            Some("Who has access, and who can grant permissions?")
        );
        assert_eq!(
            question(&["spec", "validation", "checks", "links_work"]),
            Some("Do all the links and download URLs still work?")
        );
        assert_eq!(
            question(&["spec", "validation", "contacts", "billing"]),
            Some("Billing questions: who handles subscription issues?")
        );
        assert_eq!(
            question(&["spec", "security", "encryption", "at_rest"]),
            Some("Is data encrypted at rest?")
        );
        assert_eq!(question(&["metadata", "id"]), None);
        assert_eq!(question(&["spec", "security", "nope"]), None);
    }
}
