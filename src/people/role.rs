//! What a person is to an integration, and who counts as the same person.

/// What a person is to an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// `metadata.owners`
    Owner,
    /// `spec.validation.contacts.technical`
    Technical,
    /// `spec.validation.contacts.access_requests`
    AccessRequests,
    /// `spec.validation.contacts.billing`
    Billing,
    /// `spec.security.approved_by`
    Approver,
    /// `spec.secondary[].access.who_has_access`
    HasAccess,
    /// `spec.secondary[].access.grants_access`
    GrantsAccess,
    /// `spec.validation.review.reviewed_by` and `spec.validation.checks.*.by`
    Reviewer,
    /// `workflow.assignees`
    Assignee,
}

impl Role {
    /// The name in JSON output.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Technical => "technical_contact",
            Role::AccessRequests => "access_requests_contact",
            Role::Billing => "billing_contact",
            Role::Approver => "approver",
            Role::HasAccess => "has_access",
            Role::GrantsAccess => "grants_access",
            Role::Reviewer => "reviewer",
            Role::Assignee => "assignee",
        }
    }

    /// The name in text output.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Technical => "technical contact",
            Role::AccessRequests => "access-requests contact",
            Role::Billing => "billing contact",
            Role::Approver => "approver",
            Role::HasAccess => "has access",
            Role::GrantsAccess => "grants access",
            Role::Reviewer => "reviewer",
            Role::Assignee => "assignee",
        }
    }

    /// The roles WB307 counts: owners and the three contacts.
    #[must_use]
    pub fn is_responsible(self) -> bool {
        matches!(
            self,
            Role::Owner | Role::Technical | Role::AccessRequests | Role::Billing
        )
    }
}

/// What kind of name a person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `@user`
    User,
    /// `@org/team`
    Team,
    /// `someone@example.com`
    Email,
    /// Anything else (a schema error, but still somebody WB307 counts).
    Other,
}

impl Kind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Team => "team",
            Kind::Email => "email",
            Kind::Other => "other",
        }
    }
}

/// The kind of a person as written.
#[must_use]
pub fn kind(person: &str) -> Kind {
    let p = person.trim();
    if let Some(handle) = p.strip_prefix('@') {
        if handle.contains('/') {
            Kind::Team
        } else {
            Kind::User
        }
    } else if p.contains('@') {
        Kind::Email
    } else {
        Kind::Other
    }
}

/// One person whatever the case or surrounding spaces: `@Dave` = `@dave ` (as WB307
/// compares them). A handle and an e-mail address stay two people.
#[must_use]
pub fn person_key(person: &str) -> String {
    person.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_keys() {
        assert_eq!(kind("@a/b"), Kind::Team);
        assert_eq!(kind(" @a "), Kind::User);
        assert_eq!(kind("a@b.c"), Kind::Email);
        assert_eq!(kind("Dave"), Kind::Other);
        assert_eq!(person_key(" @DaVe "), "@dave");
        assert!(Role::Billing.is_responsible() && !Role::Approver.is_responsible());
    }
}
