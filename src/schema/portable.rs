//! The schema's regular expressions are ECMA-262 (SPEC section 9): yaml-language-server and
//! ajv compile them with JavaScript's `u` flag. These tests keep every `pattern` and
//! `patternProperties` key free of what JavaScript rejects or reads differently from the
//! `regex` crate (`same_meaning` proves the rewritten ones mean what they meant).

use serde_json::Value as Json;

use super::SCHEMA;

/// Every regular expression in the schema: (JSON pointer, pattern).
fn patterns() -> Vec<(String, String)> {
    fn walk(node: &Json, at: &str, out: &mut Vec<(String, String)>) {
        match node {
            Json::Object(map) => {
                for (key, value) in map {
                    let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                    if let ("pattern", Json::String(p)) = (key.as_str(), value) {
                        out.push((here.clone(), p.clone()));
                    }
                    if let ("patternProperties", Json::Object(props)) = (key.as_str(), value) {
                        out.extend(props.keys().map(|k| (format!("{here}/{k}"), k.clone())));
                    }
                    walk(value, &here, out);
                }
            }
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&SCHEMA, "", &mut out);
    out
}

/// Why JavaScript (`new RegExp(p, "u")`) would reject `p` or read it differently from the
/// `regex` crate; `None` when it is in the common subset.
fn js_problem(p: &str) -> Option<String> {
    let c: Vec<char> = p.chars().collect();
    let at = |i: usize| c.get(i).copied();
    let hex = |from: usize, n: usize| {
        (from..from + n).all(|j| at(j).is_some_and(|d| d.is_ascii_hexdigit()))
    };
    let mut i = 0;
    let mut in_class = false;
    while i < c.len() {
        match c[i] {
            '\\' => {
                let Some(e) = at(i + 1) else {
                    return Some("a trailing backslash".into());
                };
                i += 2;
                match e {
                    '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{'
                    | '}' | '|' | '/' | 'd' | 'D' | 's' | 'S' | 'w' | 'W' | 'f' | 'n' | 'r'
                    | 't' | 'v' => {}
                    '-' if in_class => {}
                    'b' | 'B' if !in_class => {
                        return Some(format!(
                            "`\\{e}`: a Unicode word boundary in Rust, an ASCII one in JavaScript"
                        ))
                    }
                    '0' if !at(i).is_some_and(|d| d.is_ascii_digit()) => {}
                    'x' if hex(i, 2) => i += 2,
                    'u' if hex(i, 4) => i += 4,
                    'p' | 'P' => {
                        return Some(format!(
                            "`\\{e}`: Unicode classes are spelt differently in JavaScript"
                        ))
                    }
                    'A' | 'z' | 'Z' | 'G' => {
                        return Some(format!("`\\{e}`: JavaScript has no such anchor"))
                    }
                    _ => {
                        return Some(format!(
                            "`\\{e}` is not an escape JavaScript's u flag accepts here"
                        ))
                    }
                }
                continue;
            }
            '[' if in_class => return Some("a `[` inside a class (nested or POSIX class)".into()),
            '&' | '~' | '-' if in_class && at(i + 1) == Some(c[i]) => {
                return Some(format!("`{0}{0}`: a class set operation", c[i]))
            }
            ']' if in_class => in_class = false,
            '[' => {
                in_class = true;
                if at(i + 1) == Some('^') {
                    i += 1;
                }
                if at(i + 1) == Some(']') {
                    return Some("an empty class `[]` or `[^]`".into());
                }
            }
            _ if in_class => {}
            '(' if at(i + 1) == Some('?') => match (at(i + 2), at(i + 3)) {
                (Some(':' | '=' | '!'), _) | (Some('<'), Some('=' | '!')) => i += 2,
                (Some('<'), Some(n)) if n.is_ascii_alphabetic() || n == '_' => i += 2,
                (Some('P'), _) => return Some("`(?P<`: JavaScript names groups `(?<name>`".into()),
                _ => {
                    return Some("`(?...`: an inline flag group or a group JavaScript lacks".into())
                }
            },
            '*' | '+' | '?' if at(i + 1) == Some('+') => {
                return Some("a possessive quantifier".into())
            }
            '{' => {
                let close = (i..c.len()).find(|&j| c[j] == '}');
                let body: String = close.map_or(String::new(), |j| c[i + 1..j].iter().collect());
                let (lo, hi) = body.split_once(',').unwrap_or((&body, &body));
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                if !(digits(lo) && (hi.is_empty() || digits(hi))) {
                    return Some("a `{` that is not a quantifier".into());
                }
                i = close.unwrap_or(i);
                if at(i + 1) == Some('+') {
                    return Some("a possessive quantifier".into());
                }
            }
            '}' | ']' => return Some(format!("a lone `{}`", c[i])),
            _ => {}
        }
        i += 1;
    }
    in_class.then(|| "an unterminated class".into())
}

#[test]
fn every_pattern_is_in_the_subset_javascript_shares() {
    let all = patterns();
    for (at, p) in &all {
        assert_eq!(js_problem(p), None, "{at}: {p}");
    }
    let pointers: Vec<&str> = all.iter().map(|(at, _)| at.as_str()).collect();
    for at in [
        "/$defs/unanswered/anyOf/0/pattern",
        "/$defs/person/anyOf/0/pattern",
        "/$defs/interval/anyOf/0/pattern",
        "/$defs/date/anyOf/0/pattern",
        "/$defs/url/anyOf/0/pattern",
        "/properties/metadata/properties/id/pattern",
    ] {
        assert!(pointers.contains(&at), "{at} not found in {pointers:?}");
    }
    assert!(pointers
        .iter()
        .any(|p| p.ends_with("/patternProperties/^x-")));
}

#[test]
fn the_checker_names_what_javascript_rejects() {
    for (bad, why) in [
        ("^(?i:todo)$", "inline flag"),
        ("(?i)todo", "inline flag"),
        ("(?x) a", "inline flag"),
        ("(?P<name>a)", "(?P<"),
        ("(?>a)", "(?..."),
        (r"\Aa\z", "anchor"),
        (r"a\Z", "anchor"),
        ("a++", "possessive"),
        ("a*+", "possessive"),
        ("a{2}+", "possessive"),
        (r"\pL", "Unicode classes"),
        (r"\p{Greek}", "Unicode classes"),
        (r"[\P{L}]", "Unicode classes"),
        ("[[:alpha:]]", "inside a class"),
        ("[a-z&&[^aeiou]]", "class set"),
        (r"\bword\b", "word boundary"),
        ("[a&&b]", "class set"),
        ("[a--b]", "class set"),
        (r"\x{41}", "escape"),
        (r"\Qa.b\E", "escape"),
        (r"\h", "escape"),
        (r"\-", "escape"),
        (r"[\b]", "escape"),
        ("a{", "quantifier"),
        ("a{x}", "quantifier"),
        ("a}", "lone"),
        ("a]", "lone"),
        ("[]", "empty class"),
        ("[^]", "empty class"),
        ("[a", "unterminated"),
        ("a\\", "trailing"),
        (r"\1", "escape"),
    ] {
        let got = js_problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
        assert!(got.contains(why), "{bad}: {got}");
    }
    for good in [
        r"^[a-z0-9][a-z0-9-]*$",
        r"^(?:a|b)(?=c)(?!d)(?<=e)(?<!f)(?<g>h)$",
        r"[\s\-\]\\]+?\u212A\x41\0\t{2}a{2,}b{1,3}?",
        r"^\d\D\w\W\S\.\/\{\}\[\]\(\)\|\^\$\*\+\?",
    ] {
        assert_eq!(js_problem(good), None, "{good}");
    }
}
