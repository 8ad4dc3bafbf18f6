//! Inline suppressions (SPEC section 7): `# wirebook: ignore[WB307,WB102] reason`
//! as a trailing comment (that line), on a line of its own (the next line that holds
//! content), or `# wirebook: ignore-document[WB102] reason` (the whole document).
//!
//! A suppressed finding leaves every output and the exit code but is kept (SARIF lists
//! it with its reason). A suppression that suppresses nothing, or names an unknown rule,
//! is WB005; one without a reason still works and is WB006. WB001 cannot be suppressed,
//! and WB005/WB006 themselves are not suppressible (turn them off in `wirebook.toml`).

mod comments;

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::document::{Node, SourceText, Span};
use crate::rules::{Finding, SuppressionWithoutReason, UnusedSuppression};

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Findings starting on this 1-based line.
    Line(usize),
    /// Every finding of the document with this index in the stream.
    Document(usize),
}

/// One rule named in a suppression, and whether it suppressed anything.
#[derive(Debug, Clone)]
pub struct Named {
    /// As written (`WB307`), upper-cased for matching.
    pub id: String,
    pub span: Span,
    pub known: bool,
    pub used: bool,
}

/// One `# wirebook: ignore[...]` comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub span: Span,
    pub scope: Scope,
    pub rules: Vec<Named>,
    pub reason: Option<String>,
    /// The document the comment belongs to (index in the stream).
    pub doc: Option<usize>,
    /// A `wirebook:` comment that could not be read as a suppression.
    pub malformed: bool,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*wirebook\s*:\s*ignore(-document)?\s*\[([^\]]*)\]\s*(.*)$")
        .expect("valid regex")
});
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*wirebook\s*:").expect("valid regex"));

/// The suppressions of one file. `docs` are (stream index, root) of its documents.
#[must_use]
pub fn directives(source: &SourceText, docs: &[(usize, &Node)]) -> Vec<Directive> {
    let text = source.text();
    if !mentions_directive(text) {
        return Vec::new();
    }
    let roots: Vec<&Node> = docs.iter().map(|(_, n)| *n).collect();
    let all = comments::comments(text, &roots, |o| source.position(o));
    let mut out = Vec::new();
    for c in &all {
        if !MENTION.is_match(&c.text) {
            continue;
        }
        let doc = document_of(docs, c.span.start);
        let Some(caps) = DIRECTIVE.captures(&c.text) else {
            out.push(Directive {
                span: c.span,
                scope: Scope::Line(c.span.line),
                rules: Vec::new(),
                reason: None,
                doc,
                malformed: true,
            });
            continue;
        };
        let list = caps.get(2).expect("group 2 always matches");
        let base = c.span.start + 1 + list.start();
        let mut rules = Vec::new();
        let mut offset = 0;
        for part in list.as_str().split(',') {
            let trimmed = part.trim();
            let lead = part.len() - part.trim_start().len();
            if !trimmed.is_empty() {
                let start = base + offset + lead;
                let id = trimmed.to_ascii_uppercase();
                let known = crate::rules::by_id(trimmed).is_some_and(|m| m.id == id);
                let (line, column) = source.position(start);
                rules.push(Named {
                    id,
                    span: Span {
                        start,
                        end: start + trimmed.len(),
                        line,
                        column,
                    },
                    known,
                    used: false,
                });
            }
            offset += part.len() + 1;
        }
        let reason = caps
            .get(3)
            .map(|m| {
                m.as_str()
                    .trim_start_matches([':', '-', '—', '–', ' ', '\t'])
                    .trim()
            })
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        let scope = if caps.get(1).is_some() {
            match doc {
                Some(d) => Scope::Document(d),
                None => Scope::Line(c.span.line),
            }
        } else if c.own_line {
            Scope::Line(next_content_line(text, c.span.end, source).unwrap_or(c.span.line))
        } else {
            Scope::Line(c.span.line)
        };
        out.push(Directive {
            span: c.span,
            scope,
            rules,
            reason,
            doc,
            malformed: false,
        });
    }
    out
}

/// Does `text` hold `wirebook` followed by `:` (blanks between allowed) anywhere? A
/// cheap test before comments are looked for: `wirebook.dev/v1` alone does not count.
fn mentions_directive(text: &str) -> bool {
    static WORD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"wirebook"));
    WORD.find_iter(text.as_bytes()).any(|i| {
        text[i + "wirebook".len()..]
            .trim_start_matches([' ', '\t'])
            .starts_with(':')
    })
}

/// The document a comment at `offset` belongs to: the one holding it, else the next
/// one (a comment above the first key belongs to the document that follows), else the
/// last.
fn document_of(docs: &[(usize, &Node)], offset: usize) -> Option<usize> {
    docs.iter()
        .find(|(_, root)| root.span.end >= offset)
        .or_else(|| docs.last())
        .map(|(i, _)| *i)
}

/// The 1-based number of the first line after `from` that holds something other than
/// blanks and comments.
fn next_content_line(text: &str, from: usize, source: &SourceText) -> Option<usize> {
    let mut at = from;
    while at < text.len() {
        let end = text[at..].find(['\n', '\r']).map_or(text.len(), |e| at + e);
        let line = text[at..end].trim();
        if !line.is_empty() && !line.starts_with('#') && line != "---" && line != "..." {
            return Some(source.position(at).0);
        }
        at = end + 1;
    }
    None
}

impl Directive {
    /// Does this suppression cover `d`? Marks the rule as used when it does.
    fn covers(&mut self, d: &Diagnostic) -> bool {
        if self.malformed {
            return false;
        }
        let in_scope = match self.scope {
            Scope::Line(line) => d.span.line == line,
            Scope::Document(doc) => d.doc == Some(doc),
        };
        if !in_scope {
            return false;
        }
        match self.rules.iter_mut().find(|r| r.known && r.id == d.rule) {
            Some(r) => {
                r.used = true;
                true
            }
            None => false,
        }
    }
}

/// Rules whose findings can never be suppressed.
const UNSUPPRESSIBLE: &[&str] = &["WB001", "WB005", "WB006"];

/// Moves the findings `directives` cover from `diagnostics` to `suppressed` (with the
/// reason).
pub fn apply(
    directives: &mut [Directive],
    diagnostics: &mut Vec<Diagnostic>,
    suppressed: &mut Vec<(Diagnostic, Option<String>)>,
) {
    if directives.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        if UNSUPPRESSIBLE.contains(&d.rule) {
            return true;
        }
        for dir in directives.iter_mut() {
            if dir.covers(d) {
                suppressed.push((d.clone(), dir.reason.clone()));
                return false;
            }
        }
        true
    });
}

/// WB005 for every rule named without effect when `report(rule)` says so (it ran, and
/// is settled now: the link rules are settled after the link check); with `first`, also
/// WB005 for unknown rules and comments that are not suppressions, and WB006 for every
/// suppression without a reason.
#[must_use]
pub fn leftovers(
    directives: &[Directive],
    report: &dyn Fn(&str) -> bool,
    first: bool,
) -> Vec<(Option<usize>, Finding)> {
    let mut out = Vec::new();
    for d in directives {
        if d.malformed && first {
            out.push((
                d.doc,
                Finding::new(
                    &UnusedSuppression::META,
                    d.span,
                    "`wirebook:` comment is not a suppression wirebook understands",
                )
                .help("write `# wirebook: ignore[WB307] reason` or `# wirebook: ignore-document[WB102] reason`"),
            ));
            continue;
        }
        for r in &d.rules {
            if r.used {
                continue;
            }
            if !r.known && first {
                out.push((
                    d.doc,
                    Finding::new(
                        &UnusedSuppression::META,
                        r.span,
                        format!("suppression names an unknown rule `{}`", r.id),
                    )
                    .help("`wirebook rule` lists every rule ID; fix the ID or remove it"),
                ));
            } else if r.known && report(&r.id) {
                let place = match d.scope {
                    Scope::Line(l) => format!("on line {l}"),
                    Scope::Document(_) => "in this document".to_owned(),
                };
                out.push((
                    d.doc,
                    Finding::new(
                        &UnusedSuppression::META,
                        r.span,
                        format!("suppression of {} is unused: no {} finding {place}", r.id, r.id),
                    )
                    .help("the finding it was written for is gone: remove the rule from the comment (or the whole comment)"),
                ));
            }
        }
        if first && !d.malformed && d.reason.is_none() && !d.rules.is_empty() {
            out.push((
                d.doc,
                Finding::new(&SuppressionWithoutReason::META, d.span, "suppression gives no reason")
                    .help("say why the finding does not apply after the brackets, e.g. `# wirebook: ignore[WB307] a team of one until Q3`"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    fn dirs(text: &str) -> Vec<Directive> {
        let src = SourceText::new(text.to_owned());
        let parsed = parse(&src);
        let docs: Vec<(usize, &Node)> = parsed
            .documents
            .iter()
            .map(|d| (d.index, &d.root))
            .collect();
        directives(&src, &docs)
    }

    #[test]
    fn forms_and_scopes() {
        let d = dirs(
            "a: 1  # wirebook: ignore[WB307] one person team\n# wirebook: ignore[wb102, WB999]\n\n# other\nb: 2\n---\n# wirebook: ignore-document[WB401] - reviewed elsewhere\nc: 3\n",
        );
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].scope, Scope::Line(1));
        assert_eq!(d[0].reason.as_deref(), Some("one person team"));
        assert_eq!(d[1].scope, Scope::Line(5), "the next line with content");
        assert_eq!(d[1].reason, None);
        assert_eq!(
            d[1].rules
                .iter()
                .map(|r| (r.id.as_str(), r.known))
                .collect::<Vec<_>>(),
            [("WB102", true), ("WB999", false)]
        );
        assert_eq!(d[2].scope, Scope::Document(1));
        assert_eq!(d[2].reason.as_deref(), Some("reviewed elsewhere"));
        let text = "# wirebook: ignore[wb102, WB999]\nb: 2\n";
        let d = dirs(text);
        let r = &d[0].rules[1];
        assert_eq!(&text[r.span.start..r.span.end], "WB999");
    }

    #[test]
    fn malformed_mentions_are_kept_for_wb005() {
        let d = dirs("a: 1 # wirebook: ignore WB307\nb: 2 # not about wirebook\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].malformed);
    }
}
