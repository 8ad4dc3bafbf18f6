//! The GitHub issue "Handover before @handle leaves": one per person, found again by
//! the hidden marker `<!-- wirebook:handover=<person> fp=<fingerprint> -->` (which the
//! sweep's document marker never matches, so the two never touch each other's
//! issues). The fingerprint hashes the plan (places, roles, candidates), not the
//! commit, so an unchanged plan causes no write. The sweep's planner and runner
//! ([`crate::github::plan`], [`crate::github::sync`]) do the rest.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::handover::Handover;
use super::markdown::{self, Style};
use crate::github::body::{Links, MAX_BODY};
use crate::github::gaps::Place;
use crate::github::plan::Desired;
use crate::github::sync::Kind;

/// Bumped when the body layout changes, so every issue is rewritten once.
const LAYOUT: &str = "wirebook-handover-v1";

/// The person as the marker writes them: lower-case, and every byte outside
/// `[a-z0-9@._+/-]` percent-encoded (lower-case hex), so the marker stays one clean
/// HTML comment.
#[must_use]
pub fn marker_id(key: &str) -> String {
    let mut out = String::new();
    for b in key.to_lowercase().bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() || b"@._+/-".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02x}");
        }
    }
    out
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!-- wirebook:handover=([a-z0-9@._+/%-]+) fp=([0-9a-f]+) -->").unwrap()
});

/// The `(person, fingerprint)` of a handover marker.
#[must_use]
pub fn parse_marker(body: &str) -> Option<(String, Option<String>)> {
    let c = MARKER.captures(body)?;
    Some((c[1].to_owned(), Some(c[2].to_owned())))
}

fn closing(id: &str, _at: &str) -> String {
    format!(
        "No wirebook document names `{id}` any more: the handover is complete. Closing. \
         If a document names them again, the next `wirebook offboard --issue` reopens this issue."
    )
}

/// Handover issues for [`crate::github::sync::apply_kind`].
pub const HANDOVER: Kind = Kind {
    marker: parse_marker,
    closing,
};

/// `Handover before @dave leaves`.
#[must_use]
pub fn title(key: &str) -> String {
    let who: String = key.chars().take(120).collect();
    format!("Handover before {who} leaves")
}

fn fingerprint(h: &Handover, place: &Place) -> String {
    let mut hash = Sha256::new();
    let mut field = |s: &str| {
        hash.update(s.as_bytes());
        hash.update([0u8]);
    };
    field(LAYOUT);
    field(&h.key);
    for e in &h.entries {
        field("doc");
        field(&place.relative(&e.doc.file));
        field(&e.doc.document.to_string());
        field(e.doc.id.as_deref().unwrap_or(""));
        field(e.doc.title.as_deref().unwrap_or(""));
        field(if e.alone { "alone" } else { "" });
        for f in &e.fields {
            field(f.role.key());
            field(&f.pointer);
            field(&f.line.to_string());
            field(f.app.as_deref().unwrap_or(""));
            field(&f.others.join("\n"));
        }
        for c in &e.candidates {
            field(&c.person);
            field(&c.mentions.to_string());
        }
    }
    hash.finalize()[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn link(links: &Links, file: &str, line: usize) -> String {
    let place = format!("{file}:{line}");
    match &links.sha {
        Some(sha) => {
            let path: Vec<String> = file.split('/').map(crate::github::client::enc).collect();
            format!(
                "[{place}]({}/{}/blob/{sha}/{}#L{line})",
                links.server.trim_end_matches('/'),
                links.repo,
                path.join("/")
            )
        }
        None => markdown::plain_place(file, line),
    }
}

/// The body: marker, the plan with links at the commit, a footer; kept under
/// GitHub's limit.
fn body(h: &Handover, place: &Place, fp: &str) -> String {
    // Paths relative to the repository root, as the links need them.
    let mut rel = h.clone();
    for e in &mut rel.entries {
        e.doc.file = place.relative(&e.doc.file);
    }
    let plan = markdown::handover(
        &rel,
        &Style {
            heading: false,
            place: &|file, line| link(&place.links, file, line),
        },
    );
    let foot = "\n---\nReplace each item in the document with the person who takes it over. \
                The next `wirebook offboard --issue` updates this issue, and closes it when no \
                document names them any more; `wirebook offboard` shows the same plan locally.\n";
    let mut out = format!("<!-- wirebook:handover={} fp={fp} -->\n", marker_id(&h.key));
    let room = MAX_BODY.saturating_sub(out.len() + foot.len() + 200);
    if plan.len() <= room {
        out.push_str(&plan);
    } else {
        let mut cut = room;
        while !plan.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = plan[..cut].rfind('\n').map_or(cut, |i| i + 1);
        out.push_str(&plan[..cut]);
        out.push_str(
            "\n> **Note:** the rest of the plan is not listed: GitHub limits an issue to \
             65,536 characters. Run `wirebook offboard` for the full plan.\n",
        );
    }
    out.push_str(foot);
    out
}

/// The issue the plan should be, or `None` when no document names the person (the
/// planner then closes an open one).
#[must_use]
pub fn desired(h: &Handover, place: &Place) -> Option<Desired> {
    if h.entries.is_empty() {
        return None;
    }
    let fp = fingerprint(h, place);
    Some(Desired {
        id: marker_id(&h.key),
        title: title(&h.key),
        body: body(h, place, &fp),
        fingerprint: fp,
        assignees: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};
    use crate::people::{extract, handover};

    fn place() -> Place {
        Place {
            root: std::path::PathBuf::from("/nonexistent-root"),
            links: Links {
                server: "https://github.example".into(),
                repo: "acme/docs".into(),
                sha: Some("0123456789abcdef".into()),
            },
        }
    }

    fn plan(yaml: &str) -> Handover {
        let src = SourceText::new(yaml.to_owned());
        handover::plan(
            &[extract("int/a b.yaml", 0, &parse(&src).documents[0].root)],
            "@Dave",
        )
    }

    #[test]
    fn marker_round_trips_and_never_reads_as_a_document_marker() {
        let h = plan("metadata:\n  id: a\n  owners: [\"@dave\", \"@bob\"]\n");
        let d = desired(&h, &place()).unwrap();
        assert_eq!(d.title, "Handover before @dave leaves");
        assert_eq!(
            parse_marker(&d.body),
            Some(("@dave".into(), Some(d.fingerprint.clone())))
        );
        assert_eq!(crate::github::body::parse_marker(&d.body), None);
        assert!(d.body.contains(
            "[int/a b.yaml:3](https://github.example/acme/docs/blob/0123456789abcdef/int/a%20b.yaml#L3)"
        ), "{}", d.body);
        assert_eq!(marker_id("Ops Team,@x"), "ops%20team%2c@x");
        let body = format!(
            "<!-- wirebook:handover={} fp=ab -->",
            marker_id("Ops Team,@x")
        );
        assert_eq!(parse_marker(&body).unwrap().0, "ops%20team%2c@x");
        assert!(desired(&plan("metadata:\n  owners: [\"@bob\"]\n"), &place()).is_none());
    }

    #[test]
    fn fingerprint_follows_the_plan_not_the_commit() {
        let h = plan("metadata:\n  id: a\n  owners: [\"@dave\", \"@bob\"]\n");
        let mut other = place();
        other.links.sha = Some("fedcba9876543210".into());
        assert_eq!(fingerprint(&h, &place()), fingerprint(&h, &other));
        let moved = plan("metadata:\n  id: a\n  owners:\n    - \"@dave\"\n    - \"@bob\"\n");
        assert_ne!(fingerprint(&h, &place()), fingerprint(&moved, &place()));
    }
}
