//! YAML events (saphyr-parser) to a span-carrying [`Node`] tree, without recursion.
//!
//! Resolves scalars with the YAML 1.2 core schema (so `yes` is text), reports
//! duplicate keys and keeps going, expands aliases within a budget and refuses
//! nesting deeper than [`MAX_DEPTH`], so hostile input ends in bounded time and memory.
//! Tabs separating a `:` from its value are accepted (see [`super::tabs`]).

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use super::node::{Entry, Node, Span, Style, Value};
use super::scalar::resolve_scalar;
use super::source::SourceText;
use super::tabs;

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
    /// Offsets where the parsed text has a space for the source's tab (sorted).
    swapped: &'s [usize],
    /// Those of `swapped` that fell inside a scalar, where the tab is content.
    inside: Vec<usize>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    alias_budget: usize,
    out: Parsed,
    doc_index: usize,
    /// 1-based line and column of the event being handled.
    at: (usize, usize),
}

/// Parses a whole file: every document of the stream, and every problem met.
///
/// A file in the subset of YAML that documents are usually written in is read by the
/// fast path ([`super::fast`]), which gives the same tree; any other goes to saphyr.
///
/// When the file does not parse, it is parsed again with the tabs that separate a `:`
/// from its value read as spaces (saphyr refuses `key:<TAB>value`, which YAML 1.2
/// allows). A tab found to be scalar content is kept, and the parse repeated once;
/// if that still touches a scalar, the first result stands. At most three passes.
#[must_use]
pub fn parse(src: &SourceText) -> Parsed {
    if let Some(documents) = super::fast::parse(src) {
        return Parsed {
            documents,
            problems: Vec::new(),
        };
    }
    parse_with_saphyr(src)
}

/// [`parse`] without the fast path: every file through saphyr (the fast path's oracle).
#[must_use]
pub fn parse_with_saphyr(src: &SourceText) -> Parsed {
    let (first, _) = parse_text(src, src.text(), &[]);
    if !first.problems.iter().any(|p| p.kind == ProblemKind::Syntax) {
        return first;
    }
    let mut swapped = tabs::separating_tabs(src.text());
    for _ in 0..2 {
        if swapped.is_empty() {
            break;
        }
        let text = tabs::with_spaces(src.text(), &swapped);
        let (parsed, mut inside) = parse_text(src, &text, &swapped);
        if inside.is_empty() {
            return parsed;
        }
        inside.sort_unstable();
        swapped.retain(|o| inside.binary_search(o).is_err());
    }
    first
}

/// One pass of the parser over `text`: the source itself, or a copy that differs from
/// it only by spaces at `swapped`. Spans are the source's. Also returns the offsets of
/// `swapped` that lie inside a scalar.
fn parse_text(src: &SourceText, text: &str, swapped: &[usize]) -> (Parsed, Vec<usize>) {
    let mut b = Builder {
        src,
        swapped,
        inside: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        out: Parsed::default(),
        doc_index: 0,
        at: (1, 1),
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event() {
            None | Some(Ok((Event::StreamEnd, _))) => break,
            Some(Ok((event, span))) => {
                let start = b.mark(span.start);
                let end = b.mark(span.end).max(start);
                // At the end of a text without a final line break the scanner's marker
                // can name the line after the last one: take the position of the offset.
                b.at = if span.start.line() <= src.line_count() {
                    (span.start.line(), span.start.col() + 1)
                } else {
                    src.position(start)
                };
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
    (b.out, b.inside)
}

/// The end of the quoted scalar `slice` starts with: after its closing quote (an escaped
/// `\"` or a doubled `''` does not close it).
fn closing_quote(slice: &str) -> Option<usize> {
    let b = slice.as_bytes();
    let quote = *b.first()?;
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote && quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
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
    /// blanks and a comment, which may hold quotes too); block scalars end at their
    /// last non-blank character.
    fn scalar_end(&self, style: ScalarStyle, start: usize, end: usize) -> usize {
        let slice = self.src.text().get(start..end).unwrap_or("");
        let cut = match style {
            ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => closing_quote(slice),
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
                self.note_swapped(start, end);
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

    /// Records the swapped tabs within `start..end`, the raw extent of a scalar.
    fn note_swapped(&mut self, start: usize, end: usize) {
        let from = self.swapped.partition_point(|&o| o < start);
        let within = self.swapped[from..].iter().take_while(|&&o| o < end);
        self.inside.extend(within);
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
                    entries.push(Entry::new(key, value));
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
    fn a_quoted_scalar_ends_at_its_own_closing_quote() {
        for (text, value) in [
            ("a: \"\"   # say \"hi\"\n", "\"\""),
            ("a: 'it''s'  # 'x'\n", "'it''s'"),
            ("a: \"x\\\"y\" # \"\n", "\"x\\\"y\""),
        ] {
            let p = parse_with_saphyr(&SourceText::new(text.to_owned()));
            let span = p.documents[0].root.get("a").unwrap().span;
            assert_eq!(&text[span.start..span.end], value, "{text:?}");
        }
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
    fn an_empty_key_at_the_end_of_a_text_without_a_final_break_is_on_the_last_line() {
        // Found by the parse_lint fuzz target: the scanner's marker named line 4 of a
        // 3-line text.
        let src = SourceText::new("a: 1\nb: 2\n? # x".to_owned());
        let p = parse(&src);
        let root = &p.documents[0].root;
        let entries = root.as_map().unwrap();
        assert_eq!(entries.len(), 3);
        for node in entries.iter().flat_map(|e| [&e.key, &e.value]) {
            let s = node.span;
            assert_eq!(src.position(s.start), (s.line, s.column), "{s:?}");
        }
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
    fn a_tab_may_separate_a_key_from_its_value() {
        let src = "a:\tNotion\nb: [x,\ty]\nc: {k:\tv}\nd:\t\"q:\tr\"\ne: 1\t# note\n";
        let p = parse_str(src);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let root = &p.documents[0].root;
        let a = root.get("a").unwrap();
        assert_eq!(a.value, Value::String("Notion".into()));
        assert_eq!((a.span.line, a.span.column), (1, 4));
        assert_eq!(&src[a.span.start..a.span.end], "Notion");
        assert_eq!(root.path(&["c", "k"]).unwrap().as_str(), Some("v"));
        assert_eq!(
            root.get("d").unwrap().as_str(),
            Some("q:\tr"),
            "a tab inside quotes stays a tab"
        );
        assert_eq!(root.get("e").unwrap().value, Value::Int(1));
    }

    #[test]
    fn a_tab_before_a_block_collection_is_still_an_error() {
        for src in [
            "? a\n:\t- b\n",
            "? a\n:\tkey: v\n",
            "a:\t- b\n",
            "a:\tb: c\n",
        ] {
            let p = parse_str(src);
            assert_eq!(p.problems.len(), 1, "{src:?}: {:?}", p.problems);
            assert_eq!(p.problems[0].kind, ProblemKind::Syntax, "{src:?}");
            assert_eq!(
                p.problems[0].span.line,
                src.lines().count().min(2),
                "{src:?}"
            );
        }
    }

    #[test]
    fn a_tab_in_a_block_scalar_stays_content() {
        let p = parse_str("a:\tx\ns: |\n  k:\tv\n");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let s = p.documents[0].root.get("s").unwrap();
        assert_eq!(s.as_str(), Some("k:\tv\n"));
    }

    #[test]
    fn a_real_error_after_separating_tabs_is_reported_where_it_is() {
        let p = parse_str("a:\tx\nb: [1\nc: 2\n");
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(p.problems[0].span.line, 3);
    }

    #[test]
    fn lone_carriage_returns_give_lines() {
        let p = parse_str("a: 1\rb:\r  c: x\rd: [1\re: 2\r");
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        let e = &p.problems[0].span;
        assert_eq!((e.line, e.column), (5, 2), "{e:?}");
        let ok = parse_str("a: 1\rb:\r  c: x\r");
        let c = ok.documents[0].root.path(&["b", "c"]).unwrap();
        assert_eq!((c.span.line, c.span.column), (3, 6));
        assert_eq!(c.span.start, 13);
    }

    #[test]
    fn crlf_and_bom_keep_file_offsets() {
        let src = "\u{feff}a: 1\r\nb: x\r\n";
        let p = parse_str(src);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let root = &p.documents[0].root;
        let a = root.get("a").unwrap();
        assert_eq!((a.span.line, a.span.column, a.span.start), (1, 4, 6));
        let b = root.get("b").unwrap();
        assert_eq!((b.span.line, b.span.column), (2, 4));
        assert_eq!(&src[b.span.start..b.span.end], "x");
        let key = &root.as_map().unwrap()[0].key;
        assert_eq!((key.span.start, key.span.column), (3, 1));
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
