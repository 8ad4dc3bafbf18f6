//! Masking by position: the first [`VISIBLE`] characters of a secret stay, the rest
//! become `*` (line breaks and indentation kept, so offsets and layout do not move).
//! A secret of [`VISIBLE`] characters or fewer is masked whole. Nothing is searched
//! for again: the source is masked at the detected spans, the tree at the detected
//! ranges of each string node.

use std::collections::HashMap;
use std::ops::Range;

use super::detect::Detection;
use crate::document::{Node, Span, Value};

/// Characters of a secret that may be shown.
pub const VISIBLE: usize = 4;

fn keep(c: char) -> bool {
    matches!(c, '\n' | '\r' | ' ' | '\t')
}

/// How many leading characters of a secret of `n` characters may be shown.
fn visible(n: usize) -> usize {
    if n <= VISIBLE {
        0
    } else {
        VISIBLE
    }
}

/// `ghp_abcdef…` → `ghp_******…`, same number of characters.
#[must_use]
pub fn mask(secret: &str) -> String {
    let show = visible(secret.chars().count());
    secret
        .chars()
        .enumerate()
        .map(|(i, c)| if i < show || keep(c) { c } else { '*' })
        .collect()
}

/// Masks `range` of `s` in place (the range must lie on character boundaries).
fn mask_range(s: &mut crate::document::Text, range: Range<usize>) {
    let Some(part) = s.get(range.clone()) else {
        return;
    };
    let masked = mask(part);
    s.replace_range(range, &masked);
}

/// The text with every span masked; byte offsets and line breaks are kept (a masked
/// multi-byte character becomes as many `*` as it had bytes).
#[must_use]
pub fn mask_text(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        let Some(slice) = text.get(span.start..span.end.min(text.len())) else {
            continue;
        };
        let show = visible(slice.chars().count());
        for (i, (off, c)) in slice.char_indices().enumerate() {
            if i < show || keep(c) {
                continue;
            }
            let at = span.start + off;
            for b in &mut bytes[at..at + c.len_utf8()] {
                *b = b'*';
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// The tree with every detection masked in its own node, or `None` when there is
/// nothing to mask. Each string node is matched to its detections by its span.
#[must_use]
pub fn masked_tree(root: &Node, found: &[Detection]) -> Option<Node> {
    if found.is_empty() {
        return None;
    }
    let mut by_node: HashMap<(usize, usize), Vec<Range<usize>>> = HashMap::new();
    for d in found {
        by_node
            .entry((d.node.start, d.node.end))
            .or_default()
            .push(d.value.clone());
    }
    let mut out = root.clone();
    mask_nodes(&mut out, &by_node);
    Some(out)
}

fn mask_nodes(root: &mut Node, by_node: &HashMap<(usize, usize), Vec<Range<usize>>>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let span = node.span;
        match &mut node.value {
            Value::String(s) => {
                if let Some(ranges) = by_node.get(&(span.start, span.end)) {
                    for r in ranges {
                        mask_range(s, r.clone());
                    }
                }
            }
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for e in entries {
                    // A key is a scalar: masked here, and its vocabulary number read again.
                    let span = e.key.span;
                    if let (Value::String(s), Some(ranges)) =
                        (&mut e.key.value, by_node.get(&(span.start, span.end)))
                    {
                        for r in ranges {
                            mask_range(s, r.clone());
                        }
                        e.key_changed();
                    } else {
                        stack.push(&mut e.key);
                    }
                    stack.push(&mut e.value);
                }
            }
            _ => {}
        }
    }
}

/// Every string of the tree, for tests that look for leaks.
#[must_use]
pub fn strings(root: &Node) -> Vec<&str> {
    let mut out = Vec::new();
    root.walk_strings_and_keys(|_, n| out.extend(n.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};

    #[test]
    fn masks_keep_four_characters_and_offsets() {
        assert_eq!(mask("ghp_secretvalue"), "ghp_***********");
        assert_eq!(mask("Zq7!"), "****", "4 characters or fewer: masked whole");
        assert_eq!(mask("bob:Zq7!"), "bob:****");
        let text = "token: ghp_abcdefgh\nnext: 1\n";
        let start = text.find("ghp_").unwrap();
        let span = Span {
            start,
            end: start + 12,
            line: 1,
            column: 8,
        };
        let masked = mask_text(text, &[span]);
        assert_eq!(masked, "token: ghp_********\nnext: 1\n");
        assert_eq!(masked.len(), text.len());
        let short = Span {
            start: 7,
            end: 10,
            line: 1,
            column: 8,
        };
        assert_eq!(&mask_text(text, &[short])[7..10], "***");
    }

    #[test]
    fn the_tree_is_masked_where_the_secret_was_found() {
        let yaml = "a: mongodb://svc_ledger:svc_ledger@mongo.example/x\nb: svc_ledger\n";
        let src = SourceText::new(yaml.to_owned());
        let root = &parse(&src).documents[0].root;
        let found = super::super::detect::find(root, &src);
        let masked = masked_tree(root, &found).unwrap();
        assert_eq!(
            masked.get("a").unwrap().as_str(),
            Some("mongodb://svc_*****************@mongo.example/x")
        );
        assert_eq!(
            masked.get("b").unwrap().as_str(),
            Some("svc_ledger"),
            "other nodes are untouched"
        );
        assert!(masked_tree(root, &[]).is_none());
    }
}
