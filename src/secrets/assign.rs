//! Secrets that are recognised by the name they are given, not by their format:
//! `password: …` under a YAML key, and `password=…`, `client_secret = …`,
//! `Authorization: Bearer …`, `curl -u user:pass` written in free text. One key-name
//! test ([`is_secret_key`]) serves YAML keys and assignments in text alike.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::entropy;
use super::keyname::{is_secret_key, mentions_secret_word, KeyKind};
use super::placeholder::{is_placeholder, is_reference};
use super::ruleset::Seen;
use super::urlparts::word_like as wordy;

/// Kinds of character present: lower, upper, digit, symbol.
fn classes(v: &str) -> usize {
    [
        v.bytes().any(|b| b.is_ascii_lowercase()),
        v.bytes().any(|b| b.is_ascii_uppercase()),
        v.bytes().any(|b| b.is_ascii_digit()),
        v.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|&&c| c)
    .count()
}

/// Is `v`, named as `kind`, a live-looking secret (not prose, not a word, not a
/// placeholder or reference)?
#[must_use]
pub fn looks_secret(v: &str, kind: KeyKind) -> bool {
    let n = v.chars().count();
    if v.contains(char::is_whitespace)
        || v.contains("://")
        || n > 512
        || is_placeholder(v)
        || is_reference(v)
        || is_constant_name(v)
    {
        return false;
    }
    match kind {
        KeyKind::Password => {
            n >= 6
                && classes(v) >= 2
                && entropy(v) >= 2.3
                && (!wordy(v) || v.bytes().any(|b| b.is_ascii_digit()))
        }
        KeyKind::Token => {
            n >= 16 && classes(v) >= 2 && entropy(v) >= 3.0 && (!wordy(v) || random_mix(v))
        }
    }
}

/// `NEXUS-GPT4-API-KEY`, `STRIPE_WEBHOOK_SECRET`: the upper-case name of a secret.
fn is_constant_name(v: &str) -> bool {
    !v.bytes().any(|b| b.is_ascii_lowercase())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
        && v.bytes().any(|b| b"_-.".contains(&b))
        && wordy(v)
}

/// Digits mixed into letters (`a7Fq9`), which words and identifiers rarely have.
fn random_mix(v: &str) -> bool {
    let b = v.as_bytes();
    b.windows(2)
        .filter(|w| {
            w[0].is_ascii_digit() != w[1].is_ascii_digit()
                && w[0].is_ascii_alphanumeric()
                && w[1].is_ascii_alphanumeric()
        })
        .count()
        >= 4
}

/// `(secret range, what)` of a YAML value under `key`.
#[must_use]
pub fn keyed(key: &str, value: &str) -> Option<(Range<usize>, &'static str)> {
    keyed_as(is_secret_key(key)?, value)
}

/// [`keyed`] for a key already judged to name a secret of `kind`.
#[must_use]
pub fn keyed_as(kind: KeyKind, value: &str) -> Option<(Range<usize>, &'static str)> {
    let lead = value.len() - value.trim_start().len();
    let v = value.trim();
    // `authorization: Bearer xyz` and `token: "Basic xyz"` name the secret after the scheme.
    let (skip, v) = match v.split_once(' ') {
        Some((scheme, rest))
            if ["bearer", "basic", "token", "digest"]
                .contains(&scheme.to_ascii_lowercase().as_str()) =>
        {
            (
                scheme.len() + 1 + rest.len() - rest.trim_start().len(),
                rest.trim_start(),
            )
        }
        _ => (0, v),
    };
    let start = lead + skip;
    looks_secret(v, kind).then(|| (start..start + v.len(), what(kind)))
}

fn what(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Password => "a password",
        KeyKind::Token => "a high-entropy credential",
    }
}

/// `key = value`, `key: value`, `key => value`, `KEY='value'` in free text.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[^A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]{0,60})["']?[ \t]*(?:=>|:=|=|:)[ \t]*"#,
    )
    .expect("assignment pattern compiles")
});

/// `Authorization: Bearer …`, `Basic …`.
static AUTH_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bearer|basic|token)[ \t]+([A-Za-z0-9._~+/=-]{8,})")
        .expect("auth pattern compiles")
});

/// `curl -u user:pass`, `curl --user "user:pass"`.
static CURL_USER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bcurl\b[^\n\r]*?[ \t](?:-u|--user)(?:[ \t]+|=)["']?([^\s"']+)"#)
        .expect("curl pattern compiles")
});

/// Secrets assigned in free text: `(range in text, what)`.
pub fn in_text(text: &str, out: &mut Vec<(Range<usize>, &'static str)>) {
    let seen = Seen {
        secret_word: mentions_secret_word(text),
        curl: text.to_ascii_lowercase().contains("curl"),
    };
    in_text_seen(text, seen, out);
}

/// [`in_text`] for a text the rule set has scanned already: `seen` says which marker
/// words it holds, and the patterns of the others are not run.
pub fn in_text_seen(text: &str, seen: Seen, out: &mut Vec<(Range<usize>, &'static str)>) {
    // Every assignment has an `=` or a `:`.
    if seen.secret_word && memchr::memchr2(b'=', b':', text.as_bytes()).is_some() {
        for caps in ASSIGNMENT.captures_iter(text) {
            let (Some(key), Some(all)) = (caps.get(1), caps.get(0)) else {
                continue;
            };
            // `arn:aws:…:secret:name` and `/path/token:x` are names, not assignments.
            if text[..key.start()].ends_with([':', '/']) {
                continue;
            }
            let Some(kind) = is_secret_key(key.as_str()) else {
                continue;
            };
            let Some(range) = value_after(text, all.end()) else {
                continue;
            };
            let v = &text[range.clone()];
            // `Authorization: Bearer x` is left to the header pattern below.
            if v.eq_ignore_ascii_case("bearer") || v.eq_ignore_ascii_case("basic") {
                continue;
            }
            if looks_secret(v, kind) {
                out.push((range, what(kind)));
            }
        }
    }
    if seen.secret_word && may_hold_header_token(text) {
        for caps in AUTH_HEADER.captures_iter(text) {
            let (Some(scheme), Some(tok)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let token = tok.as_str().trim_end_matches(['.', ',']);
            let range = tok.start()..tok.start() + token.len();
            let basic = scheme.as_str().eq_ignore_ascii_case("basic");
            let live = if basic {
                decodes_to_user_pass(token)
            } else {
                looks_secret(token, KeyKind::Token)
            };
            if live && !is_placeholder(token) {
                out.push((
                    range,
                    if basic {
                        "a Basic authorization header"
                    } else {
                        "a bearer token"
                    },
                ));
            }
        }
    }
    if seen.curl {
        for caps in CURL_USER.captures_iter(text) {
            let Some(cred) = caps.get(1) else { continue };
            let Some((user, pass)) = cred.as_str().split_once(':') else {
                continue;
            };
            if !user.is_empty() && !pass.is_empty() && !is_placeholder(pass) && !is_reference(pass)
            {
                out.push((cred.range(), "a password in a curl command"));
            }
        }
    }
}

/// Whether `text` has what every match of [`AUTH_HEADER`] has: a blank followed by eight
/// of the token's characters. Most texts that name a token have not (`API token for the
/// sync`), and the pattern cost about 1,500 instructions a text even without a match.
fn may_hold_header_token(text: &str) -> bool {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"._~+/=-".contains(&b);
    let mut run = None;
    for &b in text.as_bytes() {
        run = match run {
            _ if b == b' ' || b == b'\t' => Some(0),
            Some(n) if token(b) => {
                if n == 7 {
                    return true;
                }
                Some(n + 1)
            }
            _ => None,
        };
    }
    false
}

/// The value after an assignment operator: quoted up to its closing quote, or up to
/// whitespace or `,;&)]}>|`.
fn value_after(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at..];
    let first = rest.chars().next()?;
    if matches!(first, '"' | '\'' | '`') {
        let end = rest[1..].find(first)?;
        return (end > 0).then(|| at + 1..at + 1 + end);
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || ",;&)]}>|\"'`".contains(c))
        .unwrap_or(rest.len());
    let v = rest[..end].trim_end_matches(['.', ':']);
    (!v.is_empty()).then(|| at..at + v.len())
}

/// Base64 of `user:password` with a password that is not a placeholder.
fn decodes_to_user_pass(token: &str) -> bool {
    let Some(bytes) = base64_decode(token) else {
        return false;
    };
    let Ok(s) = String::from_utf8(bytes) else {
        return false;
    };
    s.split_once(':').is_some_and(|(u, p)| {
        !u.is_empty() && !p.is_empty() && !is_placeholder(p) && !s.contains(char::is_control)
    })
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buf = buf << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        in_text(text, &mut out);
        out.into_iter().map(|(r, _)| text[r].to_owned()).collect()
    }

    #[test]
    fn the_header_guard_passes_every_header_match() {
        let mut texts: Vec<String> = [
            "Authorization: Bearer abcdefgh",
            "token\tabcdefgh1",
            "Basic   dXNlcjpwYXNz",
            "Admin API token for the sync",
            "bearer abcdefg",
            "bearer abc defgh",
            "x token=abcdefgh",
            "TOKEN a.b~c+d/e=f-g",
            "vault://kv/integrations/shopify/admin-token",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // Every short text over an alphabet of blanks, token and other characters.
        let alphabet = [' ', '\t', 'a', '.', '=', ':', '"', 'é'];
        for n in 0..=10u32 {
            let mut t = String::from("bearer");
            for i in 0..n {
                t.push(alphabet[(i as usize * 7 + n as usize) % alphabet.len()]);
            }
            texts.push(t.clone());
            texts.push(format!("bearer {}", "a".repeat(n as usize)));
            texts.push(format!("token \t{}é", "Z9".repeat(n as usize)));
        }
        let mut matched = 0;
        for t in &texts {
            if AUTH_HEADER.is_match(t) {
                matched += 1;
                assert!(may_hold_header_token(t), "{t:?}");
            }
        }
        assert!(matched >= 10, "{matched}");
        assert!(!may_hold_header_token("Admin API token for the sync"));
        assert!(!may_hold_header_token("bearer abcdefg"));
    }

    #[test]
    fn values() {
        assert!(looks_secret("Zk3x9QmL2pRt7VwY8nB4", KeyKind::Token));
        assert!(looks_secret("Hunter2-Winter", KeyKind::Password));
        assert!(looks_secret("$ecretPa55w0rd", KeyKind::Password));
        assert!(
            looks_secret("Summer2024", KeyKind::Password),
            "a weak password is still one"
        );
        for v in [
            "getAccessTokenFromRefreshToken",
            "min 12 characters",
            "3600",
            "X-API-Key",
            "NEXUS-GPT4-API-KEY",
            "prod-orders-db-password",
            "changeme",
            "${TOKEN}",
            "https://x.example/a",
        ] {
            assert!(
                !looks_secret(v, KeyKind::Token) && !looks_secret(v, KeyKind::Password),
                "{v}"
            );
        }
    }

    #[test]
    fn assignments_in_free_text() {
        assert_eq!(
            found("connect with password=Sx9!kLm2Qw and go"),
            ["Sx9!kLm2Qw"]
        );
        assert_eq!(
            found("client_secret = \"Qm8xLp2Zr7Wv4Tn9Ks3Yb6Hc1Fd5Gj0E\""),
            ["Qm8xLp2Zr7Wv4Tn9Ks3Yb6Hc1Fd5Gj0E"]
        );
        assert_eq!(
            found("Server=db;User ID=sync;Password=Pw7-xK2m9Qz;Encrypt=True"),
            ["Pw7-xK2m9Qz"]
        );
        assert_eq!(
            found("https://api.example.com/x?user=a&api_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0&y=1"),
            ["9f8e7d6c5b4a39281706f5e4d3c2b1a0"]
        );
        assert_eq!(
            found("Authorization: Bearer Zk3x9QmL2pRt7VwY8nB4qT6s"),
            ["Zk3x9QmL2pRt7VwY8nB4qT6s"]
        );
        assert_eq!(
            found("Authorization: Basic c3luYzpQdzdreDJtOVF6"),
            ["c3luYzpQdzdreDJtOVF6"]
        );
        // The header's scheme word in a Unicode case (a Kelvin sign for the `k`).
        assert_eq!(
            found("x-auth: TO\u{212A}EN Zk3x9QmL2pRt7VwY8nB4qT6s"),
            ["Zk3x9QmL2pRt7VwY8nB4qT6s"]
        );
        assert_eq!(
            found("curl -u deploy:Pw7kx2m9Qz https://ci.example"),
            ["deploy:Pw7kx2m9Qz"]
        );
        for benign in [
            "LLM_SECRET_NAME: NEXUS-GPT4-API-KEY",
            "password=password",
            "Authorization: Bearer <token>",
            "Authorization: Bearer ${API_TOKEN}",
            "curl -u $CI_USER:$CI_TOKEN https://ci.example",
            "curl -u username:password https://ci.example",
            "the token: rotate it every 90 days",
            "public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3x",
            // A lone CR ends a line: `-u` on the next line is not curl's option.
            "run curl first\rthen ssh -u ops:Pw7kx2m9Qz",
        ] {
            assert_eq!(found(benign), Vec::<String>::new(), "{benign}");
        }
    }
}
