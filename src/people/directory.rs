//! `wirebook people`: every person and team named, with their integrations and roles,
//! and the integrations that depend on a single person.

use std::collections::BTreeMap;

use super::{kind, Doc, Kind, Mentions, Role};

/// One integration a person appears in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub doc: Doc,
    /// Each role once, in [`Role`] order.
    pub roles: Vec<Role>,
    /// They are the only person among its owners and contacts (WB307).
    pub alone: bool,
}

/// One person or team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Lower-cased, trimmed: the identity.
    pub key: String,
    /// The most common spelling (the first written among equals).
    pub display: String,
    pub kind: Kind,
    /// Integrations held alone first, then by name.
    pub integrations: Vec<Held>,
}

impl Person {
    /// How many integrations depend on them alone.
    #[must_use]
    pub fn alone(&self) -> usize {
        self.integrations.iter().filter(|h| h.alone).count()
    }
}

/// An integration with fewer than two distinct people among owners and contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Single {
    pub doc: Doc,
    /// The one person (display spelling), or `None` when nobody is named.
    pub person: Option<String>,
}

/// The whole directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// Documents read.
    pub integrations: usize,
    /// Most integrations held alone first, then most integrations, then by name.
    pub people: Vec<Person>,
    /// Nobody named first, then by person and name.
    pub single: Vec<Single>,
}

fn doc_order(d: &Doc) -> (String, String, usize) {
    (d.name().to_lowercase(), d.file.clone(), d.document)
}

/// Builds the directory from every document's mentions.
#[must_use]
pub fn build(docs: &[Mentions]) -> Directory {
    // key -> (spelling -> (count, first seen)), integrations
    struct Acc {
        spellings: BTreeMap<String, (usize, usize)>,
        held: Vec<Held>,
    }
    let mut people: BTreeMap<String, Acc> = BTreeMap::new();
    let mut seen = 0usize;
    let mut single = Vec::new();
    for m in docs {
        let alone_key = match m.single_person() {
            Some(one) => {
                single.push((m, one.map(|p| p.key.clone())));
                one.map(|p| p.key.clone())
            }
            None => None,
        };
        let mut roles: BTreeMap<&str, Vec<Role>> = BTreeMap::new();
        for mention in &m.mentions {
            let acc = people.entry(mention.key.clone()).or_insert_with(|| Acc {
                spellings: BTreeMap::new(),
                held: Vec::new(),
            });
            seen += 1;
            acc.spellings
                .entry(mention.person.clone())
                .or_insert((0, seen))
                .0 += 1;
            let list = roles.entry(&mention.key).or_default();
            if !list.contains(&mention.role) {
                list.push(mention.role);
            }
        }
        for (key, mut list) in roles {
            list.sort();
            if let Some(acc) = people.get_mut(key) {
                acc.held.push(Held {
                    doc: m.doc.clone(),
                    roles: list,
                    alone: alone_key.as_deref() == Some(key),
                });
            }
        }
    }
    let mut out: Vec<Person> = people
        .into_iter()
        .map(|(key, mut acc)| {
            acc.held.sort_by_key(|h| (!h.alone, doc_order(&h.doc)));
            let display = acc
                .spellings
                .iter()
                .min_by_key(|(_, (count, first))| (std::cmp::Reverse(*count), *first))
                .map_or_else(|| key.clone(), |(s, _)| s.clone());
            Person {
                kind: kind(&display),
                key,
                display,
                integrations: acc.held,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.alone()),
            std::cmp::Reverse(a.integrations.len()),
            &a.key,
        )
            .cmp(&(
                std::cmp::Reverse(b.alone()),
                std::cmp::Reverse(b.integrations.len()),
                &b.key,
            ))
    });
    let display = |key: &str| {
        out.iter()
            .find(|p| p.key == key)
            .map_or_else(|| key.to_owned(), |p| p.display.clone())
    };
    let mut single: Vec<Single> = single
        .into_iter()
        .map(|(m, key)| Single {
            doc: m.doc.clone(),
            person: key.as_deref().map(display),
        })
        .collect();
    single.sort_by(|a, b| {
        let k = |s: &Single| {
            (
                s.person.as_ref().map(|p| p.to_lowercase()),
                doc_order(&s.doc),
            )
        };
        k(a).cmp(&k(b))
    });
    Directory {
        integrations: docs.len(),
        people: out,
        single,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{check_texts, Options};

    const HEAD: &str = "apiVersion: wirebook.dev/v1\nkind: Integration\n";

    fn docs(texts: &[&str]) -> (Vec<Mentions>, Vec<String>) {
        let files: Vec<(String, String)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{i}.yaml"), format!("{HEAD}{t}")))
            .collect();
        let options = Options {
            today: crate::interval::parse_date("2026-11-20").unwrap(),
            members: None,
        };
        let run = check_texts(&files, &Config::default(), &options);
        let wb307 = run
            .diagnostics
            .iter()
            .filter(|d| d.rule == "WB307")
            .map(|d| d.file.clone())
            .collect();
        let mentions = run
            .files
            .iter()
            .flat_map(|f| {
                f.documents
                    .iter()
                    .filter_map(|d| Some(super::super::extract(&f.path, d.index, d.root.as_ref()?)))
            })
            .collect();
        (mentions, wb307)
    }

    #[test]
    fn people_roles_and_single_points_agree_with_wb307() {
        let (m, wb307) = docs(&[
            "metadata: {id: a, title: A, owners: [\"@Dave\"]}\nspec:\n  validation:\n    contacts: {technical: \"@dave\", billing: n/a}\n    review: {reviewed_by: \"@bob\"}\n",
            "metadata: {id: b, title: B, owners: [\"@dave\"]}\nspec:\n  validation:\n    contacts: {access_requests: \"@acme/finance\"}\n",
            "metadata: {id: c, title: C, owners: [TODO]}\n",
            "metadata: {id: d, title: D, owners: [\"@bob\", \"bob@acme.example\"]}\n",
        ]);
        let dir = build(&m);
        assert_eq!(dir.integrations, 4);
        let single: Vec<(Option<&str>, Option<&str>)> = dir
            .single
            .iter()
            .map(|s| (s.doc.id.as_deref(), s.person.as_deref()))
            .collect();
        assert_eq!(single, [(Some("c"), None), (Some("a"), Some("@dave"))]);
        let mut files: Vec<String> = dir.single.iter().map(|s| s.doc.file.clone()).collect();
        files.sort();
        assert_eq!(files, wb307, "the same integrations WB307 warns about");

        let names: Vec<&str> = dir.people.iter().map(|p| p.display.as_str()).collect();
        assert_eq!(
            names,
            ["@dave", "@bob", "@acme/finance", "bob@acme.example"]
        );
        let dave = &dir.people[0];
        assert_eq!(dave.alone(), 1);
        assert_eq!(dave.integrations[0].doc.id.as_deref(), Some("a"));
        assert_eq!(dave.integrations[0].roles, [Role::Owner, Role::Technical]);
        assert!(dave.integrations[0].alone && !dave.integrations[1].alone);
        assert_eq!(dir.people[1].integrations[0].roles, [Role::Reviewer]);
        assert_eq!(dir.people[2].kind, Kind::Team);
    }
}
