//! Writing a scalar so YAML reads it back as exactly that text, in the style of the
//! scalar it replaces.

use crate::diagnostic::NewScalar;

/// How a replaced scalar was written, to write its successor the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    Plain,
    Single,
    Double,
}

impl Quote {
    /// The style of the scalar whose source text is `raw`.
    #[must_use]
    pub fn of(raw: &str) -> Self {
        match raw.as_bytes().first() {
            Some(b'\'') => Quote::Single,
            Some(b'"') => Quote::Double,
            _ => Quote::Plain,
        }
    }
}

/// The source text of `value`: booleans bare, text in `prefer` when that style can hold
/// it exactly (a plain scalar that would read as another type, or holds an indicator, is
/// double-quoted). `in_flow` forbids the flow indicators `,[]{}` in plain text.
#[must_use]
pub fn render(value: &NewScalar, prefer: Quote, in_flow: bool) -> String {
    match value {
        NewScalar::Bool(b) => b.to_string(),
        NewScalar::Text(s) => render_text(s, prefer, in_flow),
    }
}

/// Text as a YAML scalar (see [`render`]).
#[must_use]
pub fn render_text(s: &str, prefer: Quote, in_flow: bool) -> String {
    match prefer {
        Quote::Plain if plain_ok(s, in_flow) => s.to_owned(),
        Quote::Single if !s.contains('\n') && !s.contains('\r') => {
            format!("'{}'", s.replace('\'', "''"))
        }
        _ => double(s),
    }
}

/// `s` in double quotes with the escapes YAML needs.
#[must_use]
pub fn double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Can `s` be written as a plain scalar and read back as the same text?
#[must_use]
pub fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.contains(['\n', '\r', '\t']) || s.chars().any(char::is_control) {
        return false;
    }
    // Indicators that cannot start a plain scalar (`-`, `?`, `:` only when followed by
    // a space or at the end, but keep it simple and quote those too).
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // Text that the core schema would resolve to null, a boolean or a number.
    reads_as_text(s)
}

/// Would a plain scalar `s` be read as a string (not null, a boolean or a number)?
#[must_use]
pub fn reads_as_text(s: &str) -> bool {
    let src = crate::document::SourceText::new(format!("k: {s}\n"));
    let parsed = crate::document::parse(&src);
    parsed.problems.is_empty()
        && parsed
            .documents
            .first()
            .and_then(|d| d.root.get("k"))
            .and_then(crate::document::Node::as_str)
            == Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_it_reads_back_as_the_same_text() {
        assert_eq!(render_text("2026-11-01", Quote::Plain, false), "2026-11-01");
        assert_eq!(render_text("TODO", Quote::Plain, false), "TODO");
        assert_eq!(render_text("yes", Quote::Plain, false), "yes");
        for quoted in [
            "true", "1.0", "null", "~", "@bob", "- x", "a: b", "a #b", "", " x", "012",
        ] {
            assert!(
                render_text(quoted, Quote::Plain, false).starts_with('"'),
                "{quoted:?} must be quoted"
            );
        }
        assert_eq!(render_text("a,b", Quote::Plain, true), "\"a,b\"");
        assert_eq!(render_text("a,b", Quote::Plain, false), "a,b");
    }

    #[test]
    fn quoted_styles_are_kept_and_escaped() {
        assert_eq!(render_text("it's", Quote::Single, false), "'it''s'");
        assert_eq!(
            render_text("say \"hi\"\\", Quote::Double, false),
            "\"say \\\"hi\\\"\\\\\""
        );
        assert_eq!(render(&NewScalar::Bool(true), Quote::Double, false), "true");
        assert_eq!(Quote::of("'x'"), Quote::Single);
        assert_eq!(Quote::of("\"x\""), Quote::Double);
        assert_eq!(Quote::of("x"), Quote::Plain);
    }
}
