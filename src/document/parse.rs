//! YAML events (saphyr-parser) to a span-carrying [`Node`] tree, without recursion.
//!
//! Resolves scalars with the YAML 1.2 core schema (so `yes` is text), reports
//! duplicate keys and keeps going, expands aliases within a budget and refuses
//! nesting deeper than [`MAX_DEPTH`], so hostile input ends in bounded time and memory.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};

use super::node::{Entry, Node, Span, Style, Value};
use super::source::SourceText;

/// Deepest nesting of collections accepted.
pub const MAX_DEPTH: usize = 128;
/// Most nodes that alias expansion may add to one file.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// One YAML document of a file.
#[derive(Debug, Clone)]
pub struct Document {
    /// 0-based position in the file's stream.
    pub index: usize,
    pub root: Node,
}

/// What went wrong while reading a file; becomes WB001 or WB003.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
    /// Another place the problem involves (the first occurrence of a duplicate key).
    pub related: Option<Span>,
    pub document: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    Syntax,
    DuplicateKey,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub problems: Vec<Problem>,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Span,
        anchor: usize,
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        start: Span,
        anchor: usize,
    },
}

struct Builder<'s> {
    src: &'s SourceText,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    alias_budget: usize,
    out: Parsed,
    doc_index: usize,
    /// 1-based line and column of the event being handled.
    at: (usize, usize),
}

/// Parses a whole file: every document of the stream, and every problem met.
#[must_use]
pub fn parse(src: &SourceText) -> Parsed {
    let mut b = Builder {
        src,
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        out: Parsed::default(),
        doc_index: 0,
        at: (1, 1),
    };
    let mut parser = Parser::new_from_str(src.text());
    loop {
        match parser.next_event() {
            None | Some(Ok((Event::StreamEnd, _))) => break,
            Some(Ok((event, span))) => {
                let start = b.mark(span.start);
                let end = b.mark(span.end).max(start);
                b.at = (span.start.line(), span.start.col() + 1);
                if let Err(problem) = b.event(event, start, end) {
                    b.out.problems.push(*problem);
                    break;
                }
            }
            Some(Err(e)) => {
                let at = b.mark(*e.marker());
                b.out.problems.push(Problem {
                    kind: ProblemKind::Syntax,
                    message: format!("invalid YAML: {}", e.info()),
                    help: Some("fix the YAML syntax at this position".to_owned()),
                    span: src.span(at, at),
                    related: None,
                    document: Some(b.doc_index),
                });
                break;
            }
        }
    }
    b.out
}

fn count_nodes(node: &Node) -> usize {
    let mut n = 0;
    node.walk(|_| n += 1);
    n
}

impl Builder<'_> {
    /// A span starting at the current event (its line and column come from the parser,
    /// so no line lookup is needed).
    fn here(&self, start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
            line: self.at.0,
            column: self.at.1,
        }
    }

    fn mark(&self, m: Marker) -> usize {
        self.src.offset(m.line(), m.col())
    }

    fn limit(&self, at: usize, message: String, help: &str) -> Box<Problem> {
        Box::new(Problem {
            kind: ProblemKind::Syntax,
            message,
            help: Some(help.to_owned()),
            span: self.src.span(at, at),
            related: None,
            document: Some(self.doc_index),
        })
    }

    /// Quoted scalars end at their closing quote (saphyr's span runs on over trailing
    /// blanks and a comment); block scalars end at their last non-blank character.
    fn scalar_end(&self, style: ScalarStyle, start: usize, end: usize) -> usize {
        let slice = self.src.text().get(start..end).unwrap_or("");
        let cut = match style {
            ScalarStyle::DoubleQuoted => slice.rfind('"').map(|i| i + 1),
            ScalarStyle::SingleQuoted => slice.rfind('\'').map(|i| i + 1),
            ScalarStyle::Literal | ScalarStyle::Folded => Some(slice.trim_end().len()),
            ScalarStyle::Plain => None,
        };
        cut.map_or(end, |c| start + c.max(1).min(slice.len()))
    }

    /// A flow collection ends after its closing bracket (the end event starts at it); a
    /// block collection ends with its last item (its end event is at the next token).
    fn collection_end(
        &self,
        start: usize,
        last_item_end: Option<usize>,
        end_event_start: usize,
    ) -> usize {
        let flow = matches!(self.src.text().as_bytes().get(start), Some(b'[' | b'{'));
        if flow {
            (end_event_start + 1).min(self.src.text().len())
        } else {
            last_item_end.unwrap_or(end_event_start).max(start)
        }
    }

    fn event(&mut self, event: Event<'_>, start: usize, end: usize) -> Result<(), Box<Problem>> {
        let end_start = start;
        match event {
            Event::DocumentStart(_) => {
                self.anchors.clear();
            }
            Event::DocumentEnd => {}
            Event::Scalar(text, style, anchor, tag) => {
                let span = self.here(start, self.scalar_end(style, start, end));
                let node = resolve_scalar(text, style, tag.as_deref(), span);
                self.remember(anchor, &node);
                self.push(node);
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(self.limit(
                        start,
                        "alias refers to an unknown anchor".to_owned(),
                        "define the anchor (&name) before using it (*name)",
                    ));
                };
                if *size > self.alias_budget {
                    return Err(self.limit(
                        start,
                        format!(
                            "alias expansion exceeds {MAX_ALIAS_NODES} nodes (a YAML alias bomb?); the file was not read further"
                        ),
                        "write the values out, or use fewer nested aliases",
                    ));
                }
                self.alias_budget -= size;
                let mut node = node.clone();
                // The alias is reported where it is written.
                node.span = self.here(start, end);
                self.push(node);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.limit(
                        start,
                        format!(
                            "nesting deeper than {MAX_DEPTH} levels; the file was not read further"
                        ),
                        "flatten the document: wirebook documents need only a few levels",
                    ));
                }
                let span = self.here(start, start);
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq {
                            items: Vec::new(),
                            start: span,
                            anchor,
                        }
                    } else {
                        Frame::Map {
                            entries: Vec::new(),
                            pending_key: None,
                            start: span,
                            anchor,
                        }
                    });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    items,
                    mut start,
                    anchor,
                }) = self.stack.pop()
                {
                    start.end = self.collection_end(
                        start.start,
                        items.last().map(|n| n.span.end),
                        end_start,
                    );
                    let node = Node::new(Value::Seq(items), start, Style::Plain);
                    self.remember(anchor, &node);
                    self.push(node);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    entries,
                    mut start,
                    anchor,
                    ..
                }) = self.stack.pop()
                {
                    start.end = self.collection_end(
                        start.start,
                        entries.last().map(|e| e.value.span.end),
                        end_start,
                    );
                    let entries = self.finish_map(entries);
                    let node = Node::new(Value::Map(entries), start, Style::Plain);
                    self.remember(anchor, &node);
                    self.push(node);
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            self.anchors
                .insert(anchor, (node.clone(), count_nodes(node)));
        }
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    let mut value = node;
                    // `key:` with nothing after it: the absent value is reported at the key.
                    if value.value == Value::Null && value.span.is_empty() {
                        value.span = key.span;
                    }
                    entries.push(Entry { key, value });
                }
            },
            None => {
                self.out.documents.push(Document {
                    index: self.doc_index,
                    root: node,
                });
                self.doc_index += 1;
            }
        }
    }

    /// Applies `<<` merge keys and reports duplicate keys (the last one wins).
    fn finish_map(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        let mut explicit: Vec<Entry> = Vec::with_capacity(entries.len());
        let mut merged: Vec<Entry> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for entry in entries {
            if entry.key.style == Style::Plain && entry.key.as_str() == Some("<<") {
                let sources = match entry.value.value {
                    Value::Map(m) => vec![m],
                    Value::Seq(items) => items
                        .into_iter()
                        .filter_map(|n| match n.value {
                            Value::Map(m) => Some(m),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                merged.extend(sources.into_iter().flatten());
                continue;
            }
            let text = entry.key.key_text();
            if let Some(&first) = seen.get(&text) {
                let first_span = explicit[first].key.span;
                self.out.problems.push(Problem {
                    kind: ProblemKind::DuplicateKey,
                    message: format!(
                        "key `{text}` appears again (first at line {}); only this last value is used",
                        first_span.line
                    ),
                    help: Some(format!(
                        "remove one of the two `{text}` keys; YAML mappings must not repeat a key"
                    )),
                    span: entry.key.span,
                    related: Some(first_span),
                    document: Some(self.doc_index),
                });
                explicit[first] = entry;
            } else {
                seen.insert(text, explicit.len());
                explicit.push(entry);
            }
        }
        for entry in merged {
            let text = entry.key.key_text();
            if let std::collections::hash_map::Entry::Vacant(slot) = seen.entry(text) {
                slot.insert(explicit.len());
                explicit.push(entry);
            }
        }
        explicit
    }
}

fn resolve_scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
    let node_style = match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
        ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
    };
    let value = match tag {
        Some(t) if t.is_yaml_core_schema() => match t.suffix.as_str() {
            "null" => Value::Null,
            "bool" | "int" | "float" => resolve_plain(text),
            _ => Value::String(exact(text)),
        },
        None if node_style == Style::Plain => resolve_plain(text),
        Some(_) | None => Value::String(exact(text)),
    };
    Node::new(value, span, node_style)
}

/// The scalar's text in a string of exactly its length: the scanner's own buffers are
/// over-allocated, and every document tree of a run is kept until the end.
fn exact(text: Cow<'_, str>) -> String {
    match text {
        Cow::Borrowed(s) => s.to_owned(),
        Cow::Owned(mut s) => {
            if s.capacity() > s.len() + s.len() / 4 + 8 {
                s.shrink_to_fit();
            }
            s
        }
    }
}

/// The YAML 1.2 core schema's plain-scalar resolution.
fn resolve_plain(text: Cow<'_, str>) -> Value {
    match &*text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let bytes = text.as_bytes();
    let digits = bytes
        .strip_prefix(b"-")
        .or_else(|| bytes.strip_prefix(b"+"))
        .unwrap_or(bytes);
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Int(i);
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Int(i);
        }
    }
    if is_core_float(digits) {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::String(exact(text))
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` (sign already removed).
fn is_core_float(s: &[u8]) -> bool {
    let mut i = 0;
    let int_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Parsed {
        parse(&SourceText::new(s.to_owned()))
    }

    #[test]
    fn yaml_1_2_core_schema() {
        let p = parse_str("a: yes\nb: true\nc: 012\nd: 1.5\ne: ~\nf: '1'\ng: 2026-01-02\n");
        let root = &p.documents[0].root;
        assert_eq!(root.get("a").unwrap().value, Value::String("yes".into()));
        assert_eq!(root.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(root.get("c").unwrap().value, Value::Int(12));
        assert_eq!(root.get("d").unwrap().value, Value::Float(1.5));
        assert_eq!(root.get("e").unwrap().value, Value::Null);
        assert_eq!(root.get("f").unwrap().value, Value::String("1".into()));
        assert_eq!(
            root.get("g").unwrap().value,
            Value::String("2026-01-02".into())
        );
    }

    #[test]
    fn spans_are_one_based_lines_and_columns() {
        let p = parse_str("top:\n  inner: value\n");
        let inner = p.documents[0].root.path(&["top", "inner"]).unwrap();
        assert_eq!((inner.span.line, inner.span.column), (2, 10));
        assert_eq!(inner.span.len(), "value".len());
    }

    #[test]
    fn duplicate_keys_are_reported_and_parsing_continues() {
        let p = parse_str("a: 1\nb: 2\na: 3\nc: 4\n");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(p.problems[0].span.line, 3);
        assert_eq!(p.problems[0].related.unwrap().line, 1);
        let root = &p.documents[0].root;
        assert_eq!(root.get("a").unwrap().value, Value::Int(3));
        assert_eq!(root.get("c").unwrap().value, Value::Int(4));
    }

    #[test]
    fn spans_end_where_the_value_ends() {
        let src = "a: \"x\"  # d\nb: [x, y]  # c\nc: []  # e\nd: 'q' # f\ne:\nh: |\n  l1\n\ni: {k: v} # g\n";
        let p = parse_str(src);
        let root = &p.documents[0].root;
        let text = |k: &str| {
            let s = root.get(k).unwrap().span;
            &src[s.start..s.end]
        };
        assert_eq!(text("a"), "\"x\"");
        assert_eq!(text("b"), "[x, y]");
        assert_eq!(text("c"), "[]");
        assert_eq!(text("d"), "'q'");
        assert_eq!(text("e"), "e", "an empty value is reported at its key");
        assert_eq!(text("h"), "l1");
        assert_eq!(text("i"), "{k: v}");
    }

    #[test]
    fn multi_document_streams() {
        let p = parse_str("a: 1\n---\nb: 2\n");
        assert_eq!(p.documents.len(), 2);
        assert_eq!(p.documents[1].index, 1);
        assert_eq!(p.documents[1].root.get("b").unwrap().span.line, 3);
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let p = parse_str("a: [1, 2\nb: 3\n");
        assert_eq!(p.problems[0].kind, ProblemKind::Syntax);
        assert!(p.problems[0].span.line >= 1);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_owned()
            } else {
                format!("l{}", i - 1)
            };
            s.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let p = parse_str(&s);
        assert!(p.problems[0].message.contains("alias"), "{:?}", p.problems);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "- ".repeat(50_000) + "x\n";
        let p = parse_str(&s);
        assert!(
            p.problems[0].message.contains("nesting"),
            "{:?}",
            p.problems
        );
        let s = "[".repeat(50_000);
        let p = parse_str(&s);
        assert!(!p.problems.is_empty());
    }

    #[test]
    fn merge_keys_fill_missing_entries() {
        let p = parse_str("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
        let u = p.documents[0].root.get("use").unwrap();
        assert_eq!(u.get("x").unwrap().value, Value::Int(1));
        assert_eq!(u.get("y").unwrap().value, Value::Int(3));
        assert!(p.problems.is_empty());
    }
}
