//! JSON pointer (RFC 6901) to the node it names, so schema errors point at source.

use super::node::Node;

/// Splits `/a/b~1c` into `["a", "b/c"]`.
#[must_use]
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The node a pointer names, or the deepest existing node on its way.
#[must_use]
pub fn lookup<'a>(root: &'a Node, pointer: &str) -> &'a Node {
    let mut node = root;
    for seg in pointer_segments(pointer) {
        let next = match (&node.value, seg.parse::<usize>()) {
            (super::Value::Seq(items), Ok(i)) => items.get(i),
            (super::Value::Map(entries), _) => entries
                .iter()
                .find(|e| e.key.key_text() == seg)
                .map(|e| &e.value),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// The key node of the entry a pointer names, when it ends in a mapping key.
#[must_use]
pub fn lookup_key<'a>(root: &'a Node, pointer: &str, key: &str) -> Option<&'a Node> {
    lookup(root, pointer)
        .as_map()?
        .iter()
        .find(|e| e.key.key_text() == key)
        .map(|e| &e.key)
}

/// Escapes one pointer segment (RFC 6901).
#[must_use]
pub fn escape_segment(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

/// The JSON pointer of the deepest node whose source covers `offset` (a key counts as
/// its entry), or `""` for the root.
#[must_use]
pub fn pointer_at(root: &Node, offset: usize) -> String {
    let covers =
        |n: &Node| n.span.start <= offset && (offset < n.span.end || offset == n.span.start);
    let mut out = String::new();
    let mut node = root;
    loop {
        let next = match &node.value {
            super::Value::Seq(items) => items
                .iter()
                .enumerate()
                .find(|(_, n)| covers(n))
                .map(|(i, n)| (i.to_string(), n)),
            super::Value::Map(entries) => entries
                .iter()
                .find(|e| covers(&e.key) || covers(&e.value))
                .map(|e| (e.key.key_text(), &e.value)),
            _ => None,
        };
        match next {
            Some((seg, child)) => {
                out.push('/');
                out.push_str(&escape_segment(&seg));
                node = child;
            }
            None => return out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};

    #[test]
    fn finds_nested_nodes() {
        let src = SourceText::new("a:\n  - b: 1\n  - c/d: 2\n".to_owned());
        let root = &parse(&src).documents[0].root;
        assert_eq!(lookup(root, "/a/1/c~1d").span.line, 3);
        assert_eq!(lookup(root, "/a/0/missing").span.line, 2);
        assert_eq!(lookup_key(root, "/a/0", "b").unwrap().span.column, 5);
    }

    #[test]
    fn pointer_of_an_offset() {
        let text = "a:\n  - b: 1\n  - c/d: [x, y]\n";
        let src = SourceText::new(text.to_owned());
        let root = &parse(&src).documents[0].root;
        assert_eq!(pointer_at(root, text.find('y').unwrap()), "/a/1/c~1d/1");
        assert_eq!(pointer_at(root, text.find("b:").unwrap()), "/a/0/b");
        assert_eq!(pointer_at(root, 0), "/a");
    }
}
