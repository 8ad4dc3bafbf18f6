//! The YAML comments of a file: a `#` at the start of a line or after a blank that is
//! not inside a quoted or block scalar (plain scalars cannot hold ` #`).

use crate::document::{Node, Span, Style, Value};

/// One comment: its span (from `#` to the end of the line) and whether it has the line
/// to itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub text: String,
    pub own_line: bool,
}

/// Byte ranges of quoted and block scalars, where a `#` is text, not a comment.
fn scalar_ranges(roots: &[&Node]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for root in roots {
        root.walk(|n| {
            if matches!(n.value, Value::String(_)) && n.style != Style::Plain {
                out.push((n.span.start, n.span.end));
            }
        });
    }
    out.sort_unstable();
    out
}

/// Every comment of `text`, in order. `roots` are the file's parsed documents.
#[must_use]
pub fn comments(
    text: &str,
    roots: &[&Node],
    position: impl Fn(usize) -> (usize, usize),
) -> Vec<Comment> {
    let ranges = scalar_ranges(roots);
    let inside = |at: usize| {
        let i = ranges.partition_point(|r| r.0 <= at);
        ranges[..i]
            .iter()
            .rev()
            .take(8)
            .any(|&(s, e)| s <= at && at < e)
    };
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut line_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || b == b'\r' {
            line_start = i + 1;
            continue;
        }
        if b != b'#' {
            continue;
        }
        let after_blank = i == line_start || matches!(bytes[i - 1], b' ' | b'\t');
        if !after_blank || inside(i) {
            continue;
        }
        let end = text[i..].find(['\n', '\r']).map_or(text.len(), |e| i + e);
        // Already inside a comment of this line?
        if out
            .last()
            .is_some_and(|c: &Comment| c.span.start >= line_start && c.span.end >= i)
        {
            continue;
        }
        let (line, column) = position(i);
        out.push(Comment {
            span: Span {
                start: i,
                end,
                line,
                column,
            },
            text: text[i + 1..end].to_owned(),
            own_line: text[line_start..i].trim().is_empty(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};

    fn found(text: &str) -> Vec<(String, bool)> {
        let src = SourceText::new(text.to_owned());
        let parsed = parse(&src);
        let roots: Vec<&Node> = parsed.documents.iter().map(|d| &d.root).collect();
        comments(text, &roots, |o| src.position(o))
            .into_iter()
            .map(|c| (c.text, c.own_line))
            .collect()
    }

    #[test]
    fn comments_but_not_hashes_in_text() {
        let text = "# top\na: \"x # not\"  # real\nb: c#d\nc: |\n  # text\nd: 'e # f' # g\n";
        assert_eq!(
            found(text),
            [
                (" top".to_owned(), true),
                (" real".to_owned(), false),
                (" g".to_owned(), false)
            ]
        );
    }
}
