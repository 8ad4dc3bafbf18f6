//! Defence in depth, for what detection misses: text meant for output never quotes a
//! URL's user-info, a long opaque URL segment (webhook and pre-signed URLs are
//! credentials), or a long opaque token in full.

use std::borrow::Cow;
use std::ops::Range;

use super::mask::VISIBLE;
use super::urlparts::{self, is_opaque};
use crate::document::{SourceText, Span};

fn token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_-+/.~%".contains(&b)
}

/// Runs of 16 token characters or more, with up to two `=` after them: the words that
/// may be opaque tokens (`[A-Za-z0-9_\-+/.~%]{16,}={0,2}`, as a byte loop: this runs
/// over every checked file's source).
fn token_runs(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if !token_byte(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && token_byte(b[i]) {
                i += 1;
            }
            if i - start >= 16 {
                let pad = b[i..].iter().take(2).take_while(|&&c| c == b'=').count();
                i += pad;
                return Some(start..i);
            }
        }
        None
    })
}

/// The first characters of `s`, then `…`.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(VISIBLE).collect();
    out.push('…');
    out
}

/// A URL with user-info becomes `scheme://…@host/…`; one with opaque segments keeps
/// its other segments and shows only the start of each opaque one.
fn redact_url(url: &str) -> Option<String> {
    let parts = urlparts::parse(url)?;
    if parts.userinfo.is_some() {
        let rest = if parts.host.end < url.len() {
            "/…"
        } else {
            ""
        };
        return Some(format!(
            "{}…@{}{rest}",
            &url[parts.scheme], &url[parts.host]
        ));
    }
    let opaque: Vec<_> = parts
        .segments
        .into_iter()
        .filter(|r| is_opaque(&url[r.clone()]))
        .collect();
    if opaque.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    let mut at = 0;
    for r in opaque {
        out.push_str(&url[at..r.start]);
        out.push_str(&shorten(&url[r.clone()]));
        at = r.end;
    }
    out.push_str(&url[at..]);
    Some(out)
}

/// Opaque words of `text[from..to]`, as ranges of `text`.
fn opaque_words(text: &str, from: usize, to: usize, out: &mut Vec<Range<usize>>) {
    for m in token_runs(&text[from..to]) {
        let w = text[from + m.start..from + m.end].trim_end_matches('.');
        let start = from + m.start;
        // `hooks.example.com/services/…`: a URL without its scheme keeps its host.
        let host = w.split('/').next().unwrap_or_default();
        if w.contains('/') && host.contains('.') && host.bytes().any(|b| b.is_ascii_alphabetic()) {
            let url = format!("x://{w}");
            for r in urlparts::sensitive(&url) {
                out.push(start + r.start - 4..start + r.end - 4);
            }
            continue;
        }
        if is_opaque(w) {
            out.push(start..start + w.len());
        }
    }
}

/// The parts of `text` that must not be shown in full: each URL's user-info and
/// opaque segments, and long opaque tokens outside URLs.
#[must_use]
pub fn sensitive_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in urlparts::urls_in(text) {
        opaque_words(text, at, r.start, &mut out);
        out.extend(
            urlparts::sensitive(&text[r.clone()])
                .into_iter()
                .map(|s| r.start + s.start..r.start + s.end),
        );
        at = r.end;
    }
    opaque_words(text, at, text.len(), &mut out);
    out
}

/// `text` with every credential-like part shortened; borrowed when nothing changed.
#[must_use]
pub fn redact(text: &str) -> Cow<'_, str> {
    if text.len() < 16 {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut at = 0;
    let mut changed = false;
    let words = |from: usize, to: usize, out: &mut String, changed: &mut bool| {
        let mut ranges = Vec::new();
        opaque_words(text, from, to, &mut ranges);
        let mut pos = from;
        for r in ranges {
            out.push_str(&text[pos..r.start]);
            out.push_str(&shorten(&text[r.clone()]));
            pos = r.end;
            *changed = true;
        }
        out.push_str(&text[pos..to]);
    };
    for r in urlparts::urls_in(text) {
        words(at, r.start, &mut out, &mut changed);
        match redact_url(&text[r.clone()]) {
            Some(u) => {
                out.push_str(&u);
                changed = true;
            }
            None => out.push_str(&text[r.clone()]),
        }
        at = r.end;
    }
    words(at, text.len(), &mut out, &mut changed);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Owned convenience for `String` fields.
#[must_use]
pub fn redact_owned(text: String) -> String {
    match redact(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => s,
    }
}

/// Source spans to mask in snippets beyond the detected secrets: the user-info and
/// opaque segments of URLs, and opaque tokens (comments included). They are masked in
/// what is printed, and are no WB104 finding.
#[must_use]
pub fn snippet_masks(source: &SourceText) -> Vec<Span> {
    sensitive_ranges(source.text())
        .into_iter()
        .map(|r| source.span(r.start, r.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn urls_with_credentials_are_shortened() {
        assert_eq!(
            redact("`http://hooks.example.net/services/T0AB1CD2E/B0FG3HI4J5/q8ZrW2mKx7LpN4vB9cT1yH3s` uses plain HTTP"),
            "`http://hooks.example.net/services/T0AB1CD2E/B0FG3HI4J5/q8Zr…` uses plain HTTP"
        );
        assert_eq!(
            redact("tier must be one of …, found `postgres://app:S3cr3tPw@db.example.com/orders`"),
            "tier must be one of …, found `postgres://…@db.example.com/…`"
        );
        assert_eq!(
            redact("see https://x.example/?key=AIzaSyD3x9QmL2pRt7VwY8nB4qT6sKj1Hg5&q=1"),
            "see https://x.example/?key=AIza…&q=1"
        );
        assert_eq!(
            redact(
                "post to hooks.slack.com/services/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"
            ),
            "post to hooks.slack.com/services/T0AB1CD2E/B0FG3HI4J5/q8Zr…"
        );
    }

    #[test]
    fn token_runs_match_the_word_pattern() {
        let re = Regex::new(r"[A-Za-z0-9_\-+/.~%]{16,}={0,2}").unwrap();
        for text in [
            "",
            "short words only",
            "key ghp_9b3mUXozvaTiZ0b6kg5jhePWvxPd3mLqzu8N, next",
            "c2VjcmV0LXNlY3JldC0xMjM0NTY3OA== and YWJjZGVmZ2hpamtsbW5vcA=== x",
            "exactly16chars!! abcdefghijklmnop abcdefghijklmno",
            "é-abcdefghijklmnopq-é/path/to/a/file.txt~%41",
        ] {
            let want: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(token_runs(text).collect::<Vec<_>>(), want, "{text}");
        }
    }

    #[test]
    fn opaque_words_keep_four_characters_and_prose_stays() {
        assert_eq!(
            redact("value ghp_9b3mUXozvaTiZ0b6kg5jhePWvxPd3mLqzu8N is odd"),
            "value ghp_… is odd"
        );
        for plain in [
            "`https://admin.shopify.com/store/acme` uses plain HTTP",
            "duplicate metadata.id `shopify-orders-to-quickbooks-v2`",
            "see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
            "`@alice` is not a member of the organization",
            "short",
        ] {
            assert!(matches!(redact(plain), Cow::Borrowed(_)), "{plain}");
        }
    }
}
