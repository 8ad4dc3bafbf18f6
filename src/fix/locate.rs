//! Finding the node a change is about in a freshly parsed tree, and the layout around
//! it (line ends, indentation, flow or block style).

use crate::document::{pointer_segments, Entry, Node, Span, Value};

/// A node, and whether any collection above it is written in flow style.
pub struct Found<'a> {
    pub node: &'a Node,
    pub in_flow: bool,
}

/// The value node whose span is exactly `span` (keys are not values), searched in every
/// document root. The deepest match wins: an empty value shares its key's span.
#[must_use]
pub fn value_at<'a>(roots: &'a [&'a Node], span: Span, text: &str) -> Option<Found<'a>> {
    let mut best: Option<Found<'a>> = None;
    for root in roots {
        let mut stack = vec![(*root, false)];
        while let Some((node, in_flow)) = stack.pop() {
            if node.span.start == span.start && node.span.end == span.end {
                best = Some(Found { node, in_flow });
            }
            let flow = in_flow || is_flow(node, text);
            match &node.value {
                Value::Seq(items) => stack.extend(items.iter().map(|n| (n, flow))),
                Value::Map(entries) => stack.extend(entries.iter().map(|e| (&e.value, flow))),
                _ => {}
            }
        }
    }
    best
}

/// The deepest scalar value whose span holds all of `span`.
#[must_use]
pub fn scalar_around<'a>(roots: &'a [&'a Node], span: Span, text: &str) -> Option<Found<'a>> {
    let mut best: Option<Found<'a>> = None;
    for root in roots {
        let mut stack = vec![(*root, false)];
        while let Some((node, in_flow)) = stack.pop() {
            let holds = node.span.start <= span.start && span.end <= node.span.end;
            if !holds {
                continue;
            }
            let flow = in_flow || is_flow(node, text);
            match &node.value {
                Value::Seq(items) => stack.extend(items.iter().map(|n| (n, flow))),
                Value::Map(entries) => stack.extend(entries.iter().map(|e| (&e.value, flow))),
                _ => best = Some(Found { node, in_flow }),
            }
        }
    }
    best
}

/// The mapping entry whose key node is exactly at `span`.
#[must_use]
pub fn entry_at<'a>(roots: &'a [&'a Node], span: Span, text: &str) -> Option<(&'a Entry, bool)> {
    for root in roots {
        let mut stack = vec![(*root, false)];
        while let Some((node, in_flow)) = stack.pop() {
            let flow = in_flow || is_flow(node, text);
            match &node.value {
                Value::Seq(items) => stack.extend(items.iter().map(|n| (n, flow))),
                Value::Map(entries) => {
                    for e in entries {
                        if e.key.span.start == span.start && e.key.span.end == span.end {
                            return Some((e, flow));
                        }
                        stack.push((&e.value, flow));
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// The node at `pointer` in `root`, only when the whole pointer resolves, with whether
/// it sits inside a flow collection and its parent entry's key (for a mapping value).
#[must_use]
pub fn at_pointer<'a>(
    root: &'a Node,
    pointer: &str,
    text: &str,
) -> Option<(Found<'a>, Option<&'a Node>)> {
    let mut node = root;
    let mut in_flow = false;
    let mut key = None;
    for seg in pointer_segments(pointer) {
        in_flow = in_flow || is_flow(node, text);
        match &node.value {
            Value::Seq(items) => {
                node = items.get(seg.parse::<usize>().ok()?)?;
                key = None;
            }
            Value::Map(entries) => {
                let e = entries.iter().find(|e| e.key.key_text() == seg)?;
                key = Some(&e.key);
                node = &e.value;
            }
            _ => return None,
        }
    }
    Some((Found { node, in_flow }, key))
}

/// Is this collection written in flow style (`[...]`, `{...}`)?
#[must_use]
pub fn is_flow(node: &Node, text: &str) -> bool {
    matches!(node.value, Value::Seq(_) | Value::Map(_))
        && matches!(text.as_bytes().get(node.span.start), Some(b'[' | b'{'))
}

/// Byte offset of the start of the line holding `at`.
#[must_use]
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1)
}

/// Byte offset of the end of the line holding `at` (before its line break).
#[must_use]
pub fn line_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| at + i)
}

/// The line break that follows the line ending at `end` (`""` at the end of the file).
#[must_use]
pub fn break_after(text: &str, end: usize) -> &str {
    let rest = &text[end..];
    if rest.starts_with("\r\n") {
        "\r\n"
    } else if rest.starts_with('\n') {
        "\n"
    } else if rest.starts_with('\r') {
        "\r"
    } else {
        ""
    }
}

/// The file's line break: the first one written, else `\n`.
#[must_use]
pub fn file_break(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// The column (in characters, 0-based) of `at` on its line, when only spaces or a
/// sequence indicator (`- `) come before it on that line: the indentation a sibling key
/// must have.
#[must_use]
pub fn indent_of(text: &str, at: usize) -> Option<usize> {
    let start = line_start(text, at);
    let prefix = &text[start..at];
    prefix
        .chars()
        .all(|c| c == ' ' || c == '-')
        .then(|| prefix.chars().count())
}

/// The offset just after the comment or blanks that end the line holding `at`, i.e.
/// where new lines can follow it.
#[must_use]
pub fn after_line(text: &str, at: usize) -> usize {
    let end = line_end(text, at);
    end + break_after(text, end).len()
}
