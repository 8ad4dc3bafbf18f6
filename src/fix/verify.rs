//! Proof that an edit did what it meant and nothing else: the edited text is parsed
//! again and its values compared with the original's plus the intended changes.

use crate::diagnostic::{Change, NewScalar};
use crate::document::{pointer_segments, Entry, Node, Span, Style, Value};

/// The values the edited text must parse to: every document of `roots` with `changes`
/// (each with the index of its document) applied.
///
/// # Errors
/// A change whose effect cannot be stated (its node is gone).
pub fn expected(roots: &[Node], changes: &[(usize, &Change)]) -> Result<Vec<Node>, String> {
    let mut out = roots.to_vec();
    for (doc, change) in changes {
        let root = out.get_mut(*doc).ok_or("the document is gone")?;
        apply(root, change)?;
    }
    Ok(out)
}

fn apply(root: &mut Node, change: &Change) -> Result<(), String> {
    match change {
        Change::SetScalar { span, value } => {
            let node = value_mut(root, *span).ok_or("the value is gone")?;
            node.value = scalar(value);
        }
        Change::RenameKey { span, to } => {
            let entry = entry_mut(root, *span).ok_or("the key is gone")?;
            entry.key.value = Value::String(to.as_str().into());
        }
        Change::ReplaceText { span, from, to } => {
            let old = from.clone();
            let target = scalar_around_mut(root, *span).ok_or("the value is gone")?;
            let Value::String(s) = &mut target.value else {
                return Err("the value is not text".to_owned());
            };
            if !s.contains(&old) {
                return Err("the text to replace is written with escapes".to_owned());
            }
            *s = s.replacen(&old, to, 1).into();
        }
        Change::Insert {
            at, path, value, ..
        } => {
            let mut node = pointer_mut(root, at).ok_or("the place to insert at is gone")?;
            for (i, key) in path.iter().enumerate() {
                if node.value == Value::Null {
                    node.value = Value::Map(Vec::new());
                }
                let Value::Map(entries) = &mut node.value else {
                    return Err("there is a value here already, not a mapping".to_owned());
                };
                let pos = match entries.iter().position(|e| e.key.as_str() == Some(key)) {
                    Some(p) => p,
                    None => {
                        let leaf = i + 1 == path.len();
                        entries.push(Entry::new(
                            plain(Value::String(key.as_str().into())),
                            plain(if leaf {
                                scalar(value)
                            } else {
                                Value::Map(Vec::new())
                            }),
                        ));
                        entries.len() - 1
                    }
                };
                node = &mut entries[pos].value;
            }
            if path.is_empty() {
                node.value = scalar(value);
            }
        }
    }
    Ok(())
}

fn plain(value: Value) -> Node {
    Node::new(value, Span::default(), Style::Plain)
}

fn scalar(value: &NewScalar) -> Value {
    match value {
        NewScalar::Bool(b) => Value::Bool(*b),
        NewScalar::Text(s) => Value::String(s.as_str().into()),
    }
}

/// The path (child indices) to the deepest node for which `hit` holds, descending
/// only into nodes for which `down` holds.
fn find_path(
    root: &Node,
    hit: &dyn Fn(&Node) -> bool,
    down: &dyn Fn(&Node) -> bool,
) -> Option<Vec<usize>> {
    let children: Vec<&Node> = match &root.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Map(entries) => entries.iter().map(|e| &e.value).collect(),
        _ => Vec::new(),
    };
    if down(root) {
        for (i, c) in children.iter().enumerate() {
            if let Some(mut p) = find_path(c, hit, down) {
                p.insert(0, i);
                return Some(p);
            }
        }
    }
    hit(root).then(Vec::new)
}

fn follow<'a>(mut node: &'a mut Node, path: &[usize]) -> Option<&'a mut Node> {
    for &i in path {
        node = match &mut node.value {
            Value::Seq(items) => items.get_mut(i)?,
            Value::Map(entries) => &mut entries.get_mut(i)?.value,
            _ => return None,
        };
    }
    Some(node)
}

/// The deepest value node at exactly `span` (alias copies keep the anchor's spans, so
/// every child is searched).
fn value_mut(root: &mut Node, span: Span) -> Option<&mut Node> {
    let hit = |n: &Node| n.span.start == span.start && n.span.end == span.end;
    let path = find_path(root, &hit, &|_| true)?;
    follow(root, &path)
}

/// The deepest scalar whose span holds `span`.
fn scalar_around_mut(root: &mut Node, span: Span) -> Option<&mut Node> {
    let holds = |n: &Node| n.span.start <= span.start && span.end <= n.span.end;
    let scalar = |n: &Node| holds(n) && !matches!(n.value, Value::Seq(_) | Value::Map(_));
    let path = find_path(root, &scalar, &holds)?;
    follow(root, &path)
}

fn entry_mut(root: &mut Node, span: Span) -> Option<&mut Entry> {
    match &mut root.value {
        Value::Seq(items) => items.iter_mut().find_map(|n| entry_mut(n, span)),
        Value::Map(entries) => {
            let pos = entries
                .iter()
                .position(|e| e.key.span.start == span.start && e.key.span.end == span.end);
            match pos {
                Some(p) => Some(&mut entries[p]),
                None => entries
                    .iter_mut()
                    .find_map(|e| entry_mut(&mut e.value, span)),
            }
        }
        _ => None,
    }
}

fn pointer_mut<'a>(root: &'a mut Node, pointer: &str) -> Option<&'a mut Node> {
    let mut node = root;
    for seg in pointer_segments(pointer) {
        node = match &mut node.value {
            Value::Seq(items) => items.get_mut(seg.parse::<usize>().ok()?)?,
            Value::Map(entries) => &mut entries.iter_mut().find(|e| e.key.key_text() == seg)?.value,
            _ => return None,
        };
    }
    Some(node)
}

/// Equal values, whatever their spans and styles (floats by bits, so NaN equals NaN).
#[must_use]
pub fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| same(&p.key, &q.key) && same(&p.value, &q.value))
        }
        (x, y) => x == y,
    }
}

/// The first difference between two streams, for the refusal message.
#[must_use]
pub fn differ(expected: &[Node], actual: &[Node]) -> Option<String> {
    if expected.len() != actual.len() {
        return Some(format!(
            "the file would hold {} documents instead of {}",
            actual.len(),
            expected.len()
        ));
    }
    expected
        .iter()
        .zip(actual)
        .position(|(e, a)| !same(e, a))
        .map(|i| format!("document {} would not read back as intended", i + 1))
}
