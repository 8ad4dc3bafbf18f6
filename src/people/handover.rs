//! `wirebook offboard @handle`: every document and field naming one person, marked
//! where nobody else is named in that field, with the document's other people as
//! candidates to take over.

use super::{person_key, Doc, Mentions, Role};

/// One field that names the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub role: Role,
    /// JSON pointer of the value.
    pub pointer: String,
    pub line: usize,
    /// The supporting app, for access roles.
    pub app: Option<String>,
    /// The other people named in the same field (as first written).
    pub others: Vec<String>,
}

impl Field {
    /// Nobody else is named in this field: it names nobody once they leave.
    #[must_use]
    pub fn sole(&self) -> bool {
        self.others.is_empty()
    }
}

/// Someone else the document names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// As first written in the document.
    pub person: String,
    /// How many fields of the document name them.
    pub mentions: usize,
    /// Each role once, in [`Role`] order.
    pub roles: Vec<Role>,
}

/// One document that names the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub doc: Doc,
    /// In source order.
    pub fields: Vec<Field>,
    /// Most involved first (most fields, then first named).
    pub candidates: Vec<Candidate>,
    /// They are the only person among its owners and contacts (WB307).
    pub alone: bool,
}

impl Entry {
    #[must_use]
    pub fn sole_fields(&self) -> usize {
        self.fields.iter().filter(|f| f.sole()).count()
    }
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// [`person_key`] of the person.
    pub key: String,
    /// Documents held alone first, then most sole fields, then by file.
    pub entries: Vec<Entry>,
}

impl Handover {
    #[must_use]
    pub fn fields(&self) -> usize {
        self.entries.iter().map(|e| e.fields.len()).sum()
    }

    #[must_use]
    pub fn sole_fields(&self) -> usize {
        self.entries.iter().map(Entry::sole_fields).sum()
    }

    #[must_use]
    pub fn alone(&self) -> usize {
        self.entries.iter().filter(|e| e.alone).count()
    }
}

/// `dave` means `@dave`; anything else (`@org/team`, an e-mail address) as written.
#[must_use]
pub fn normalize(person: &str) -> String {
    let p = person.trim();
    if p.is_empty() || p.contains('@') {
        person_key(p)
    } else {
        person_key(&format!("@{p}"))
    }
}

/// The handover plan of `person` (see [`normalize`]).
#[must_use]
pub fn plan(docs: &[Mentions], person: &str) -> Handover {
    let key = normalize(person);
    let mut entries = Vec::new();
    for m in docs {
        if !m.mentions.iter().any(|x| x.key == key) {
            continue;
        }
        let fields = m
            .mentions
            .iter()
            .filter(|x| x.key == key)
            .map(|x| {
                let mut others: Vec<String> = Vec::new();
                for o in m
                    .mentions
                    .iter()
                    .filter(|o| o.field == x.field && o.key != key)
                {
                    if !others.iter().any(|s| s.to_lowercase() == o.key) {
                        others.push(o.person.clone());
                    }
                }
                Field {
                    role: x.role,
                    pointer: x.pointer.clone(),
                    line: x.line,
                    app: x.app.clone(),
                    others,
                }
            })
            .collect();
        // key -> (candidate, first position)
        let mut candidates: Vec<(String, Candidate, usize)> = Vec::new();
        for (pos, o) in m.mentions.iter().enumerate().filter(|(_, o)| o.key != key) {
            match candidates.iter_mut().find(|(k, _, _)| *k == o.key) {
                Some((_, c, _)) => {
                    c.mentions += 1;
                    if !c.roles.contains(&o.role) {
                        c.roles.push(o.role);
                    }
                }
                None => candidates.push((
                    o.key.clone(),
                    Candidate {
                        person: o.person.clone(),
                        mentions: 1,
                        roles: vec![o.role],
                    },
                    pos,
                )),
            }
        }
        candidates.sort_by_key(|(_, c, pos)| (std::cmp::Reverse(c.mentions), *pos));
        let alone = matches!(m.single_person(), Some(Some(p)) if p.key == key);
        entries.push(Entry {
            doc: m.doc.clone(),
            fields,
            candidates: candidates
                .into_iter()
                .map(|(_, mut c, _)| {
                    c.roles.sort();
                    c
                })
                .collect(),
            alone,
        });
    }
    entries.sort_by(|a, b| {
        let k = |e: &Entry| {
            (
                !e.alone,
                std::cmp::Reverse(e.sole_fields()),
                e.doc.file.clone(),
                e.doc.document,
            )
        };
        k(a).cmp(&k(b))
    });
    Handover { key, entries }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};

    fn mentions(file: &str, yaml: &str) -> Mentions {
        let src = SourceText::new(yaml.to_owned());
        super::super::extract(file, 0, &parse(&src).documents[0].root)
    }

    #[test]
    fn fields_marked_sole_and_candidates_most_involved_first() {
        let a = mentions(
            "a.yaml",
            "metadata:\n  id: a\n  owners: [\"@Dave\", \"@alice\"]\nspec:\n  validation:\n    contacts: {technical: \"@dave\", access_requests: \"@acme/finance\", billing: \"@alice\"}\n    review: {reviewed_by: \"@bob\"}\n",
        );
        let b = mentions(
            "b.yaml",
            "metadata:\n  id: b\n  owners: [\"@DAVE\"]\nspec:\n  validation:\n    contacts: {technical: \"@dave\", access_requests: \"@acme/finance\"}\n",
        );
        let c = mentions("c.yaml", "metadata:\n  id: c\n  owners: [\"@alice\"]\n");
        let h = plan(&[a, b, c], "Dave");
        assert_eq!(h.key, "@dave");
        let ids: Vec<_> = h.entries.iter().map(|e| e.doc.id.as_deref()).collect();
        // Neither depends on @dave alone (a team is a second person); b comes first
        // with two sole fields (its owner list names only @DAVE).
        assert_eq!(ids, [Some("b"), Some("a")]);
        let b = &h.entries[0];
        assert!(!b.alone);
        assert_eq!(b.sole_fields(), 2);
        assert_eq!(b.candidates.len(), 1);
        assert_eq!(b.candidates[0].person, "@acme/finance");
        assert_eq!(b.candidates[0].roles, [Role::AccessRequests]);
        let a = &h.entries[1];
        let f: Vec<(&str, usize, bool)> = a
            .fields
            .iter()
            .map(|f| (f.pointer.as_str(), f.line, f.sole()))
            .collect();
        assert_eq!(
            f,
            [
                ("/metadata/owners/0", 3, false),
                ("/spec/validation/contacts/technical", 6, true)
            ]
        );
        assert_eq!(a.fields[0].others, ["@alice"]);
        let cands: Vec<(&str, usize)> = a
            .candidates
            .iter()
            .map(|c| (c.person.as_str(), c.mentions))
            .collect();
        assert_eq!(cands, [("@alice", 2), ("@acme/finance", 1), ("@bob", 1)]);
        assert_eq!((h.fields(), h.sole_fields(), h.alone()), (4, 3, 0));
        assert!(plan(&[], "@nobody").entries.is_empty());
        assert_eq!(normalize(" ops@ACME.example "), "ops@acme.example");
    }

    #[test]
    fn alone_when_the_only_owner_and_contact() {
        let a = mentions(
            "a.yaml",
            "metadata:\n  owners: [\"@dave\"]\nspec:\n  validation:\n    contacts: {technical: \"@Dave\"}\n  security: {approved_by: \"@ciso\"}\n",
        );
        let h = plan(&[a], "@dave");
        assert!(h.entries[0].alone);
        assert_eq!(h.entries[0].candidates[0].person, "@ciso");
    }
}
