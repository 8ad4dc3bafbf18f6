//! A fix's [`Change`]s into byte [`Edit`]s on the text they were found in, keeping the
//! file's own layout: the replaced scalar's quoting, the sibling keys' indentation, flow
//! or block style, and its line breaks. Anything it cannot place safely is refused.

use super::locate::{
    after_line, at_pointer, break_after, entry_at, file_break, indent_of, is_flow, line_end,
    scalar_around, value_at,
};
use super::scalar::{render, render_text, Quote};
use crate::diagnostic::{Change, NewScalar};
use crate::document::{Node, Value};

/// Replace `start..end` of the text with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One key to add below a mapping: the nested `path`, its value and comment.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub path: Vec<String>,
    pub value: NewScalar,
    pub comment: Option<String>,
}

/// Edits for one change other than an insertion (see [`insert`]).
///
/// # Errors
/// Why the change cannot be made safely.
pub fn edit(text: &str, root: &Node, change: &Change) -> Result<Vec<Edit>, String> {
    let roots = [root];
    match change {
        Change::SetScalar { span, value } => {
            let found = value_at(&roots, *span, text).ok_or("the value is no longer there")?;
            let raw = &text[span.start..span.end];
            scalar_only(found.node)?;
            let quote = match value {
                NewScalar::Bool(_) => Quote::Plain,
                NewScalar::Text(_) => Quote::of(raw),
            };
            Ok(vec![Edit {
                start: span.start,
                end: span.end,
                text: render(value, quote, found.in_flow),
            }])
        }
        Change::RenameKey { span, to } => {
            let (entry, in_flow) =
                entry_at(&roots, *span, text).ok_or("the key is no longer there")?;
            scalar_only(&entry.key)?;
            let raw = &text[span.start..span.end];
            Ok(vec![Edit {
                start: span.start,
                end: span.end,
                text: render_text(to, Quote::of(raw), in_flow),
            }])
        }
        Change::ReplaceText { span, from, to } => {
            if text.get(span.start..span.end) != Some(from.as_str()) {
                return Err(format!("`{from}` is no longer there"));
            }
            let found =
                scalar_around(&roots, *span, text).ok_or("the text is not inside one value")?;
            let raw = &text[found.node.span.start..found.node.span.end];
            let unsafe_chars: &[char] = match Quote::of(raw) {
                Quote::Double => &['"', '\\'],
                Quote::Single => &['\''],
                Quote::Plain if found.node.style == crate::document::Style::Block => {
                    return Err("the value is a block scalar".to_owned())
                }
                Quote::Plain => &['#', ',', '[', ']', '{', '}'],
            };
            if to.contains(unsafe_chars) || to.contains(['\n', '\r']) {
                return Err(format!(
                    "`{to}` cannot be written inside this value as it is quoted"
                ));
            }
            Ok(vec![Edit {
                start: span.start,
                end: span.end,
                text: to.clone(),
            }])
        }
        Change::Insert {
            at,
            path,
            value,
            comment,
        } => insert(
            text,
            root,
            at,
            &[NewKey {
                path: path.clone(),
                value: value.clone(),
                comment: comment.clone(),
            }],
        ),
    }
}

fn scalar_only(node: &Node) -> Result<(), String> {
    match node.value {
        Value::Seq(_) | Value::Map(_) => Err("the value is a collection, not a scalar".to_owned()),
        _ => Ok(()),
    }
}

/// A tree of keys to write, in the order they were asked for.
#[derive(Debug)]
enum Tree<'a> {
    Leaf(&'a NewScalar, Option<&'a str>),
    Branch(Vec<(&'a str, Tree<'a>)>),
}

fn tree(keys: &[NewKey]) -> Vec<(&str, Tree<'_>)> {
    let mut top: Vec<(&str, Tree<'_>)> = Vec::new();
    for k in keys {
        let mut level = &mut top;
        for (i, seg) in k.path.iter().enumerate() {
            let last = i + 1 == k.path.len();
            let pos = level.iter().position(|(name, _)| *name == seg.as_str());
            let pos = match pos {
                Some(p) => p,
                None => {
                    let node = if last {
                        Tree::Leaf(&k.value, k.comment.as_deref())
                    } else {
                        Tree::Branch(Vec::new())
                    };
                    level.push((seg.as_str(), node));
                    level.len() - 1
                }
            };
            match &mut level[pos].1 {
                Tree::Branch(children) if !last => level = children,
                _ => break,
            }
        }
    }
    top
}

/// One edit adding `keys` below the node at `at` (a mapping, or an empty value that
/// becomes a block mapping; an empty path fills the empty value itself).
///
/// # Errors
/// Why the keys cannot be placed safely.
pub fn insert(text: &str, root: &Node, at: &str, keys: &[NewKey]) -> Result<Vec<Edit>, String> {
    let (found, key) = at_pointer(root, at, text).ok_or("the place to insert at is gone")?;
    let node = found.node;
    if keys.iter().any(|k| k.path.is_empty()) {
        return fill_empty(text, node, key, &keys[0]);
    }
    let items = tree(keys);
    match &node.value {
        Value::Map(entries) if is_flow(node, text) => {
            flow_insert(text, node, &items, found.in_flow)
        }
        Value::Map(entries) => {
            let first = entries.first().ok_or("an empty block mapping")?;
            let indent = indent_of(text, first.key.span.start)
                .ok_or("the mapping's keys do not start their lines")?;
            let step = child_step(text, entries).unwrap_or(2);
            let end = node.span.end;
            // Items written `{result: pass, ...}` beside each other get a sibling alike.
            let mut maps = entries
                .iter()
                .filter(|e| e.value.as_map().is_some())
                .peekable();
            let flow_children = maps.peek().is_some() && maps.all(|e| is_flow(&e.value, text));
            let layout = Layout {
                indent,
                step,
                flow_children,
            };
            block_insert(text, end, layout, &items)
        }
        Value::Null => {
            let key = key.ok_or("the empty value is not under a key")?;
            if found.in_flow {
                return Err("an empty value inside a flow collection".to_owned());
            }
            let indent =
                indent_of(text, key.span.start).ok_or("the key does not start its line")?;
            let mut edits = Vec::new();
            // `key: ~` or `key: null`: the explicit null goes, the new keys follow the line.
            if node.span != key.span {
                let colon = colon_after(text, key.span.end).ok_or("no `:` after the key")?;
                edits.push(Edit {
                    start: colon + 1,
                    end: node.span.end,
                    text: String::new(),
                });
            }
            let mut block = block_insert(
                text,
                key.span.end.max(node.span.end),
                Layout {
                    indent: indent + 2,
                    step: 2,
                    flow_children: false,
                },
                &items,
            )?;
            edits.append(&mut block);
            Ok(edits)
        }
        _ => Err("there is a value here already, not a mapping".to_owned()),
    }
}

/// The indentation step of nested block mappings in this mapping, when one is nested.
fn child_step(text: &str, entries: &[crate::document::Entry]) -> Option<usize> {
    let parent = indent_of(text, entries.first()?.key.span.start)?;
    entries.iter().find_map(|e| match e.value.as_map() {
        Some(children) if !is_flow(&e.value, text) => {
            let child = indent_of(text, children.first()?.key.span.start)?;
            (child > parent).then(|| child - parent)
        }
        _ => None,
    })
}

fn colon_after(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let i = rest.find(':')?;
    rest[..i].trim().is_empty().then_some(from + i)
}

/// `key:` (nothing) → `key: TODO  # question`; `key: ~` → the same.
fn fill_empty(
    text: &str,
    node: &Node,
    key: Option<&Node>,
    new: &NewKey,
) -> Result<Vec<Edit>, String> {
    let key = key.ok_or("the empty value is not under a key")?;
    let colon = colon_after(text, key.span.end).ok_or("no `:` after the key")?;
    let value = render(&new.value, Quote::Plain, false);
    let (start, end) = if node.span == key.span {
        (colon + 1, colon + 1)
    } else {
        (colon + 1, node.span.end)
    };
    let mut edits = vec![Edit {
        start,
        end,
        text: format!(" {value}"),
    }];
    if let Some(c) = comment_if_free(text, end, new.comment.as_deref()) {
        let at = line_end(text, end);
        edits.push(Edit {
            start: at,
            end: at,
            text: c,
        });
    }
    Ok(edits)
}

/// `  # question` when the line has no comment after `from` and the text is safe.
fn comment_if_free(text: &str, from: usize, comment: Option<&str>) -> Option<String> {
    let comment = comment?;
    let rest = &text[from..line_end(text, from)];
    if rest.contains('#') || comment.contains(['\n', '\r']) {
        return None;
    }
    Some(format!("  # {comment}"))
}

/// How new block lines are laid out.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// Columns of the new keys.
    indent: usize,
    /// Extra columns per nesting level.
    step: usize,
    /// Write a nested mapping right below the insertion point as `{k: v, ...}`.
    flow_children: bool,
}

/// New lines below the line that holds `last_end`, with the file's own line break; a
/// file without a final line break keeps lacking one.
fn block_insert(
    text: &str,
    last_end: usize,
    layout: Layout,
    items: &[(&str, Tree<'_>)],
) -> Result<Vec<Edit>, String> {
    let eol_at = line_end(text, last_end);
    let eol = break_after(text, eol_at);
    let nl = if eol.is_empty() {
        file_break(text)
    } else {
        eol
    };
    let mut lines = Vec::new();
    write_block(items, layout, &mut lines)?;
    let body = lines.join(nl);
    if eol.is_empty() {
        // The last line of a file with no final line break: stay without one.
        Ok(vec![Edit {
            start: text.len(),
            end: text.len(),
            text: format!("{nl}{body}"),
        }])
    } else {
        let at = after_line(text, last_end);
        Ok(vec![Edit {
            start: at,
            end: at,
            text: format!("{body}{nl}"),
        }])
    }
}

fn comment_text(c: &str) -> Result<String, String> {
    if c.contains(['\n', '\r']) {
        return Err("a comment cannot hold a line break".to_owned());
    }
    Ok(format!("  # {c}"))
}

fn write_block(
    items: &[(&str, Tree<'_>)],
    layout: Layout,
    out: &mut Vec<String>,
) -> Result<(), String> {
    let pad = " ".repeat(layout.indent);
    for (key, node) in items {
        let key = render_text(key, Quote::Plain, false);
        match node {
            Tree::Leaf(value, comment) => {
                let mut line = format!("{pad}{key}: {}", render(value, Quote::Plain, false));
                if let Some(c) = comment {
                    line.push_str(&comment_text(c)?);
                }
                out.push(line);
            }
            Tree::Branch(children) if layout.flow_children => {
                let mut line = format!("{pad}{key}: {{{}}}", write_flow(children));
                if let Some(c) = first_comment(children) {
                    line.push_str(&comment_text(c)?);
                }
                out.push(line);
            }
            Tree::Branch(children) => {
                out.push(format!("{pad}{key}:"));
                let inner = Layout {
                    indent: layout.indent + layout.step,
                    flow_children: false,
                    ..layout
                };
                write_block(children, inner, out)?;
            }
        }
    }
    Ok(())
}

fn write_flow(items: &[(&str, Tree<'_>)]) -> String {
    items
        .iter()
        .map(|(key, node)| {
            let key = render_text(key, Quote::Plain, true);
            match node {
                Tree::Leaf(value, _) => format!("{key}: {}", render(value, Quote::Plain, true)),
                Tree::Branch(children) => format!("{key}: {{{}}}", write_flow(children)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn first_comment<'a>(items: &[(&str, Tree<'a>)]) -> Option<&'a str> {
    items.iter().find_map(|(_, node)| match node {
        Tree::Leaf(_, c) => *c,
        Tree::Branch(children) => first_comment(children),
    })
}

/// `{a: 1}` → `{a: 1, k: v}`; `{}` → `{k: v}`; `{a: 1,}` → `{a: 1, k: v}`. The question
/// goes after the closing brace when the mapping ends its line outside any other flow
/// collection.
fn flow_insert(
    text: &str,
    node: &Node,
    items: &[(&str, Tree<'_>)],
    nested: bool,
) -> Result<Vec<Edit>, String> {
    let close = node.span.end.checked_sub(1).ok_or("an empty span")?;
    if text.as_bytes().get(close) != Some(&b'}') {
        return Err("the flow mapping does not end with `}`".to_owned());
    }
    let inner = &text[node.span.start + 1..close];
    let before = inner.trim_end();
    let sep = if before.trim().is_empty() {
        ""
    } else if before.ends_with(',') {
        " "
    } else {
        ", "
    };
    let at = node.span.start + 1 + before.len();
    let mut edits = vec![Edit {
        start: at,
        end: at,
        text: format!("{sep}{}", write_flow(items)),
    }];
    if !nested {
        let after = node.span.end;
        let rest = &text[after..line_end(text, after)];
        if rest.trim().is_empty() {
            if let Some(c) = comment_if_free(text, after, first_comment(items)) {
                let end = line_end(text, after);
                edits.push(Edit {
                    start: end,
                    end,
                    text: c,
                });
            }
        }
    }
    Ok(edits)
}
