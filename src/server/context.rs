//! Where the cursor is in a document: the key path under it, from the parsed tree
//! when the document parses (flow mappings included), or read from the indentation
//! of the lines above (a document being typed rarely parses).

use super::keys::Seg;
use crate::document::{parse, Node, SourceText, Span, Value};

/// The key under `offset` and its path, from the parsed tree.
#[must_use]
pub fn key_at(text: &str, offset: usize) -> Option<(Vec<Seg>, Span)> {
    let source = SourceText::new(text.to_owned());
    let parsed = parse(&source);
    let doc = parsed
        .documents
        .iter()
        .rev()
        .find(|d| d.root.span.start <= offset)?;
    let mut path = Vec::new();
    walk(&doc.root, offset, &mut path)
}

fn walk(node: &Node, offset: usize, path: &mut Vec<Seg>) -> Option<(Vec<Seg>, Span)> {
    let inside = |s: Span| s.start <= offset && offset < s.end.max(s.start + 1);
    match &node.value {
        Value::Map(entries) => {
            for e in entries {
                let key = e.key.scalar_text().unwrap_or_default();
                if inside(e.key.span) || (e.key.span.end == offset && !key.is_empty()) {
                    path.push(Seg::Key(key));
                    return Some((path.clone(), e.key.span));
                }
                if inside(e.value.span) {
                    path.push(Seg::Key(key));
                    return walk(&e.value, offset, path);
                }
            }
            None
        }
        Value::Seq(items) => {
            let item = items.iter().find(|i| inside(i.span))?;
            path.push(Seg::Item);
            walk(item, offset, path)
        }
        _ => None,
    }
}

/// One line as indentation reads it.
struct Line<'a> {
    /// Columns of the `- ` item markers at its start.
    dashes: Vec<usize>,
    /// Column where its content (after indentation and dashes) starts.
    col: usize,
    content: &'a str,
}

impl<'a> Line<'a> {
    fn read(line: &'a str) -> Self {
        let mut col = 0;
        let mut dashes = Vec::new();
        let bytes = line.as_bytes();
        loop {
            while col < bytes.len() && bytes[col] == b' ' {
                col += 1;
            }
            if bytes.get(col) == Some(&b'-') && matches!(bytes.get(col + 1), Some(b' ') | None) {
                dashes.push(col);
                col += 1;
            } else {
                break;
            }
        }
        Self {
            dashes,
            col,
            content: &line[col.min(line.len())..],
        }
    }

    /// The key this line starts with (`key:` or `key: value`).
    fn key(&self) -> Option<&'a str> {
        let (k, rest) = self.content.split_once(':')?;
        let ok = !k.is_empty()
            && !k.starts_with(['#', '{', '[', '"', '\''])
            && (rest.is_empty() || rest.starts_with([' ', '\t']));
        ok.then(|| k.trim_end())
    }

    fn blank(&self) -> bool {
        self.dashes.is_empty() && (self.content.trim().is_empty() || self.content.starts_with('#'))
    }
}

/// The cursor's place as the indentation says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The path of the mapping the cursor's line belongs to.
    pub parents: Vec<Seg>,
    /// Keys already written in that mapping.
    pub siblings: Vec<String>,
    /// When the cursor is after `key: `, the key (a value is being written).
    pub key: Option<String>,
    /// Byte offset where the word being typed starts.
    pub word_start: usize,
}

/// Reads the cursor's place at `offset` in `text`.
#[must_use]
pub fn place(text: &str, offset: usize) -> Place {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let current = Line::read(&text[line_start..line_end]);
    let before = &text[line_start..offset];
    let mut place = Place {
        word_start: offset - before.len() + before.trim_end_matches(is_word).len(),
        ..Place::default()
    };
    let mut want = current.col.min(before.len());
    let mut path = Vec::new();
    if let Some(k) = Line::read(before).key() {
        place.key = Some(k.to_owned());
    }
    if let Some(&d) = current.dashes.last() {
        path.push(Seg::Item);
        want = d;
    }
    let column = want;
    let mut in_block = current.dashes.is_empty();
    for raw in text[..line_start].lines().rev() {
        if raw.starts_with("---") || raw.starts_with("...") {
            break;
        }
        let l = Line::read(raw);
        if l.blank() || l.col > want {
            continue; // deeper: inside a sibling's value
        }
        let dash = l.dashes.last().copied();
        if l.col == want {
            if in_block {
                place.siblings.extend(l.key().map(str::to_owned));
            }
            if let Some(d) = dash {
                path.push(Seg::Item); // the item the cursor is in starts here
                want = d;
                in_block = false;
            }
            continue;
        }
        // Less indented: the key whose value holds the cursor's mapping.
        let Some(k) = l.key() else { break };
        path.push(Seg::Key(k.to_owned()));
        in_block = false;
        match dash {
            Some(d) => {
                path.push(Seg::Item);
                want = d;
            }
            None if l.col == 0 => break,
            None => want = l.col,
        }
    }
    // Keys below the cursor in the same mapping.
    if current.dashes.is_empty() {
        for raw in text[line_end..].lines().skip(1) {
            let l = Line::read(raw);
            if l.blank() {
                continue;
            }
            let new_item = l.dashes.first().is_some_and(|&d| d < column);
            if raw.starts_with("---") || l.col < column || new_item {
                break;
            }
            if l.col == column && l.dashes.is_empty() {
                place.siblings.extend(l.key().map(str::to_owned));
            }
        }
    }
    path.reverse();
    place.parents = path;
    place
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(p: &[Seg]) -> Vec<String> {
        p.iter()
            .map(|s| match s {
                Seg::Key(k) => k.clone(),
                Seg::Item => "[]".to_owned(),
            })
            .collect()
    }

    fn at(text: &str) -> Place {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        place(&text, offset)
    }

    #[test]
    fn indentation_gives_parents_siblings_and_items() {
        let p =
            at("spec:\n  security:\n    auth_method: oauth\n    |\n    least_privilege: true\n");
        assert_eq!(keys(&p.parents), ["spec", "security"]);
        assert_eq!(p.siblings, ["auth_method", "least_privilege"]);
        assert_eq!(p.key, None);

        let p = at("spec:\n  secondary:\n    - app: Shopify\n      rel|\n");
        assert_eq!(keys(&p.parents), ["spec", "secondary", "[]"]);
        assert_eq!(p.siblings, ["app"]);

        let p = at("spec:\n  secondary:\n    - app: A\n      data_flows:\n        - data: x\n          |\n");
        assert_eq!(
            keys(&p.parents),
            ["spec", "secondary", "[]", "data_flows", "[]"]
        );
        assert_eq!(p.siblings, ["data"]);

        let p = at("metadata:\n  id: a\n  tier: cr|\n");
        assert_eq!(keys(&p.parents), ["metadata"]);
        assert_eq!(p.key.as_deref(), Some("tier"));

        let p = at("spec:\n  secondary:\n    - |\n");
        assert_eq!(keys(&p.parents), ["spec", "secondary", "[]"]);

        let p = at("apiVersion: wirebook.dev/v1\n|\n");
        assert!(p.parents.is_empty());
        assert_eq!(p.siblings, ["apiVersion"]);
    }

    #[test]
    fn the_tree_finds_keys_in_flow_mappings() {
        let text = "metadata: {id: a, tier: high}\nspec:\n  secondary:\n    - app: B\n";
        let (path, span) = key_at(text, text.find("tier").unwrap() + 1).unwrap();
        assert_eq!(keys(&path), ["metadata", "tier"]);
        assert_eq!(&text[span.start..span.end], "tier");
        let (path, _) = key_at(text, text.find("app").unwrap()).unwrap();
        assert_eq!(keys(&path), ["spec", "secondary", "[]", "app"]);
        assert!(key_at(text, text.find("high").unwrap()).is_none());
    }
}
