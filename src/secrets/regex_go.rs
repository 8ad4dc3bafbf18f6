//! gitleaks writes its regexes for Go's RE2; the `regex` crate reads nearly the same
//! syntax, with two differences that matter here:
//!
//! - `\w`, `\d`, `\s` and `\b` are ASCII in Go and Unicode in Rust. Unicode classes
//!   are slower to compile (all 221 rules took 15 s instead of 0.5 s, and three
//!   exceeded the size limit), so they are rewritten to their ASCII meaning.
//! - The end-of-secret guard gitleaks puts after most secrets,
//!   `(?:[\x60'"\s;]|\\[nr]|$)`, does not accept `,`, `.`, `)` or `&`, so a key
//!   written in a sentence or a URL query would be missed; the guard is widened.

/// The guard as gitleaks writes it, and the wider one used instead.
const GUARD: &str = r#"(?:[\x60'"\s;]|\\[nr]|$)"#;
const WIDE_GUARD: &str = r#"(?:[\x60'"\s;,.)\]}&<>|]|\\[nr]|$)"#;

/// The Rust spelling of a gitleaks (RE2) regex.
#[must_use]
pub fn translate(re: &str) -> String {
    let widened = re.replace(GUARD, WIDE_GUARD);
    let mut out = String::with_capacity(widened.len() + 32);
    let mut in_class = false;
    let mut chars = widened.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                out.push_str(&escape(n, in_class));
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                // A `]` first in a class is a literal.
                if chars.peek() == Some(&']') {
                    out.push_str(r"\]");
                    chars.next();
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // A POSIX class such as `[:alnum:]`, copied whole.
                out.push('[');
                for d in chars.by_ref() {
                    out.push(d);
                    if d == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            // Go reads a `{` that starts no repetition, and a lone `}` or `]`, as
            // literals; Rust wants them escaped.
            '{' if !in_class => {
                let rest: String = chars.clone().collect();
                match repetition(&rest) {
                    Some(n) => {
                        out.push('{');
                        for _ in 0..n {
                            out.extend(chars.next());
                        }
                    }
                    None => out.push_str(r"\{"),
                }
            }
            '}' | ']' if !in_class => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The length of `n}`, `n,}` or `n,m}` at the start of `rest` (after a `{`).
fn repetition(rest: &str) -> Option<usize> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    if after.starts_with('}') {
        return Some(digits + 1);
    }
    let more = after.strip_prefix(',')?;
    let m = more.bytes().take_while(u8::is_ascii_digit).count();
    more[m..].starts_with('}').then_some(digits + 1 + m + 1)
}

fn escape(n: char, in_class: bool) -> String {
    let s = match (n, in_class) {
        ('w', false) => "[[:word:]]",
        ('w', true) => "[:word:]",
        ('W', false) => "[^[:word:]]",
        ('W', true) => "[:^word:]",
        ('d', false) => "[0-9]",
        ('d', true) => "0-9",
        ('D', false) => "[^0-9]",
        ('D', true) => "[:^digit:]",
        ('s', false) => r"[\t\n\f\r ]",
        ('s', true) => r"\t\n\f\r ",
        ('S', false) => r"[^\t\n\f\r ]",
        ('S', true) => "[:^space:]",
        ('b', false) => r"(?-u:\b)",
        ('B', false) => r"(?-u:\B)",
        _ => return format!("\\{n}"),
    };
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn classes_become_ascii_and_keep_their_meaning() {
        let re = Regex::new(&translate(r"\b(ghp_[\w]{4})\s[\d-]+\b")).unwrap();
        assert!(re.is_match("x ghp_ab_1 12-3"));
        assert!(
            !re.is_match("x ghp_\u{e9}b_1 12-3"),
            "\\w is ASCII, as in Go"
        );
        assert_eq!(translate(r"[\S\s]"), r"[[:^space:]\t\n\f\r ]");
        assert_eq!(translate(r"[[:alnum:]\w]"), r"[[:alnum:][:word:]]");
        assert_eq!(
            translate(r"\$?{{[^}]+}}a{2,}b{1,3}"),
            r"\$?\{\{[^}]+\}\}a{2,}b{1,3}"
        );
        assert_eq!(translate(r"[^]]+]"), r"[^\]]+\]");
    }

    #[test]
    fn the_end_guard_accepts_prose_and_query_punctuation() {
        let re = Regex::new(&translate(r#"\b(AIza[\w-]{6})(?:[\x60'"\s;]|\\[nr]|$)"#)).unwrap();
        for text in [
            "AIzaabc123",
            "key AIzaabc123, then",
            "?key=AIzaabc123&x=1",
            "(AIzaabc123)",
        ] {
            assert!(re.is_match(text), "{text}");
        }
        assert!(
            !re.is_match("AIzaabc1234567"),
            "a longer value is not cut short"
        );
    }
}
