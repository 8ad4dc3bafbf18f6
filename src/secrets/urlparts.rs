//! The parts of a URL that can carry a credential: the user-info, and path segments,
//! query values or a fragment that are long opaque tokens (webhook and pre-signed URLs
//! are credentials as a whole). Shared by detection, snippet masking and redaction.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::entropy;

/// The `://` of every URL in `text`, by offset.
pub fn scheme_separators(text: &str) -> impl Iterator<Item = usize> + '_ {
    // A substring search, not a `:` search: YAML has a `:` on nearly every line.
    // (`://` cannot overlap itself, so non-overlapping matches are all of them.) The
    // searcher is built once: building one costs more than searching a short value does.
    static SEPARATOR: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"://"));
    SEPARATOR.find_iter(text.as_bytes())
}

/// Any `scheme://…` in text, up to whitespace or a quote.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b[a-z][a-z0-9+.-]{1,30}://[^\s<>"'\x60]+"#).expect("URL pattern compiles")
});

/// The URLs of a text, trailing sentence punctuation removed.
pub fn urls_in(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    URL.find_iter(text).map(|m| {
        let url = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '*']);
        m.start()..m.start() + url.len()
    })
}

/// Byte ranges inside one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// `scheme://`
    pub scheme: Range<usize>,
    /// `user:password` (without the `@`), when present.
    pub userinfo: Option<Range<usize>>,
    /// The password inside the user-info.
    pub password: Option<Range<usize>>,
    /// Host and port.
    pub host: Range<usize>,
    /// Path segments, query values and the fragment, in order.
    pub segments: Vec<Range<usize>>,
}

/// Splits `url` (which starts with `scheme://`).
#[must_use]
pub fn parse(url: &str) -> Option<Parts> {
    let scheme_end = scheme_separators(url).next()? + 3;
    let rest = &url[scheme_end..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let (userinfo, password, host) = match authority.rfind('@') {
        Some(at) => {
            let ui = scheme_end..scheme_end + at;
            let pw = authority[..at]
                .find(':')
                .map(|c| scheme_end + c + 1..scheme_end + at);
            (
                Some(ui),
                pw,
                scheme_end + at + 1..scheme_end + authority_len,
            )
        }
        None => (None, None, scheme_end..scheme_end + authority_len),
    };
    let mut segments = Vec::new();
    let mut at = host.end;
    let tail = &url[at..];
    let (path, query_frag) = tail.split_at(tail.find(['?', '#']).unwrap_or(tail.len()));
    for seg in path.split('/') {
        if !seg.is_empty() {
            let start = at + path_offset(&url[at..], seg);
            segments.push(start..start + seg.len());
            at = start + seg.len();
        }
    }
    let qf_start = host.end + path.len();
    let (query, frag) = query_frag.split_at(query_frag.find('#').unwrap_or(query_frag.len()));
    let mut at = qf_start + 1;
    for pair in query.trim_start_matches('?').split('&') {
        let value_start = pair.find('=').map_or(0, |e| e + 1);
        if value_start < pair.len() {
            segments.push(at + value_start..at + pair.len());
        }
        at += pair.len() + 1;
    }
    if frag.len() > 1 {
        let start = qf_start + query.len() + 1;
        segments.push(start..start + frag.len() - 1);
    }
    Some(Parts {
        scheme: 0..scheme_end,
        userinfo,
        password,
        host,
        segments,
    })
}

fn path_offset(from: &str, seg: &str) -> usize {
    from.find(seg).unwrap_or(0)
}

/// A long token that carries no words: 16 characters or more, letters with digits (or
/// randomly mixed case), high entropy. Slugs, file names, dates and versions are not.
#[must_use]
pub fn is_opaque(s: &str) -> bool {
    let n = s.len();
    if n < 16
        || !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-+/=.~%@".contains(&b))
    {
        return false;
    }
    // A git commit in a link (`/commit/<sha>`) is an ordinary URL.
    if n == 40
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return false;
    }
    let digits = s.bytes().any(|b| b.is_ascii_digit());
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    let upper = s.bytes().any(|b| b.is_ascii_uppercase());
    let lower = s.bytes().any(|b| b.is_ascii_lowercase());
    if letters == 0 || !(digits || upper && lower && n >= 20) {
        return false;
    }
    !word_like(s) && entropy(s) >= 3.0
}

/// Most letters sit in runs that read like words: three letters or more, written
/// `lower`, `UPPER` or `Capitalised`, a sixth of them vowels, and no cluster of five
/// consonants. Random tokens rarely manage that; names, slugs and prose do.
pub(super) fn word_like(s: &str) -> bool {
    let (mut letters, mut wordy) = (0usize, 0usize);
    let mut run = String::new();
    let mut judge = |run: &mut String| {
        letters += run.len();
        if is_word(run) {
            wordy += run.len();
        }
        run.clear();
    };
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() && prev_lower {
                judge(&mut run);
            }
            prev_lower = c.is_ascii_lowercase();
            run.push(c);
        } else {
            judge(&mut run);
            prev_lower = false;
        }
    }
    judge(&mut run);
    letters > 0 && wordy * 10 >= letters * 7
}

fn is_word(run: &str) -> bool {
    let n = run.len();
    if n < 3 {
        return false;
    }
    let rest = &run[1..];
    let cased = run.bytes().all(|b| b.is_ascii_lowercase())
        || run.bytes().all(|b| b.is_ascii_uppercase())
        || rest.bytes().all(|b| b.is_ascii_lowercase());
    let vowel = |c: char| "aeiouAEIOU".contains(c);
    let vowels = run.chars().filter(|&c| vowel(c)).count();
    let mut cluster = 0;
    let mut longest = 0;
    for c in run.chars() {
        cluster = if vowel(c) { 0 } else { cluster + 1 };
        longest = longest.max(cluster);
    }
    cased && vowels * 6 >= n && longest < 5
}

/// The ranges of `url` that must not be shown: the user-info's password and opaque
/// segments (for the user-info, the password; callers decide about the user).
#[must_use]
pub fn sensitive(url: &str) -> Vec<Range<usize>> {
    let Some(parts) = parse(url) else {
        return Vec::new();
    };
    let mut out: Vec<Range<usize>> = parts.userinfo.into_iter().collect();
    out.extend(
        parts
            .segments
            .into_iter()
            .filter(|r| is_opaque(&url[r.clone()])),
    );
    out
}

/// For a secret that is a whole URL (a webhook), the part to report and mask: from the
/// first opaque segment to the last, so scheme, host and path words stay readable.
/// A URL written without its scheme (`hooks.slack.com/services/…`) counts too.
#[must_use]
pub fn opaque_part(text: &str) -> Option<Range<usize>> {
    let (prefix, url) = if text.contains("://") {
        (0, text.to_owned())
    } else if text.split('/').next().is_some_and(|h| h.contains('.')) && text.contains('/') {
        (4, format!("x://{text}"))
    } else {
        return None;
    };
    let parts = parse(&url)?;
    let opaque: Vec<Range<usize>> = parts
        .segments
        .into_iter()
        .filter(|r| is_opaque(&url[r.clone()]))
        .collect();
    let (first, last) = (opaque.first()?, opaque.last()?);
    Some(first.start - prefix..last.end - prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg_texts(url: &str) -> Vec<&str> {
        parse(url)
            .unwrap()
            .segments
            .iter()
            .map(|r| &url[r.clone()])
            .collect()
    }

    #[test]
    fn parts_of_a_url() {
        let url = "postgres://app:Pw9x@db.example.com:5432/orders?sslmode=require&x=1#frag";
        let p = parse(url).unwrap();
        assert_eq!(&url[p.userinfo.clone().unwrap()], "app:Pw9x");
        assert_eq!(&url[p.password.unwrap()], "Pw9x");
        assert_eq!(&url[p.host], "db.example.com:5432");
        assert_eq!(seg_texts(url), ["orders", "require", "1", "frag"]);
        assert_eq!(seg_texts("https://h.example/a/a/b"), ["a", "a", "b"]);
        assert_eq!(
            parse("https://h.example").unwrap().segments,
            Vec::<Range<usize>>::new()
        );
    }

    #[test]
    fn opaque_segments() {
        for s in [
            "q8ZrW2mKx7LpN4vB9cT1yH3s",
            "AIzaSyD3x9QmL2pRt7VwY8nB4qT6sKj1Hg5",
            "3f2a9c1b-7d4e-4a1b-9c2d-1e2f3a4b5c6d",
            "hfXqzPLmRtWkBvNcJdGsYtQw",
        ] {
            assert!(is_opaque(s), "{s}");
        }
        for s in [
            "id_credentials_access-keys.html",
            "2026-11-29-release-notes",
            "shopify-orders-to-quickbooks-v2",
            "0123456789abcdef0123456789abcdef01234567",
            "T0AB1CD2E",
            "tests/fixtures/WB004/fail.yaml",
            "docs/runbooks/2024/shopify-orders.md",
            "getAccessTokenFromRefreshToken",
            "IncomingWebhook",
        ] {
            assert!(!is_opaque(s), "{s}");
        }
    }

    #[test]
    fn the_opaque_part_of_a_webhook() {
        let w = "hooks.slack.com/services/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";
        assert_eq!(&w[opaque_part(w).unwrap()], "q8ZrW2mKx7LpN4vB9cT1yH3s");
        let w = "https://hooks.slack.com/services/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";
        assert_eq!(&w[opaque_part(w).unwrap()], "q8ZrW2mKx7LpN4vB9cT1yH3s");
        assert_eq!(
            opaque_part("ghp_9b3mUXozvaTiZ0b6kg5jhePWvxPd3mLqzu8N"),
            None
        );
    }

    #[test]
    fn urls_in_text_trim_prose_punctuation() {
        let text = "see https://x.example/a/b. Or (redis://:pw@cache:6379), then";
        let found: Vec<&str> = urls_in(text).map(|r| &text[r]).collect();
        assert_eq!(found, ["https://x.example/a/b", "redis://:pw@cache:6379"]);
    }
}
