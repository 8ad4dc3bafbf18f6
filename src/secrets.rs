//! Masking detected secrets so no output, issue or report ever contains one.
//!
//! Detection is rule WB104 (`rules/wb104_secret_in_document.rs`); this module keeps
//! at most the first 4 characters of each secret and stars out the rest, in the source
//! text (for snippets) and in the document tree (for reports and issues).

use crate::document::{Node, SourceText, Span, Value};

pub use crate::rules::find_secrets as find;

/// Characters of a secret that may be shown.
pub const VISIBLE: usize = 4;

/// `ghp_abcdef…` → `ghp_******…`, same number of characters.
#[must_use]
pub fn mask(secret: &str) -> String {
    secret
        .chars()
        .enumerate()
        .map(|(i, c)| if i < VISIBLE || c == '\n' { c } else { '*' })
        .collect()
}

/// The text with every span masked; byte offsets and line breaks are kept.
#[must_use]
pub fn mask_text(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        let Some(slice) = text.get(span.start..span.end.min(text.len())) else {
            continue;
        };
        for (i, (off, c)) in slice.char_indices().enumerate() {
            if i < VISIBLE || c == '\n' || c == '\r' {
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

/// Masks every string in the tree that holds one of the secrets.
pub fn mask_tree(root: &mut Node, source: &SourceText, spans: &[Span]) {
    let secrets: Vec<(Span, &str)> = spans
        .iter()
        .filter_map(|s| source.text().get(s.start..s.end).map(|t| (*s, t)))
        .collect();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let span = node.span;
        match &mut node.value {
            Value::String(s) => {
                for (secret_span, secret) in &secrets {
                    let overlaps = secret_span.start < span.end.max(span.start + 1)
                        && span.start < secret_span.end.max(secret_span.start + 1);
                    if !overlaps {
                        continue;
                    }
                    if !secret.is_empty() && s.contains(secret) {
                        *s = s.replace(secret, &mask(secret));
                    } else {
                        *s = mask(&s.clone());
                    }
                }
            }
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for e in entries {
                    stack.push(&mut e.key);
                    stack.push(&mut e.value);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_four_characters_and_offsets() {
        assert_eq!(mask("ghp_secretvalue"), "ghp_***********");
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
    }
}
