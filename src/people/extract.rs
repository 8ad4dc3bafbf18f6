//! From one document tree to every person it names, with role, JSON pointer and line.

use super::role::{person_key, Role};
use crate::document::{Node, Value};

/// Where a document sits, and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub file: String,
    /// 0-based index of the document in its file.
    pub document: usize,
    pub id: Option<String>,
    pub title: Option<String>,
}

impl Doc {
    /// From a document tree (placeholders count as absent).
    #[must_use]
    pub fn of(file: &str, document: usize, root: &Node) -> Self {
        let text = |keys: &[&str]| {
            root.path(keys)
                .filter(|n| !n.is_unanswered())
                .and_then(Node::as_str)
                .map(|s| s.trim().to_owned())
        };
        Self {
            file: file.to_owned(),
            document,
            id: text(&["metadata", "id"]),
            title: text(&["metadata", "title"]),
        }
    }

    /// Title, else id, else the file.
    #[must_use]
    pub fn name(&self) -> &str {
        self.title
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or(&self.file)
    }
}

/// One place a document names a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// As written, trimmed.
    pub person: String,
    /// [`person_key`] of `person`.
    pub key: String,
    pub role: Role,
    /// JSON pointer of the value: `/metadata/owners/1`.
    pub pointer: String,
    /// JSON pointer of the field that holds it (a list for list fields): `/metadata/owners`.
    pub field: String,
    /// 1-based line of the value.
    pub line: usize,
    /// For access roles: the supporting app (`secondary[].app`).
    pub app: Option<String>,
}

/// Every person one document names, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentions {
    pub doc: Doc,
    pub mentions: Vec<Mention>,
}

impl Mentions {
    /// WB307's people: the distinct persons among owners and contacts, each as first
    /// written.
    #[must_use]
    pub fn responsible(&self) -> Vec<&Mention> {
        let mut out: Vec<&Mention> = Vec::new();
        for m in self.mentions.iter().filter(|m| m.role.is_responsible()) {
            if !out.iter().any(|o| o.key == m.key) {
                out.push(m);
            }
        }
        out
    }

    /// `Some(person)` when fewer than two distinct people are named among owners and
    /// contacts (WB307): `Some(None)` when nobody is.
    #[must_use]
    pub fn single_person(&self) -> Option<Option<&Mention>> {
        let people = self.responsible();
        (people.len() < 2).then(|| people.first().copied())
    }
}

/// The people a value names: a string, or each string of a list. Unanswered values
/// (`TODO`, empty) and `n/a` name nobody.
#[must_use]
pub fn names(node: Option<&Node>) -> Vec<(String, &Node)> {
    let Some(node) = node else {
        return Vec::new();
    };
    match &node.value {
        Value::Seq(items) => items.iter().filter_map(one).collect(),
        _ => one(node).into_iter().collect(),
    }
}

fn one(node: &Node) -> Option<(String, &Node)> {
    let s = node.as_str()?.trim();
    (!node.is_unanswered() && !s.eq_ignore_ascii_case("n/a")).then(|| (s.to_owned(), node))
}

/// Escapes one JSON pointer segment (RFC 6901).
fn seg(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

struct Collector {
    /// With the byte offset of the value, for source order.
    out: Vec<(usize, Mention)>,
}

impl Collector {
    /// A field that holds one person.
    fn scalar(&mut self, node: Option<&Node>, field: &str, role: Role, app: Option<&str>) {
        if let Some((person, n)) = node.and_then(one) {
            self.push(person, n, field.to_owned(), field.to_owned(), role, app);
        }
    }

    /// A field that holds a person or a list of people.
    fn list(&mut self, node: Option<&Node>, field: &str, role: Role, app: Option<&str>) {
        let Some(node) = node else { return };
        if let Some(items) = node.as_seq() {
            for (i, item) in items.iter().enumerate() {
                if let Some((person, n)) = one(item) {
                    self.push(
                        person,
                        n,
                        format!("{field}/{i}"),
                        field.to_owned(),
                        role,
                        app,
                    );
                }
            }
        } else {
            self.scalar(Some(node), field, role, app);
        }
    }

    fn push(
        &mut self,
        person: String,
        node: &Node,
        pointer: String,
        field: String,
        role: Role,
        app: Option<&str>,
    ) {
        let mention = Mention {
            key: person_key(&person),
            person,
            role,
            pointer,
            field,
            line: node.span.line,
            app: app.map(str::to_owned),
        };
        self.out.push((node.span.start, mention));
    }
}

/// Every person `root` names (document `index` of `file`), in source order.
#[must_use]
pub fn extract(file: &str, index: usize, root: &Node) -> Mentions {
    let mut c = Collector { out: Vec::new() };
    c.list(
        root.path(&["metadata", "owners"]),
        "/metadata/owners",
        Role::Owner,
        None,
    );
    let validation = root.path(&["spec", "validation"]);
    for (key, role) in [
        ("technical", Role::Technical),
        ("access_requests", Role::AccessRequests),
        ("billing", Role::Billing),
    ] {
        c.scalar(
            validation.and_then(|v| v.path(&["contacts", key])),
            &format!("/spec/validation/contacts/{key}"),
            role,
            None,
        );
    }
    c.scalar(
        root.path(&["spec", "security", "approved_by"]),
        "/spec/security/approved_by",
        Role::Approver,
        None,
    );
    let secondary = root
        .path(&["spec", "secondary"])
        .and_then(Node::as_seq)
        .unwrap_or_default();
    for (i, entry) in secondary.iter().enumerate() {
        let app = entry
            .get("app")
            .filter(|n| !n.is_unanswered())
            .and_then(Node::as_str)
            .map(str::trim);
        for (key, role) in [
            ("who_has_access", Role::HasAccess),
            ("grants_access", Role::GrantsAccess),
        ] {
            c.list(
                entry.path(&["access", key]),
                &format!("/spec/secondary/{i}/access/{key}"),
                role,
                app,
            );
        }
    }
    c.scalar(
        validation.and_then(|v| v.path(&["review", "reviewed_by"])),
        "/spec/validation/review/reviewed_by",
        Role::Reviewer,
        None,
    );
    for e in validation
        .and_then(|v| v.get("checks"))
        .and_then(Node::as_map)
        .unwrap_or_default()
    {
        let name = seg(&e.key.key_text());
        c.scalar(
            e.value.get("by"),
            &format!("/spec/validation/checks/{name}/by"),
            Role::Reviewer,
            None,
        );
    }
    c.list(
        root.path(&["workflow", "assignees"]),
        "/workflow/assignees",
        Role::Assignee,
        None,
    );
    let mut found = c.out;
    found.sort_by_key(|(start, _)| *start);
    Mentions {
        doc: Doc::of(file, index, root),
        mentions: found.into_iter().map(|(_, m)| m).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};

    fn mentions(yaml: &str) -> Mentions {
        let src = SourceText::new(yaml.to_owned());
        extract("a.yaml", 0, &parse(&src).documents[0].root)
    }

    #[test]
    fn every_role_with_pointer_and_line() {
        let m = mentions(
            "metadata:\n  id: x\n  owners: [\"@Alice\", TODO, \"@acme/it\"]\nspec:\n  secondary:\n    - app: QBO\n      access: {who_has_access: \"@bob\", grants_access: [\"@carol\"]}\n  validation:\n    checks:\n      links_work: {by: \"@erin\"}\n    review: {reviewed_by: \"@erin\"}\n    contacts: {technical: \"@alice\", access_requests: n/a, billing: b@x.example}\n  security: {approved_by: \"@ciso\"}\nworkflow: {assignees: \"@fay\"}\n",
        );
        let got: Vec<(&str, &str, Role, &str, usize)> = m
            .mentions
            .iter()
            .map(|m| {
                (
                    m.person.as_str(),
                    m.key.as_str(),
                    m.role,
                    m.pointer.as_str(),
                    m.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("@Alice", "@alice", Role::Owner, "/metadata/owners/0", 3),
                ("@acme/it", "@acme/it", Role::Owner, "/metadata/owners/2", 3),
                (
                    "@bob",
                    "@bob",
                    Role::HasAccess,
                    "/spec/secondary/0/access/who_has_access",
                    7
                ),
                (
                    "@carol",
                    "@carol",
                    Role::GrantsAccess,
                    "/spec/secondary/0/access/grants_access/0",
                    7
                ),
                (
                    "@erin",
                    "@erin",
                    Role::Reviewer,
                    "/spec/validation/checks/links_work/by",
                    10
                ),
                (
                    "@erin",
                    "@erin",
                    Role::Reviewer,
                    "/spec/validation/review/reviewed_by",
                    11
                ),
                (
                    "@alice",
                    "@alice",
                    Role::Technical,
                    "/spec/validation/contacts/technical",
                    12
                ),
                (
                    "b@x.example",
                    "b@x.example",
                    Role::Billing,
                    "/spec/validation/contacts/billing",
                    12
                ),
                (
                    "@ciso",
                    "@ciso",
                    Role::Approver,
                    "/spec/security/approved_by",
                    13
                ),
                ("@fay", "@fay", Role::Assignee, "/workflow/assignees", 14),
            ]
        );
        assert_eq!(m.mentions[2].app.as_deref(), Some("QBO"));
        assert_eq!(
            m.mentions[3].field,
            "/spec/secondary/0/access/grants_access"
        );
        // @Alice and @alice are one person; with the e-mail address, two.
        assert_eq!(m.responsible().len(), 3);
        assert_eq!(m.single_person(), None);
        assert_eq!(m.doc.name(), "x");
    }

    #[test]
    fn single_person_and_nobody() {
        let m = mentions("metadata:\n  owners: [\"@Dave\"]\nspec:\n  validation:\n    contacts: {technical: \"@DAVE\", billing: N/A}\n  security: {approved_by: \"@ciso\"}\n");
        assert_eq!(m.single_person().unwrap().unwrap().person, "@Dave");
        let m = mentions("metadata:\n  owners: []\n");
        assert_eq!(m.single_person(), Some(None));
    }
}
