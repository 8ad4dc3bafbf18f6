//! Finding every http(s) URL of a document, with the exact span of its text.
//!
//! Every string value is searched: the URL fields (`login_url`, `links`, `evidence`,
//! `vendor_docs`) and any free text. `screenshot` holds a file path (WB103's business)
//! and is skipped. The span is found by locating the URL inside the node's source
//! slice, so a finding points at the URL itself, not at the start of a sentence.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Node, SourceText, Span};

/// Keys whose values are never URLs to check.
const SKIPPED_KEYS: &[&str] = &["screenshot"];

/// One place a URL is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The URL as written (trailing punctuation of prose removed).
    pub raw: String,
    pub span: Span,
    /// Under a `login_url` key: 401 and 403 count as reachable.
    pub login: bool,
    /// The JSON pointer of the value holding it (filled in by the engine).
    pub pointer: String,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bhttps?://[^\s<>"'`{}|\\^\[\]]+"#).expect("URL pattern compiles")
});

/// Every URL in the string values below `root`, in source order.
#[must_use]
pub fn urls(root: &Node, source: &SourceText) -> Vec<Occurrence> {
    let mut out = Vec::new();
    root.walk_strings(|key, node| {
        if key.is_some_and(|k| SKIPPED_KEYS.contains(&k)) {
            return;
        }
        let Some(text) = node.as_str() else {
            return;
        };
        // Most values hold no URL: a substring test is much cheaper than the pattern.
        if !text.contains("://") {
            return;
        }
        let login = key == Some("login_url");
        let slice = source
            .text()
            .get(node.span.start..node.span.end)
            .unwrap_or("");
        let mut search_from = 0;
        for raw in find_in_text(text) {
            let span = match slice[search_from..].find(raw) {
                Some(at) => {
                    let start = node.span.start + search_from + at;
                    search_from += at + raw.len();
                    source.span(start, start + raw.len())
                }
                // Escapes or folding changed the text: point at the value.
                None => node.span,
            };
            out.push(Occurrence {
                raw: raw.to_owned(),
                span,
                login,
                pointer: String::new(),
            });
        }
    });
    out.sort_by_key(|o| o.span.start);
    out
}

/// The URLs in a piece of text, with prose punctuation trimmed.
#[must_use]
pub fn find_in_text(text: &str) -> Vec<&str> {
    URL.find_iter(text).map(|m| trim(m.as_str())).collect()
}

/// Drops trailing sentence punctuation and a closing bracket that has no opening
/// partner inside the URL (`(see https://x.example/a)` → `https://x.example/a`).
fn trim(mut url: &str) -> &str {
    loop {
        let before = url;
        url = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*']);
        if url.ends_with(')') && url.matches('(').count() < url.matches(')').count() {
            url = &url[..url.len() - 1];
        }
        if url == before {
            return url;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    fn extract(yaml: &str) -> Vec<(String, String, bool)> {
        let source = SourceText::new(yaml.to_owned());
        let parsed = parse(&source);
        let mut all = Vec::new();
        for doc in parsed.documents {
            for o in urls(&doc.root, &source) {
                let at = source.text()[o.span.start..o.span.end].to_owned();
                assert_eq!(
                    source.position(o.span.start),
                    (o.span.line, o.span.column),
                    "line/column match the offset"
                );
                all.push((o.raw, at, o.login));
            }
        }
        all
    }

    #[test]
    fn url_fields_and_free_text_with_exact_spans() {
        let yaml = "\
spec:
  primary:
    access:
      login_url: https://admin.example.com/store
    screenshot: https://not-a-link.example/img.png
    links: [https://a.example/docs, \"https://b.example/q?x=1\"]
    purpose: See https://c.example/page (and https://d.example/x(y)). Done.
  security:
    vendor_certifications:
      - {name: SOC 2, evidence: 'https://e.example/soc2'}
    compliance:
      notes: |
        Signed DPA: https://f.example/dpa, and
        the same link again https://f.example/dpa.
      vendor_docs:
        - https://g.example/legal
";
        let got = extract(yaml);
        let found: Vec<&str> = got.iter().map(|(r, _, _)| r.as_str()).collect();
        assert_eq!(
            found,
            [
                "https://admin.example.com/store",
                "https://a.example/docs",
                "https://b.example/q?x=1",
                "https://c.example/page",
                "https://d.example/x(y)",
                "https://e.example/soc2",
                "https://f.example/dpa",
                "https://f.example/dpa",
                "https://g.example/legal",
            ]
        );
        for (raw, at, _) in &got {
            assert_eq!(raw, at, "the span covers exactly the URL");
        }
        assert!(got[0].2, "login_url is marked");
        assert!(!got[1].2);
        // The repeated URL in the block scalar gets two distinct spans.
        let src = SourceText::new(yaml.to_owned());
        let parsed = parse(&src);
        let occ = urls(&parsed.documents[0].root, &src);
        assert_ne!(occ[6].span.start, occ[7].span.start);
        assert_eq!(occ[0].span.line, 4);
        assert_eq!(occ[0].span.column, 18);
    }

    #[test]
    fn prose_punctuation_is_trimmed() {
        assert_eq!(
            find_in_text("go to https://x.example/a. Or (https://y.example/b), ok?"),
            ["https://x.example/a", "https://y.example/b"]
        );
        assert_eq!(
            find_in_text("no links, ftp://x.example"),
            Vec::<&str>::new()
        );
        assert_eq!(
            find_in_text("HTTP://UPPER.example/Path"),
            ["HTTP://UPPER.example/Path"]
        );
    }
}
