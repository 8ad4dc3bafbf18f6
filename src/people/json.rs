//! `--format json` of `wirebook people` and `wirebook offboard` (shapes in
//! `docs/organization.md`).

use serde::Serialize;

use super::directory::Directory;
use super::handover::Handover;
use super::{Doc, Role};

#[derive(Serialize)]
struct DocOut<'a> {
    id: Option<&'a str>,
    title: Option<&'a str>,
    file: &'a str,
    document: usize,
}

impl<'a> From<&'a Doc> for DocOut<'a> {
    fn from(d: &'a Doc) -> Self {
        Self {
            id: d.id.as_deref(),
            title: d.title.as_deref(),
            file: &d.file,
            document: d.document,
        }
    }
}

fn role_keys(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.key()).collect()
}

#[derive(Serialize)]
struct DirectoryOut<'a> {
    version: u32,
    summary: DirSummary,
    single_person: Vec<SingleOut<'a>>,
    people: Vec<PersonOut<'a>>,
}

#[derive(Serialize)]
struct DirSummary {
    integrations: usize,
    people: usize,
    single_person: usize,
}

#[derive(Serialize)]
struct SingleOut<'a> {
    #[serde(flatten)]
    doc: DocOut<'a>,
    person: Option<&'a str>,
}

#[derive(Serialize)]
struct PersonOut<'a> {
    person: &'a str,
    kind: &'static str,
    alone: usize,
    integrations: Vec<HeldOut<'a>>,
}

#[derive(Serialize)]
struct HeldOut<'a> {
    #[serde(flatten)]
    doc: DocOut<'a>,
    roles: Vec<&'static str>,
    alone: bool,
}

/// The directory as one JSON object.
#[must_use]
pub fn directory(dir: &Directory) -> String {
    let out = DirectoryOut {
        version: 1,
        summary: DirSummary {
            integrations: dir.integrations,
            people: dir.people.len(),
            single_person: dir.single.len(),
        },
        single_person: dir
            .single
            .iter()
            .map(|s| SingleOut {
                doc: (&s.doc).into(),
                person: s.person.as_deref(),
            })
            .collect(),
        people: dir
            .people
            .iter()
            .map(|p| PersonOut {
                person: &p.display,
                kind: p.kind.as_str(),
                alone: p.alone(),
                integrations: p
                    .integrations
                    .iter()
                    .map(|h| HeldOut {
                        doc: (&h.doc).into(),
                        roles: role_keys(&h.roles),
                        alone: h.alone,
                    })
                    .collect(),
            })
            .collect(),
    };
    to_string(&out)
}

#[derive(Serialize)]
struct HandoverOut<'a> {
    version: u32,
    person: &'a str,
    summary: HandoverSummary,
    documents: Vec<EntryOut<'a>>,
}

#[derive(Serialize)]
struct HandoverSummary {
    documents: usize,
    fields: usize,
    sole_fields: usize,
    alone: usize,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    #[serde(flatten)]
    doc: DocOut<'a>,
    alone: bool,
    fields: Vec<FieldOut<'a>>,
    candidates: Vec<CandidateOut<'a>>,
}

#[derive(Serialize)]
struct FieldOut<'a> {
    role: &'static str,
    pointer: &'a str,
    line: usize,
    app: Option<&'a str>,
    sole: bool,
    others: &'a [String],
}

#[derive(Serialize)]
struct CandidateOut<'a> {
    person: &'a str,
    mentions: usize,
    roles: Vec<&'static str>,
}

/// The handover plan as one JSON object.
#[must_use]
pub fn handover(h: &Handover) -> String {
    let out = HandoverOut {
        version: 1,
        person: &h.key,
        summary: HandoverSummary {
            documents: h.entries.len(),
            fields: h.fields(),
            sole_fields: h.sole_fields(),
            alone: h.alone(),
        },
        documents: h
            .entries
            .iter()
            .map(|e| EntryOut {
                doc: (&e.doc).into(),
                alone: e.alone,
                fields: e
                    .fields
                    .iter()
                    .map(|f| FieldOut {
                        role: f.role.key(),
                        pointer: &f.pointer,
                        line: f.line,
                        app: f.app.as_deref(),
                        sole: f.sole(),
                        others: &f.others,
                    })
                    .collect(),
                candidates: e
                    .candidates
                    .iter()
                    .map(|c| CandidateOut {
                        person: &c.person,
                        mentions: c.mentions,
                        roles: role_keys(&c.roles),
                    })
                    .collect(),
            })
            .collect(),
    };
    to_string(&out)
}

fn to_string(v: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|e| {
        serde_json::json!({ "version": 1, "error": e.to_string() }).to_string()
    });
    s.push('\n');
    s
}
