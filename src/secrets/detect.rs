//! Finding secrets in a document: every string (keys included) is scanned by the rule
//! set, the URL user-info check and the assignment checks; a value under a secret-like
//! key is also judged as a whole. Each detection carries the exact byte range of the
//! secret in the value and in the source.

use std::cell::RefCell;
use std::ops::Range;

use std::sync::OnceLock;

use super::memo::{self, Memo};
use super::{assign, keyname, placeholder, ruleset, urlparts};
use crate::document::vocab::{self, Sym};
use crate::document::{Node, SourceText, Span, Style};

/// One secret found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// What it looks like: `a password in a URL`, or the gitleaks rule ID.
    pub what: String,
    /// The key the value sits under.
    pub key: Option<String>,
    /// The span of the string node holding the secret.
    pub node: Span,
    /// Byte range of the secret inside the node's value.
    pub value: Range<usize>,
    /// Source span of the secret; the whole node when the value was transformed
    /// (escapes, folding, an alias) and the position is not exact.
    pub span: Span,
    pub exact: bool,
}

/// Secrets in one string value: `(range in value, what)`, sorted, not overlapping.
#[must_use]
pub fn in_value(value: &str, key: Option<&str>) -> Vec<(Range<usize>, String)> {
    in_value_under(value, key.map(|k| (k, Sym::of(k))))
}

/// [`in_value`] under a key whose vocabulary number is known.
fn in_value_under(value: &str, key: Option<(&str, Sym)>) -> Vec<(Range<usize>, String)> {
    let mut found: Vec<(Range<usize>, String)> = Vec::new();
    if value.len() >= 8 && !(ruleset::RULES.needs_a_letter() && letterless(value)) {
        in_text(value, &mut found);
    }
    let kind = key.and_then(|(k, sym)| keyname::is_secret_key_sym(k, sym));
    if let Some((r, w)) = kind.and_then(|kind| assign::keyed_as(kind, value)) {
        found.push((r, w.to_owned()));
    }
    merge(found)
}

/// ASCII text without a letter (a date, a number, a phone number): no keyword of the
/// rule set occurs in it when every keyword has a letter, and without a keyword neither a
/// rule, nor an assignment, nor a URL's scheme can match.
fn letterless(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_alphabetic())
}

/// The rule set's, the URLs' and the assignments' secrets in a text.
fn in_text(value: &str, found: &mut Vec<(Range<usize>, String)>) {
    let mut hits = Vec::new();
    let seen = ruleset::RULES.scan(value, &mut hits);
    for h in hits {
        let preceded_by_word = value[..h.range.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if !preceded_by_word && !placeholder::is_placeholder(&value[h.range.clone()]) {
            // A webhook URL is reported and masked from its opaque token on.
            let range = match urlparts::opaque_part(&value[h.range.clone()]) {
                Some(r) => h.range.start + r.start..h.range.start + r.end,
                None => h.range,
            };
            found.push((range, format!("a credential (gitleaks rule `{}`)", h.rule)));
        }
    }
    // A password in a URL needs `scheme://` and an `@` of user-info.
    if memchr::memchr(b'@', value.as_bytes()).is_some()
        && urlparts::scheme_separators(value).next().is_some()
    {
        url_credentials(value, found);
    }
    let mut assigned = Vec::new();
    assign::in_text_seen(value, seen, &mut assigned);
    found.extend(assigned.into_iter().map(|(r, w)| (r, w.to_owned())));
}

/// `scheme://user:password@host`: the whole user-info is the secret (the user name
/// may equal the password, and a short password is then still hidden).
fn url_credentials(value: &str, out: &mut Vec<(Range<usize>, String)>) {
    for r in urlparts::urls_in(value) {
        let url = &value[r.clone()];
        // No `@`, no user-info: most URLs are not split at all.
        if memchr::memchr(b'@', url.as_bytes()).is_none() {
            continue;
        }
        let Some(parts) = urlparts::parse(url) else {
            continue;
        };
        let (Some(ui), Some(pw)) = (parts.userinfo, parts.password) else {
            continue;
        };
        let password = &url[pw];
        if password.is_empty()
            || placeholder::is_placeholder(password)
            || placeholder::is_reference(password)
        {
            continue;
        }
        out.push((
            r.start + ui.start..r.start + ui.end,
            "a password in a URL".to_owned(),
        ));
    }
}

/// Overlapping detections become one, covering both.
fn merge(mut found: Vec<(Range<usize>, String)>) -> Vec<(Range<usize>, String)> {
    if found.len() < 2 {
        return found;
    }
    found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut out: Vec<(Range<usize>, String)> = Vec::new();
    for (r, what) in found {
        match out.last_mut() {
            Some((last, _)) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push((r, what)),
        }
    }
    out
}

type Found = Vec<(Range<usize>, String)>;

thread_local! {
    /// [`in_value`] of short strings without a key (mapping keys, mostly).
    static REMEMBERED: RefCell<Memo<Found>> = RefCell::new(Memo::new());
}

/// [`in_value`], remembered for short strings without a key.
fn in_value_remembered(value: &str, key: Option<(&str, Sym)>) -> Found {
    if key.is_some() || value.len() > memo::MAX_LEN {
        return in_value_under(value, key);
    }
    if value.len() < 8 {
        // Nothing short is scanned without a key (see `in_value`).
        return Vec::new();
    }
    REMEMBERED.with(|m| m.borrow_mut().get(value, |v| in_value(v, None)))
}

/// Is the vocabulary's word `i`, as a key, free of secrets?
fn clean_word(i: usize) -> bool {
    static CLEAN: [OnceLock<bool>; vocab::COUNT] = [const { OnceLock::new() }; vocab::COUNT];
    *CLEAN[i].get_or_init(|| in_value(vocab::WORDS[i], None).is_empty())
}

/// Every secret in a document.
#[must_use]
pub fn find(root: &Node, source: &SourceText) -> Vec<Detection> {
    let mut out = Vec::new();
    root.walk_strings_and_keys_sym(|key, node, own| {
        let Some(value) = node.as_str() else { return };
        // A key of the vocabulary found clean once is clean in every document.
        if own.index().is_some_and(clean_word) {
            return;
        }
        for (range, what) in in_value_remembered(value, key) {
            let (span, exact) = match source_range(node, source, value, &range) {
                Some(r) => (source.span(r.start, r.end), true),
                None => (node.span, false),
            };
            out.push(Detection {
                what,
                key: key.map(|(k, _)| k.to_owned()),
                node: node.span,
                value: range,
                span,
                exact,
            });
        }
    });
    out
}

/// Where `range` of the value sits in the source, when that is exactly known: the
/// value's characters are matched in order against the node's source text, skipping
/// quotes, escapes' backslashes, indentation and line breaks; a secret that spans
/// lines (a PEM block) may skip indentation inside it, any other may not.
fn source_range(
    node: &Node,
    source: &SourceText,
    value: &str,
    range: &Range<usize>,
) -> Option<Range<usize>> {
    let raw = source.text().get(node.span.start..node.span.end)?;
    if raw == value {
        return Some(node.span.start + range.start..node.span.start + range.end);
    }
    let mut ri = match node.style {
        // A block scalar's span may start at its `|` or `>` header, or at its text.
        Style::Block if raw.starts_with(['|', '>']) => raw.find('\n')? + 1,
        Style::Block => 0,
        Style::Quoted => 1,
        Style::Plain => 0,
    };
    let (vb, rb) = (value.as_bytes(), raw.as_bytes());
    let multi_line = value[range.clone()].contains('\n');
    let mut vi = 0;
    let mut start = None;
    while vi < range.end {
        let r = *rb.get(ri)?;
        if r == vb[vi] {
            if vi == range.start {
                start = Some(ri);
            }
            vi += 1;
            ri += 1;
        } else if matches!(r, b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'' | b'\\') {
            if vi > range.start && !(multi_line && matches!(r, b' ' | b'\t')) {
                return None;
            }
            ri += 1;
        } else {
            return None;
        }
    }
    let start = start?;
    let same = |a: &str, b: &str| a.split_whitespace().eq(b.split_whitespace());
    let text = raw.get(start..ri)?;
    (text == &value[range.clone()] || multi_line && same(text, &value[range.clone()]))
        .then(|| node.span.start + start..node.span.start + ri)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    fn spans(yaml: &str) -> Vec<(String, bool)> {
        let src = SourceText::new(yaml.to_owned());
        let parsed = parse(&src);
        find(&parsed.documents[0].root, &src)
            .into_iter()
            .map(|d| (yaml[d.span.start..d.span.end].to_owned(), d.exact))
            .collect()
    }

    const GH: &str = "ghp_9b3mUXozvaTiZ0b6kg5jhePWvxPd3mLqzu8N";

    #[test]
    fn remembered_results_are_the_results() {
        for text in [GH, "plain key name", "short", "password=hunter2xyz", "x"] {
            for _ in 0..3 {
                assert_eq!(
                    in_value_remembered(text, None),
                    in_value(text, None),
                    "{text:?}"
                );
            }
        }
        let long = format!("{} {GH}", "word ".repeat(20));
        assert_eq!(in_value_remembered(&long, None), in_value(&long, None));
        assert_eq!(
            in_value_remembered(GH, Some(("token", Sym::of("token")))),
            in_value(GH, Some("token"))
        );
    }

    #[test]
    fn letterless_text_holds_nothing_the_scan_would_find() {
        assert!(
            ruleset::RULES.needs_a_letter(),
            "every keyword has a letter"
        );
        for text in [
            "2026-10-02",
            "1234-5678-9012-3456",
            "+1 (555) 010-0199",
            "12://34:56@78.90",
            "0000000000000000000000000000000000000000",
            "=:=:=:=:=:=:=: ==== :::: @@@@ ////",
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        ] {
            let mut found = Vec::new();
            in_text(text, &mut found);
            assert!(found.is_empty() || !letterless(text), "{text:?}: {found:?}");
        }
        assert!(letterless("2026-10-02") && letterless("+1 (555) 010-0199"));
        assert!(
            !letterless("9f8e7d6c") && !letterless("１２３４５６７８"),
            "non-ASCII is scanned"
        );
    }

    #[test]
    fn vocabulary_words_are_judged_as_their_text_is() {
        for (i, w) in vocab::WORDS.iter().enumerate() {
            assert_eq!(clean_word(i), in_value(w, None).is_empty(), "{w}");
            assert_eq!(
                keyname::is_secret_key_sym(w, Sym::of(w)),
                super::super::keyname::is_secret_key(w),
                "{w}"
            );
            // A secret under a vocabulary key is found as under any other key.
            let with_number = in_value_under(GH, Some((w, Sym::of(w))));
            let by_text = in_value_under(GH, Some((w, Sym::NONE)));
            assert_eq!(with_number, by_text, "{w}");
        }
    }

    #[test]
    fn exact_spans_in_every_style() {
        for yaml in [
            format!("a: {GH}\n"),
            format!("a: \"see {GH} now\"\n"),
            format!("a: 'it''s {GH}'\n"),
            format!("a: |\n  first line\n  token {GH}\n"),
            format!("a: >\n  folded\n  text {GH}\n  more\n"),
            format!("a: [x, {GH}, y]\n"),
            format!("a: plain text\n  continued {GH}\n"),
            format!("{GH}: a key\n"),
        ] {
            assert_eq!(spans(&yaml), [(GH.to_owned(), true)], "{yaml}");
        }
    }

    #[test]
    fn user_equal_to_password_is_masked_by_position() {
        let yaml = "a: mongodb://svc_ledger:svc_ledger@mongo.example:27017/x\n";
        assert_eq!(spans(yaml), [("svc_ledger:svc_ledger".to_owned(), true)]);
    }

    #[test]
    fn escapes_inside_the_secret_fall_back_to_the_node() {
        let yaml = "a: \"x https://app:Pw9\\x41xK2mq@db.example/y\"\n";
        let got = spans(yaml);
        assert_eq!(got.len(), 1);
        assert!(!got[0].1, "not exact");
        assert!(got[0].0.starts_with('"'), "{got:?}");
    }

    #[test]
    fn private_key_blocks_span_their_lines() {
        let body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQCJ";
        let yaml = format!("a: |\n  notes\n  -----BEGIN RSA PRIVATE KEY-----\n  {}\n  {}\n  -----END RSA PRIVATE KEY-----\n  after\n", &body[..64], &body[64..]);
        let got = spans(&yaml);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1);
        assert!(
            got[0]
                .0
                .starts_with("-----BEGIN RSA PRIVATE KEY-----\n  MIIE"),
            "{got:?}"
        );
        assert!(
            got[0].0.ends_with("-----END RSA PRIVATE KEY-----"),
            "{got:?}"
        );
    }
}
