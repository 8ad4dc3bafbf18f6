use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Finding, Rule, RuleMeta};
use crate::diagnostic::{Applicability, Change, Fix};
use crate::document::{Node, SourceText, Span};

declare_rule! {
    /// ## What it does
    /// Warns about every `http://` URL in any string of the document: `login_url`,
    /// `links`, `evidence`, and URLs inside free text such as `notes` or `workaround`.
    /// Each finding is at the URL itself. Loopback URLs (`localhost`, `*.localhost`,
    /// `127.0.0.0/8`, `[::1]`) are skipped: their traffic never leaves the machine.
    ///
    /// ## Why is this bad?
    /// Plain HTTP can be read and altered by anyone on the network path. A login page
    /// served over HTTP sends credentials in clear text, and a documented `http://`
    /// link teaches the next person to use it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     access:
    ///       login_url: http://admin.shopify.com/store/acme
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     access:
    ///       login_url: https://admin.shopify.com/store/acme
    /// ```
    pub InsecureUrl { id: "WB406", name: "insecure-url", severity: Warning, summary: "a URL in the document uses `http://`" }
}

static HTTP_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bhttp://[^\s<>"'`\\]+"#).expect("URL pattern compiles")
});

impl Rule for InsecureUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        if !may_hold_http(cx.source.text()) {
            return;
        }
        cx.root.walk_strings(|_, node| {
            for (url, span) in insecure_urls(node, cx.source) {
                let mut f = Finding::new(&Self::META, span, format!("`{url}` uses plain HTTP"))
                    .help(format!(
                        "use `https://{}` (check that it works); plain HTTP can be read \
                         and altered in transit",
                        &url["http://".len()..]
                    ));
                // Only the scheme is rewritten: the rest of the URL is never re-written.
                let scheme = cx.source.text().get(span.start..span.start + 4);
                if let Some(scheme) = scheme.filter(|s| s.eq_ignore_ascii_case("http") && span.len() > 7) {
                    f = f.fix(Fix {
                        applicability: Applicability::Unsafe,
                        description: "use `https://` (check that the site answers on HTTPS)".to_owned(),
                        changes: vec![Change::ReplaceText {
                            span: Span { end: span.start + 4, ..span },
                            from: scheme.to_owned(),
                            to: "https".to_owned(),
                        }],
                    });
                }
                out.push(f);
            }
        });
    }
}

/// Can a string of this file hold `http://`? Only if the source spells it (any case), or
/// has a backslash: only a double-quoted escape can make a value's text differ from the source
/// but for folded line breaks, and a fold always leaves a space or a newline, never
/// joins `http:` and `//`. One pass over the file instead of one per string.
fn may_hold_http(source: &str) -> bool {
    memchr::memchr(b'\\', source.as_bytes()).is_some() || has_http(source)
}

/// Does `text` hold `http://` (the scheme in any case)?
fn has_http(text: &str) -> bool {
    crate::secrets::urlparts::scheme_separators(text)
        .any(|i| i >= 4 && text.as_bytes()[i - 4..i].eq_ignore_ascii_case(b"http"))
}

/// The non-loopback `http://` URLs in a string node, each with its exact span (or
/// the node's span when the URL is written with escapes).
fn insecure_urls<'n>(node: &'n Node, source: &SourceText) -> Vec<(&'n str, Span)> {
    let Some(text) = node.as_str() else {
        return Vec::new();
    };
    // Most values hold no `http://`: a substring test is much cheaper than the pattern.
    if !has_http(text) {
        return Vec::new();
    }
    let raw = source
        .text()
        .get(node.span.start..node.span.end)
        .unwrap_or_default();
    let mut cursor = 0;
    let mut found = Vec::new();
    for m in HTTP_URL.find_iter(text) {
        let url = trim_trailing(m.as_str());
        if url.len() <= "http://".len() || is_loopback(url) {
            continue;
        }
        let span = match raw[cursor..].find(url) {
            Some(at) => {
                let start = node.span.start + cursor + at;
                cursor += at + url.len();
                source.span(start, start + url.len())
            }
            None => node.span,
        };
        found.push((url, span));
    }
    found
}

/// Drops sentence punctuation after a URL in prose: `(see http://x.example/a).`
fn trim_trailing(mut url: &str) -> &str {
    loop {
        let Some(last) = url.chars().last() else {
            return url;
        };
        let unbalanced = |open, close| {
            last == close && url.matches(open).count() < url.matches(close).count()
        };
        if ".,;:!?*".contains(last) || unbalanced('(', ')') || unbalanced('[', ']') {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            return url;
        }
    }
}

fn is_loopback(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    match parsed.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    /// (line, column, the source text at the span) of each finding.
    fn urls(yaml: &str) -> Vec<(usize, usize, String)> {
        let full = format!(
            "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {{id: x, title: X}}\n{yaml}"
        );
        findings("WB406", yaml, "2026-11-29", &Config::default())
            .into_iter()
            .map(|d| (d.span.line, d.span.column, full[d.span.start..d.span.end].to_owned()))
            .collect()
    }

    #[test]
    fn a_url_spelled_with_escapes_is_found_though_the_source_never_says_http() {
        // `\x68` is `h` and `\/` is `/`: the value is `http://e.example/a`.
        let yaml = "spec:\n  primary:\n    app: A\n    purpose: \"see \\x68ttp:\\/\\/e.example/a\"\n";
        assert!(!has_http(yaml));
        let found = urls(yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 7);
        // Folding never joins `http:` and `//`: a plain scalar over two lines is prose.
        let folded = "spec:\n  primary:\n    app: A\n    purpose: see http:\n      //e.example/a\n";
        assert!(!may_hold_http(folded));
        assert!(urls(folded).is_empty());
    }

    #[test]
    fn urls_in_values_and_free_text_at_their_exact_place() {
        let yaml = "spec:\n  primary:\n    app: A\n    access: {login_url: \"http://a.example/login\"}\n    \
                    purpose: Sync; see http://b.example/x (and HTTP://c.example/y). Also https://d.example\n    \
                    links: [http://b.example/x]\n";
        assert_eq!(
            urls(yaml),
            [
                (7, 26, "http://a.example/login".to_owned()),
                (8, 24, "http://b.example/x".to_owned()),
                (8, 48, "HTTP://c.example/y".to_owned()),
                (9, 13, "http://b.example/x".to_owned()),
            ]
        );
    }

    #[test]
    fn block_scalars_repeats_and_multibyte_text() {
        let yaml = "spec:\n  primary:\n    app: Ä\n    purpose: |\n      Größe: http://x.example/a\n      \
                    again http://x.example/a, done\n";
        assert_eq!(
            urls(yaml),
            [(8, 14, "http://x.example/a".to_owned()), (9, 13, "http://x.example/a".to_owned())]
        );
    }

    #[test]
    fn loopback_and_non_urls_are_skipped() {
        let yaml = "spec:\n  primary:\n    app: A\n    purpose: http://localhost:8080/x http://127.0.0.1/ \
                    http://[::1]:9/ http://api.localhost/ http:// vault://kv/x https://a.example\n";
        assert!(urls(yaml).is_empty(), "{:?}", urls(yaml));
    }

    #[test]
    fn escaped_urls_fall_back_to_the_node() {
        let yaml = "spec:\n  primary:\n    app: A\n    purpose: \"http://a.example/\\x41\"\n";
        assert_eq!(urls(yaml), [(7, 14, "\"http://a.example/\\x41\"".to_owned())]);
    }

    #[test]
    fn trims_prose_punctuation() {
        assert_eq!(trim_trailing("http://a.example/x)."), "http://a.example/x");
        assert_eq!(trim_trailing("http://a.example/wiki/A_(b)"), "http://a.example/wiki/A_(b)");
        assert_eq!(trim_trailing("http://a.example/x,"), "http://a.example/x");
    }
}
