//! The span-carrying YAML tree every rule reads.

use serde_json::Value as Json;

use super::vocab::{Key, Sym};

/// A byte range in a source file, with the 1-based line and column of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Span {
    #[must_use]
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How a scalar was written: rules treat quoted text differently from plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

/// A scalar's text. Most keys and many values (dates, handles, `TODO`) fit in its 24
/// bytes without a heap allocation, which is most of what building and releasing a tree
/// costs (DEPENDENCIES.md).
pub type Text = compact_str::CompactString;

/// A YAML value resolved with the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Text),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// The key's number in the schema's vocabulary, read from its text by
    /// [`Entry::new`] (and again by [`Entry::key_changed`]).
    sym: Sym,
}

impl Entry {
    #[must_use]
    pub fn new(key: Node, value: Node) -> Self {
        let sym = Self::read_sym(&key);
        Self { key, value, sym }
    }

    fn read_sym(key: &Node) -> Sym {
        key.as_str().map_or(Sym::NONE, Sym::of)
    }

    /// The key's number in [`vocab::WORDS`](super::vocab::WORDS), or [`Sym::NONE`].
    #[must_use]
    pub fn sym(&self) -> Sym {
        self.sym
    }

    /// Reads the key's number again after its text was changed in place.
    pub fn key_changed(&mut self) {
        self.sym = Self::read_sym(&self.key);
    }

    /// Is this entry's key `key`?
    #[must_use]
    pub fn has(&self, key: Key) -> bool {
        debug_assert_eq!(
            self.sym,
            Self::read_sym(&self.key),
            "a key changed without `Entry::key_changed`"
        );
        self.sym == key.sym()
    }

    /// Is the key `key`, whose number is `sym`?
    #[must_use]
    pub fn has_key(&self, key: &str, sym: Sym) -> bool {
        debug_assert_eq!(
            self.sym,
            Self::read_sym(&self.key),
            "a key changed without `Entry::key_changed`"
        );
        // Equal texts have equal numbers; only keys outside the vocabulary are compared.
        self.sym == sym && (sym.is_known() || self.key.as_str() == Some(key))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
    pub style: Style,
}

/// Words that mean "not answered yet" (SPEC section 2), compared case-insensitively.
pub const PLACEHOLDERS: &[&str] = &["todo", "tbd", "?", "-", "unknown"];

const LONGEST_PLACEHOLDER: usize = {
    let (mut i, mut n) = (0, 0);
    while i < PLACEHOLDERS.len() {
        if PLACEHOLDERS[i].len() > n {
            n = PLACEHOLDERS[i].len();
        }
        i += 1;
    }
    n
};

/// Is `s` a placeholder such as `TODO` or `TBD`?
#[must_use]
pub fn is_placeholder(s: &str) -> bool {
    // Longer than every placeholder, and no blank at either end to trim: not one.
    let b = s.as_bytes();
    if b.len() > LONGEST_PLACEHOLDER && b[0].is_ascii_graphic() && b[b.len() - 1].is_ascii_graphic()
    {
        return false;
    }
    let t = s.trim();
    PLACEHOLDERS.iter().any(|p| t.eq_ignore_ascii_case(p))
}

/// Is `s` empty or only blanks? (A visible ASCII character first answers at once.)
fn is_blank(s: &str) -> bool {
    !s.as_bytes().first().is_some_and(u8::is_ascii_graphic) && s.trim().is_empty()
}

impl Node {
    #[must_use]
    pub fn new(value: Value, span: Span, style: Style) -> Self {
        Self { value, span, style }
    }

    /// The value under `key` when this node is a mapping.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The whole entry (key node and value) under `key`.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => {
                let sym = Sym::of(key);
                entries.iter().find(|e| e.has_key(key, sym))
            }
            _ => None,
        }
    }

    /// The value under `key` (compared by number only: a [`Key`] is always a word of
    /// the vocabulary).
    #[must_use]
    pub fn at(&self, key: Key) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.has(key)).map(|e| &e.value),
            _ => None,
        }
    }

    /// Follows a chain of [`Key`]s: `node.at_path(&keys!["spec", "primary", "app"])`.
    #[must_use]
    pub fn at_path(&self, keys: &[Key]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, &key| node.at(key))
    }

    /// Follows a chain of mapping keys: `node.path(&["spec", "primary", "app"])`.
    #[must_use]
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The text of a scalar as written (numbers and booleans rendered back).
    #[must_use]
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// SPEC section 2: absent (the caller's `None`), `null`, empty string or list,
    /// or a placeholder such as `TODO`.
    #[must_use]
    pub fn is_unanswered(&self) -> bool {
        match &self.value {
            Value::Null => true,
            Value::String(s) => is_placeholder(s) || is_blank(s),
            Value::Seq(items) => items.is_empty(),
            Value::Map(entries) => entries.is_empty(),
            Value::Bool(_) | Value::Int(_) | Value::Float(_) => false,
        }
    }

    /// Converts to JSON for the schema validator.
    #[must_use]
    pub fn to_json(&self) -> Json {
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::String(s) => Json::String(s.to_string()),
            Value::Seq(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => Json::Object(
                entries
                    .iter()
                    .map(|e| (e.key.key_text(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// A mapping key as text (non-string keys are rendered).
    #[must_use]
    pub fn key_text(&self) -> String {
        self.scalar_text().unwrap_or_else(|| match self.value {
            Value::Null => "null".to_owned(),
            _ => "<complex key>".to_owned(),
        })
    }

    /// Visits every node depth-first (iteratively: trees can be deep).
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Node)) {
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            f(node);
            match &node.value {
                Value::Seq(items) => stack.extend(items.iter().rev()),
                Value::Map(entries) => {
                    for e in entries.iter().rev() {
                        stack.push(&e.value);
                        stack.push(&e.key);
                    }
                }
                _ => {}
            }
        }
    }

    /// Visits every string scalar together with the key it sits under (if any).
    pub fn walk_strings<'a>(&'a self, f: impl FnMut(Option<&'a str>, &'a Node)) {
        self.walk_string_nodes(false, f);
    }

    /// [`Node::walk_strings`], mapping keys included (each with no key of its own,
    /// visited just before its value).
    pub fn walk_strings_and_keys<'a>(&'a self, f: impl FnMut(Option<&'a str>, &'a Node)) {
        self.walk_string_nodes(true, f);
    }

    /// [`Node::walk_strings_and_keys`], with vocabulary numbers: `f(key, node, own)` gets
    /// the key a value sits under with its number, and for a key node its own number
    /// (`own` is [`Sym::NONE`] for a value).
    pub fn walk_strings_and_keys_sym<'a>(
        &'a self,
        f: impl FnMut(Option<(&'a str, Sym)>, &'a Node, Sym),
    ) {
        self.walk_nodes(true, f);
    }

    fn walk_string_nodes<'a>(&'a self, keys: bool, mut f: impl FnMut(Option<&'a str>, &'a Node)) {
        self.walk_nodes(keys, |key, node, _| f(key.map(|k| k.0), node));
    }

    fn walk_nodes<'a>(
        &'a self,
        keys: bool,
        mut f: impl FnMut(Option<(&'a str, Sym)>, &'a Node, Sym),
    ) {
        type Key<'k> = Option<(&'k str, Sym)>;
        // Room for the keys and values of a document's widest mappings, so the stack
        // is allocated once rather than grown several times per walk.
        let mut stack: Vec<(Key<'a>, &Node, Sym)> = Vec::with_capacity(64);
        stack.push((None, self, Sym::NONE));
        while let Some((key, node, own)) = stack.pop() {
            match &node.value {
                Value::String(_) => f(key, node, own),
                Value::Seq(items) => {
                    stack.extend(items.iter().rev().map(|n| (key, n, Sym::NONE)));
                }
                Value::Map(entries) => {
                    for e in entries.iter().rev() {
                        let under = e.key.as_str().map(|k| (k, e.sym));
                        stack.push((under, &e.value, Sym::NONE));
                        if keys {
                            stack.push((None, &e.key, e.sym));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_with_and_without_the_length_shortcut() {
        let slow = |s: &str| {
            PLACEHOLDERS
                .iter()
                .any(|p| s.trim().eq_ignore_ascii_case(p))
        };
        for s in [
            "TODO",
            " tbd ",
            "Unknown",
            "  unknown\t",
            "\u{a0}unknown",
            "unknown\u{2003}",
            "?",
            "-",
            "unknowns",
            "TODO: later",
            "x",
            "",
            "        ",
            "todo    ",
            "\ntodo",
        ] {
            assert_eq!(is_placeholder(s), slow(s), "{s:?}");
        }
        assert!(
            is_placeholder("\u{a0}unknown\u{3000}"),
            "Unicode blanks are trimmed"
        );
    }

    fn s(v: &str) -> Node {
        Node::new(Value::String(v.into()), Span::default(), Style::Plain)
    }

    #[test]
    fn placeholders_are_unanswered_but_na_is_an_answer() {
        for p in ["TODO", " tbd ", "?", "-", "Unknown", "", "  "] {
            assert!(s(p).is_unanswered(), "{p:?}");
        }
        for a in ["n/a", "Vault", "no"] {
            assert!(!s(a).is_unanswered(), "{a:?}");
        }
        assert!(Node::new(Value::Null, Span::default(), Style::Plain).is_unanswered());
        assert!(Node::new(Value::Seq(vec![]), Span::default(), Style::Plain).is_unanswered());
        assert!(!Node::new(Value::Bool(false), Span::default(), Style::Plain).is_unanswered());
    }
}
