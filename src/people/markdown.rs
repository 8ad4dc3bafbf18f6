//! `--format markdown` of `wirebook people` and `wirebook offboard` (also the body of
//! the handover issue).

use std::fmt::Write;

use super::directory::Directory;
use super::handover::{Entry, Field, Handover};
use super::{Doc, Role};
use crate::github::body::mention;

/// Escapes document text for Markdown (table cells included): punctuation and
/// inline HTML are backslash-escaped, newlines become spaces.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A code span for plain text (paths, ids, pointers), else escaped text.
#[must_use]
pub fn code(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./@:~ ".contains(c))
    {
        format!("`{s}`")
    } else {
        escape(s)
    }
}

/// A person: `@handle`, or anything else in code.
fn who(person: &str) -> String {
    let m = mention(person);
    if m.starts_with('@') {
        m
    } else {
        code(person)
    }
}

/// `**Title** (`id`)`.
fn doc_name(doc: &Doc) -> String {
    match (&doc.title, &doc.id) {
        (Some(t), Some(id)) => format!("**{}** ({})", escape(t), code(id)),
        _ => format!("**{}**", escape(doc.name())),
    }
}

/// `Title (`id`)`, for a heading.
fn doc_heading(doc: &Doc) -> String {
    match (&doc.title, &doc.id) {
        (Some(t), Some(id)) => format!("{} ({})", escape(t), code(id)),
        _ => escape(doc.name()),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn roles(list: &[Role]) -> String {
    list.iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "5 people and teams named in 4 integrations; 2 integrations depend on a single
/// person." (plain text).
#[must_use]
pub fn summary(dir: &Directory) -> String {
    format!(
        "{} named in {}; {} on a single person.",
        match dir.people.len() {
            1 => "1 person or team".to_owned(),
            n => format!("{n} people and teams"),
        },
        plural(dir.integrations, "integration"),
        match dir.single.len() {
            1 => "1 integration depends".to_owned(),
            n => format!("{n} integrations depend"),
        }
    )
}

/// The directory of `wirebook people`.
#[must_use]
pub fn directory(dir: &Directory) -> String {
    let mut out = String::from("# People\n\n");
    let _ = writeln!(out, "{}\n", escape(&summary(dir)));
    out.push_str("## Integrations that depend on a single person\n\n");
    if dir.single.is_empty() {
        out.push_str(
            "None: every integration names at least two people among its owners and contacts.\n\n",
        );
    } else {
        out.push_str("Fewer than two distinct people among owners and contacts (WB307): when that person is away or leaves, nobody else is known to understand the integration.\n\n| integration | file | the only person |\n|---|---|---|\n");
        for s in &dir.single {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                doc_name(&s.doc),
                code(&s.doc.file),
                s.person.as_deref().map_or_else(|| "nobody".to_owned(), who)
            );
        }
        out.push('\n');
    }
    out.push_str("## People\n");
    if dir.people.is_empty() {
        out.push_str("\nNo person or team is named.\n");
    }
    for p in &dir.people {
        let _ = write!(
            out,
            "\n### {}\n\n{} · {}",
            who(&p.display),
            p.kind.as_str(),
            plural(p.integrations.len(), "integration")
        );
        let alone = p.alone();
        if alone > 0 {
            let _ = write!(out, ", **{alone} alone**");
        }
        out.push_str("\n\n| integration | file | roles |\n|---|---|---|\n");
        for h in &p.integrations {
            let mark = if h.alone {
                " · **the only person**"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| {}{mark} | {} | {} |",
                doc_name(&h.doc),
                code(&h.doc.file),
                roles(&h.roles)
            );
        }
    }
    out
}

/// How a handover is written: with a heading (the command) or without (the issue,
/// whose title says it), and how a `file:line` place is shown.
pub struct Style<'a> {
    pub heading: bool,
    pub place: &'a dyn Fn(&str, usize) -> String,
}

/// `` `file:line` ``.
#[must_use]
pub fn plain_place(file: &str, line: usize) -> String {
    code(&format!("{file}:{line}"))
}

fn field_line(e: &Entry, f: &Field, style: &Style<'_>) -> String {
    let mut line = format!("- [ ] {}", f.role.label());
    if let Some(app) = &f.app {
        let _ = write!(line, " ({})", escape(app));
    }
    let _ = write!(
        line,
        " · {} · {}",
        code(&f.pointer),
        (style.place)(&e.doc.file, f.line)
    );
    if f.sole() {
        line.push_str(" · **nobody else**");
    } else {
        let others: Vec<String> = f.others.iter().map(|o| who(o)).collect();
        let _ = write!(line, " · also {}", others.join(", "));
    }
    line.push('\n');
    line
}

/// The handover plan of `wirebook offboard`.
#[must_use]
pub fn handover(h: &Handover, style: &Style<'_>) -> String {
    let me = who(&h.key);
    let mut out = String::new();
    if style.heading {
        let _ = writeln!(out, "# Handover before {me} leaves\n");
    }
    if h.entries.is_empty() {
        let _ = writeln!(out, "No document names {me}: nothing to hand over.");
        return out;
    }
    let _ = writeln!(
        out,
        "{me} is named in {}, in {}; {} nobody else, and {} on {me} alone.",
        plural(h.entries.len(), "document"),
        plural(h.fields(), "field"),
        match h.sole_fields() {
            1 => "1 of them names".to_owned(),
            n => format!("{n} of them name"),
        },
        match h.alone() {
            1 => "1 integration depends".to_owned(),
            n => format!("{n} integrations depend"),
        }
    );
    for e in &h.entries {
        let _ = write!(out, "\n## {}\n\n{}", doc_heading(&e.doc), code(&e.doc.file));
        if e.doc.document > 0 {
            let _ = write!(out, " (document {})", e.doc.document + 1);
        }
        out.push_str("\n\n");
        if e.alone {
            let _ = writeln!(
                out,
                "**{me} is the only person among its owners and contacts.**\n"
            );
        }
        for f in &e.fields {
            out.push_str(&field_line(e, f, style));
        }
        if e.candidates.is_empty() {
            out.push_str("\nCandidates: nobody else is named in this document.\n");
        } else {
            let list: Vec<String> = e
                .candidates
                .iter()
                .map(|c| format!("{} ({})", who(&c.person), roles(&c.roles)))
                .collect();
            let _ = writeln!(
                out,
                "\nCandidates, most involved first: {}.",
                list.join(", ")
            );
        }
    }
    out
}
