//! A fast path for the YAML that integration documents are written in.
//!
//! Most documents use a small part of YAML: block mappings and sequences, one-line plain
//! and quoted scalars, one-line flow collections and comments. This reads exactly that
//! subset straight into a [`Node`] tree, byte by byte, without the general scanner's
//! token queue and events (saphyr took about 40% of a check's time). Anything outside the
//! subset, and anything that could be an error, makes it give up (`None`): the caller
//! then parses the file with saphyr, which reports problems with its own messages. So the
//! fast path never decides what a file means on its own; where it answers, its tree is
//! the one saphyr's path builds, span for span. The unit tests below, the differential
//! test over every YAML file of the repository and the shared corpus
//! (`tests/parse_fast.rs`) and the `parse_fast` fuzz target check that.
//!
//! Given up on (the list is the subset's edge, not the only safe choice): tabs, `\r`,
//! control characters, a byte order mark and other special Unicode characters; `---`,
//! `...` and `%` directives; anchors, aliases and tags; plain
//! or quoted scalars over several lines, and block scalars beyond plain `|`, `|-`, `>`, `>-`
//! ones (see [`P::block_scalar`]); flow collections over several lines; `?` keys;
//! non-string keys, `<<` merge keys and duplicate keys; a scalar as the whole document;
//! empty sequence items; nesting deeper than [`MAX_FAST_DEPTH`].

use std::borrow::Cow;

use super::node::{Entry, Node, Span, Style, Text, Value};
use super::parse::Document;
use super::scalar::resolve_plain;
use super::source::SourceText;
use super::vocab;

/// Deepest nesting the fast path reads (saphyr's path reports anything near
/// [`super::MAX_DEPTH`]).
const MAX_FAST_DEPTH: usize = 64;
/// Longest implicit key read (YAML allows 1024 characters).
const MAX_KEY: usize = 1000;

/// Gives up: the file is outside the subset.
type Fast<T> = Option<T>;

/// Most entries and items a thread's scratch stacks keep room for between files.
const KEPT_SCRATCH: usize = 4096;

thread_local! {
    /// Each thread's [`Scratch`], lent to one parse at a time.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Where the collections being read keep their entries and items: a mapping's entries
/// are pushed onto one stack (above those of the mappings enclosing it) and moved into a
/// vector of exactly their number, with one copy, when it ends. Building each vector by
/// pushing onto it grew it three or four times per mapping, 4% of a check's
/// instructions.
///
/// Each stack starts with one unused element, so a collection never starts at 0:
/// `Vec::split_off(0)` hands over the whole buffer instead of copying.
struct Scratch {
    entries: Vec<Entry>,
    items: Vec<Node>,
}

impl Default for Scratch {
    fn default() -> Self {
        let unused = || Node::new(Value::Null, Span::default(), Style::Plain);
        Self {
            entries: vec![Entry::new(unused(), unused())],
            items: vec![unused()],
        }
    }
}

impl Scratch {
    /// Where the next collection starts.
    fn entries_base(&self) -> usize {
        self.entries.len()
    }

    fn items_base(&self) -> usize {
        self.items.len()
    }

    /// The entries of the mapping whose first entry is at `base`, moved out; `None` when
    /// two of its keys are the same.
    fn map_entries(&mut self, base: usize) -> Fast<Vec<Entry>> {
        debug_assert!(base > 0);
        if has_duplicate_keys(&self.entries[base..]) {
            return None;
        }
        Some(self.entries.split_off(base))
    }

    /// The items of the sequence whose first item is at `base`, moved out.
    fn seq_items(&mut self, base: usize) -> Vec<Node> {
        debug_assert!(base > 0);
        self.items.split_off(base)
    }

    /// Back to the unused elements alone (a file given up on leaves what it had read).
    fn clear(&mut self) {
        self.entries.truncate(1);
        self.items.truncate(1);
    }
}

/// The documents of `src` when it is inside the subset; `None` otherwise.
#[must_use]
pub fn parse(src: &SourceText) -> Option<Vec<Document>> {
    let text = src.text();
    if !plain_characters(text) {
        return None;
    }
    let scratch = SCRATCH.with(|s| s.take());
    let mut p = P {
        t: text,
        b: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        ascii: text.is_ascii(),
        depth: 0,
        cur: None,
        marker: false,
        scratch,
    };
    let documents = p.documents();
    let mut scratch = p.scratch;
    scratch.clear();
    if scratch.entries.capacity() <= KEPT_SCRATCH && scratch.items.capacity() <= KEPT_SCRATCH {
        SCRATCH.with(|s| s.replace(scratch));
    }
    documents
}

impl P<'_> {
    /// Every document of the text, from its start.
    fn documents(&mut self) -> Fast<Vec<Document>> {
        let mut documents = Vec::new();
        self.next_content_line()?;
        loop {
            if self.marker {
                // `---`: only blanks or a comment may follow it on its line.
                self.marker = false;
                self.pos += 3;
                self.finish_line()?;
            } else if !documents.is_empty() {
                break;
            }
            // An empty document (saphyr reads a null) is given up on.
            let indent = self.cur?;
            let root = self.block_node(indent)?;
            if self.cur.is_some() {
                return None;
            }
            documents.push(Document {
                index: documents.len(),
                root,
            });
        }
        Some(documents)
    }
}

/// No tab, `\r`, control character, DEL, C1 control, byte order mark, line or paragraph
/// separator or non-character: the characters the subset is sure to read as saphyr does.
fn plain_characters(text: &str) -> bool {
    // Branch-free over blocks, so the compiler can vectorise it.
    let ok = |b: u8| (b >= 0x20 && b != 0x7f) | (b == b'\n');
    let ascii_ok = text
        .as_bytes()
        .chunks(64)
        .all(|block| block.iter().fold(true, |all, &b| all & ok(b)));
    if !ascii_ok {
        return false;
    }
    text.is_ascii()
        || text.chars().all(|c| {
            c.is_ascii()
                || !(matches!(
                    c,
                    '\u{80}'..='\u{a0}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
                ) || matches!(c as u32, 0xfdd0..=0xfdef)
                    || (c as u32) & 0xfffe == 0xfffe)
        })
}

struct P<'a> {
    t: &'a str,
    b: &'a [u8],
    pos: usize,
    /// 1-based line of `pos`.
    line: usize,
    /// Offset where the line of `pos` starts.
    line_start: usize,
    ascii: bool,
    depth: usize,
    /// The indentation of the content line `pos` stands at; `None` at the end of the
    /// text or of a document.
    cur: Option<usize>,
    /// `pos` stands at a `---` line that ends the document (`cur` is `None`).
    marker: bool,
    scratch: Scratch,
}

/// The bytes that end a run of a flow plain scalar's ordinary bytes ([`P::plain`]).
static FLOW_PLAIN_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let stops = b"\n:# ,[]{}";
    let mut i = 0;
    while i < stops.len() {
        t[stops[i] as usize] = true;
        i += 1;
    }
    t
};

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn blank_or_eol(&self, i: usize) -> bool {
        matches!(self.at(i), None | Some(b'\n' | b' '))
    }

    /// A span from `start` to `end` on the current line.
    fn span(&self, start: usize, end: usize) -> Span {
        let column = if self.ascii {
            start - self.line_start + 1
        } else {
            self.t[self.line_start..start].chars().count() + 1
        };
        Span {
            start,
            end,
            line: self.line,
            column,
        }
    }

    /// From the start of a line, skips blank and comment-only lines; stands at the
    /// content of the next line and records its indentation in `cur`.
    fn next_content_line(&mut self) -> Fast<()> {
        loop {
            let mut i = self.pos;
            while self.at(i) == Some(b' ') {
                i += 1;
            }
            match self.at(i) {
                None => return self.end_of_text(),
                Some(b'\n') => self.new_line(i + 1),
                Some(b'#') => {
                    let end = self.line_end(i);
                    if end == self.b.len() {
                        return self.end_of_text();
                    }
                    self.new_line(end + 1);
                }
                Some(c) => {
                    let indent = i - self.pos;
                    if indent == 0 {
                        let rest = &self.b[i..];
                        if c == b'%' || rest.starts_with(b"...") {
                            return None;
                        }
                        if rest.starts_with(b"---") {
                            if !self.blank_or_eol(i + 3) {
                                return None;
                            }
                            self.pos = i;
                            self.cur = None;
                            self.marker = true;
                            return Some(());
                        }
                    }
                    self.pos = i;
                    self.cur = Some(indent);
                    return Some(());
                }
            }
        }
    }

    fn new_line(&mut self, start: usize) {
        self.pos = start;
        self.line += 1;
        self.line_start = start;
    }

    /// After a node's last token: only blanks and a comment may follow on the line; then
    /// moves to the next content line.
    fn finish_line(&mut self) -> Fast<()> {
        let mut i = self.pos;
        while self.at(i) == Some(b' ') {
            i += 1;
        }
        match self.at(i) {
            None | Some(b'\n') => {}
            // A comment needs a blank before it.
            Some(b'#') if i == self.line_start || self.b[i - 1] == b' ' => i = self.line_end(i),
            Some(_) => return None,
        }
        if i == self.b.len() {
            return self.end_of_text();
        }
        self.new_line(i + 1);
        self.next_content_line()
    }

    /// Where the line holding `i` ends: its line break, or the end of the text.
    fn line_end(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.b[i..]).map_or(self.b.len(), |n| i + n)
    }

    /// Stands at the end of the text: no content line follows.
    fn end_of_text(&mut self) -> Fast<()> {
        self.pos = self.b.len();
        self.cur = None;
        Some(())
    }

    fn at_dash_item(&self) -> bool {
        self.peek() == Some(b'-') && self.blank_or_eol(self.pos + 1)
    }

    fn enter(&mut self) -> Fast<()> {
        self.depth += 1;
        (self.depth <= MAX_FAST_DEPTH).then_some(())
    }

    /// A block node whose first token is at `pos`, on a line indented by `indent`: a
    /// sequence or a mapping (a scalar on a line of its own is given up on).
    fn block_node(&mut self, indent: usize) -> Fast<Node> {
        if self.at_dash_item() {
            return self.block_seq(indent);
        }
        let key = self.scalar(false)?;
        if self.peek() != Some(b':') {
            return None;
        }
        self.block_map(indent, key)
    }

    /// A block mapping at indentation `indent` whose first key has been read (`pos` is
    /// at the `:` after it).
    fn block_map(&mut self, indent: usize, first_key: Node) -> Fast<Node> {
        self.enter()?;
        let start = first_key.span;
        let base = self.scratch.entries_base();
        let mut key = first_key;
        loop {
            if !matches!(key.value, Value::String(_))
                || key.span.end - key.span.start > MAX_KEY
                || (key.style == Style::Plain && key.as_str() == Some("<<"))
            {
                return None;
            }
            // At the `:`: it must be followed by a blank or the end of the line.
            if !self.blank_or_eol(self.pos + 1) {
                return None;
            }
            self.pos += 1;
            let value = self.map_value(indent, &key)?;
            self.scratch.entries.push(Entry::new(key, value));
            match self.cur {
                Some(m) if m == indent && !self.at_dash_item() => {
                    key = self.scalar(false)?;
                    if self.peek() != Some(b':') {
                        return None;
                    }
                }
                Some(m) if m >= indent => return None,
                _ => break,
            }
        }
        let entries = self.scratch.map_entries(base)?;
        let end = entries.last().map_or(start.end, |e| e.value.span.end);
        self.depth -= 1;
        Some(Node::new(
            Value::Map(entries),
            Span {
                end: end.max(start.start),
                ..start
            },
            Style::Plain,
        ))
    }

    /// The value after `key:` of a mapping at `indent` (`pos` just after the `:`).
    fn map_value(&mut self, indent: usize, key: &Node) -> Fast<Node> {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
        if matches!(self.peek(), None | Some(b'\n' | b'#')) {
            self.finish_line()?;
            return match self.cur {
                Some(m) if m > indent => self.block_node(m),
                // saphyr starts a sequence indented no more than its key at its first item.
                // (Its first item on the next line, a flow collection or a block scalar
                // gives saphyr's path other spans: given up on.)
                Some(m) if m == indent && self.at_dash_item() => {
                    let mut i = self.pos + 1;
                    while self.at(i) == Some(b' ') {
                        i += 1;
                    }
                    if matches!(
                        self.at(i),
                        None | Some(b'\n' | b'#' | b'[' | b'{' | b'|' | b'>')
                    ) {
                        return None;
                    }
                    let mut seq = self.block_seq(indent)?;
                    if let Some(first) = seq.as_seq().and_then(<[Node]>::first) {
                        seq.span = Span {
                            end: seq.span.end,
                            ..first.span
                        };
                    }
                    Some(seq)
                }
                // `key:` with nothing after it: the absent value is reported at the key.
                _ => Some(Node::new(Value::Null, key.span, Style::Plain)),
            };
        }
        if matches!(self.peek(), Some(b'|' | b'>')) {
            return self.block_scalar(indent);
        }
        let value = self.inline_value()?;
        self.finish_line()?;
        Some(value)
    }

    /// A block scalar, literal (`|`, `|-`) or folded (`>`, `>-`), of a node indented by
    /// `parent` (`pos` at the indicator); the first content line sets the indentation.
    /// Ends at the next content line, with `cur` set. Given up on: keep chomping (`+`),
    /// an indentation indicator, leading blank lines, blank lines holding more than the
    /// indentation, no content, a last line without a line break, and in a folded scalar
    /// any line indented more than the first (those keep their line breaks).
    fn block_scalar(&mut self, parent: usize) -> Fast<Node> {
        let folded = self.peek() == Some(b'>');
        self.pos += 1;
        let strip = self.peek() == Some(b'-');
        if strip {
            self.pos += 1;
        }
        if !self.blank_or_eol(self.pos) {
            return None;
        }
        // The header's line: blanks and a comment may follow.
        let mut i = self.pos;
        while self.at(i) == Some(b' ') {
            i += 1;
        }
        if self.at(i) == Some(b'#') && self.b[i - 1] == b' ' {
            i = self.line_end(i);
        }
        if self.at(i) != Some(b'\n') {
            return None;
        }
        self.new_line(i + 1);
        let mut indent = None;
        let mut text = Text::new("");
        let mut blank_lines = 0;
        // saphyr's span starts at the first content character.
        let mut start: Option<Span> = None;
        let mut end = 0;
        while self.pos < self.b.len() {
            let line = self.pos;
            let mut k = line;
            while self.at(k) == Some(b' ') {
                k += 1;
            }
            let eol = self.line_end(k);
            let m = *indent.get_or_insert(k - line);
            if m <= parent {
                return None;
            }
            if k == eol {
                // A blank line: leading ones, or ones holding more than the indentation,
                // are given up on.
                if start.is_none() || k - line > m || eol == self.b.len() {
                    return None;
                }
                blank_lines += 1;
                self.new_line(eol + 1);
                continue;
            }
            if k - line < m {
                break;
            }
            if folded && k - line > m {
                return None;
            }
            if start.is_none() {
                start = Some(self.span(line + m, line + m));
            } else if !folded {
                text.push('\n');
            } else if blank_lines == 0 {
                text.push(' ');
            }
            for _ in 0..blank_lines {
                text.push('\n');
            }
            blank_lines = 0;
            text.push_str(&self.t[line + m..eol]);
            end = eol - (self.t[k..eol].len() - self.t[k..eol].trim_end_matches(' ').len());
            if eol == self.b.len() {
                return None;
            }
            self.new_line(eol + 1);
        }
        if !strip {
            text.push('\n');
        }
        let start = start?;
        self.next_content_line()?;
        Some(Node::new(
            Value::String(text),
            Span { end, ..start },
            Style::Block,
        ))
    }

    /// A scalar or flow collection that ends on this line, as a value in block context.
    fn inline_value(&mut self) -> Fast<Node> {
        let node = match self.peek() {
            Some(b'[' | b'{') => self.flow()?,
            _ => self.scalar(false)?,
        };
        // `a: b: c`, `- a: b` read as a value, `[a]: b`: not in the subset here.
        if self.peek() == Some(b':') {
            return None;
        }
        Some(node)
    }

    /// A block sequence at indentation `indent` (`pos` at its first `-`).
    fn block_seq(&mut self, indent: usize) -> Fast<Node> {
        self.enter()?;
        let start = self.span(self.pos, self.pos);
        let base = self.scratch.items_base();
        loop {
            // At `-`.
            self.pos += 1;
            while self.peek() == Some(b' ') {
                self.pos += 1;
            }
            let item = if matches!(self.peek(), None | Some(b'\n' | b'#')) {
                self.finish_line()?;
                match self.cur {
                    Some(m) if m > indent => self.block_node(m)?,
                    _ => return None,
                }
            } else if self.at_dash_item() {
                return None;
            } else if matches!(self.peek(), Some(b'|' | b'>')) {
                self.block_scalar(indent)?
            } else if matches!(self.peek(), Some(b'[' | b'{')) {
                let node = self.flow()?;
                if self.peek() == Some(b':') {
                    return None;
                }
                self.finish_line()?;
                node
            } else {
                let column = self.pos - self.line_start;
                let node = self.scalar(false)?;
                if self.peek() == Some(b':') {
                    self.block_map(column, node)?
                } else {
                    self.finish_line()?;
                    node
                }
            };
            self.scratch.items.push(item);
            match self.cur {
                Some(m) if m == indent && self.at_dash_item() => {}
                Some(m) if m > indent => return None,
                _ => break,
            }
        }
        let items = self.scratch.seq_items(base);
        let end = items.last().map_or(start.end, |n: &Node| n.span.end);
        self.depth -= 1;
        Some(Node::new(
            Value::Seq(items),
            Span {
                end: end.max(start.start),
                ..start
            },
            Style::Plain,
        ))
    }

    /// A one-line scalar at `pos`: plain, single- or double-quoted. Stops after it
    /// (`pos` at a plain scalar's terminator or after the closing quote).
    fn scalar(&mut self, flow: bool) -> Fast<Node> {
        match self.peek()? {
            b'"' => self.double_quoted(),
            b'\'' => self.single_quoted(),
            _ => self.plain(flow),
        }
    }

    fn plain(&mut self, flow: bool) -> Fast<Node> {
        let start = self.pos;
        let c = self.peek()?;
        match c {
            b'-' | b'?' | b':' => {
                let next = self.at(start + 1);
                if matches!(next, None | Some(b' ' | b'\n'))
                    || (flow && next.is_some_and(is_flow_indicator))
                {
                    return None;
                }
            }
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' | b' ' | b'\n' => return None,
            _ => {}
        }
        if !flow {
            // Block context: only a line break, `: ` and ` #` end it.
            let mut i = start + 1;
            let stop = loop {
                let Some(n) = memchr::memchr3(b':', b'#', b'\n', &self.b[i..]) else {
                    break self.b.len();
                };
                let j = i + n;
                let ends = match self.b[j] {
                    b':' => matches!(self.at(j + 1), None | Some(b' ' | b'\n')),
                    b'#' => self.b[j - 1] == b' ',
                    _ => true,
                };
                if ends {
                    break j;
                }
                i = j + 1;
            };
            let mut end = stop;
            while end > start && self.b[end - 1] == b' ' {
                end -= 1;
            }
            return Some(self.plain_node(start, end));
        }
        // Flow context: a line break, `: ` (or `:` before a flow indicator), ` #`, a
        // flow indicator, and ` - ` (given up on) end it or stop the fast path. Runs of
        // other bytes are skipped with a table.
        let b = self.b;
        let mut i = start + 1;
        let mut end = i;
        loop {
            let run = i;
            while i < b.len() && !FLOW_PLAIN_STOP[usize::from(b[i])] {
                i += 1;
            }
            if i > run {
                end = i;
            }
            let Some(&c) = b.get(i) else { break };
            match c {
                b':' => {
                    let next = b.get(i + 1).copied();
                    if matches!(next, None | Some(b' ' | b'\n'))
                        || next.is_some_and(is_flow_indicator)
                    {
                        break;
                    }
                    i += 1;
                    end = i;
                }
                b'#' if b[i - 1] != b' ' => {
                    i += 1;
                    end = i;
                }
                // saphyr refuses ` -` before a flow indicator (`[x -]`): given up on,
                // and on ` - ` with it, to stay clear of that corner.
                b' ' => {
                    if b.get(i + 1) == Some(&b'-')
                        && b.get(i + 2)
                            .is_some_and(|&c| c == b' ' || is_flow_indicator(c))
                    {
                        return None;
                    }
                    i += 1;
                }
                // A line break, ` #`, a flow indicator.
                _ => break,
            }
        }
        Some(self.plain_node(start, end))
    }

    /// The plain scalar written at `start..end`; `pos` moves to its end.
    fn plain_node(&mut self, start: usize, end: usize) -> Node {
        self.pos = end;
        let text = &self.t[start..end];
        let span = self.span(start, end);
        Node::new(resolve_plain(Cow::Borrowed(text)), span, Style::Plain)
    }

    fn single_quoted(&mut self) -> Fast<Node> {
        let start = self.pos;
        let mut i = start + 1;
        let mut text = Text::new("");
        let mut from = i;
        loop {
            match self.at(i) {
                None | Some(b'\n') => return None,
                Some(b'\'') if self.at(i + 1) == Some(b'\'') => {
                    text.push_str(&self.t[from..=i]);
                    i += 2;
                    from = i;
                }
                Some(b'\'') => break,
                Some(_) => i += 1,
            }
        }
        text.push_str(&self.t[from..i]);
        self.end_quoted(start, i, text)
    }

    fn double_quoted(&mut self) -> Fast<Node> {
        let start = self.pos;
        let mut i = start + 1;
        let mut text = Text::new("");
        let mut from = i;
        loop {
            match self.at(i) {
                None | Some(b'\n') => return None,
                Some(b'"') => break,
                Some(b'\\') => {
                    text.push_str(&self.t[from..i]);
                    let (c, len) = self.escape(i + 1)?;
                    text.push(c);
                    i += 1 + len;
                    from = i;
                }
                Some(_) => i += 1,
            }
        }
        text.push_str(&self.t[from..i]);
        self.end_quoted(start, i, text)
    }

    /// The quoted scalar from `start` to its closing quote at `close`, with its text.
    fn end_quoted(&mut self, start: usize, close: usize, text: Text) -> Fast<Node> {
        self.pos = close + 1;
        self.after_quoted()?;
        let span = self.span(start, self.pos);
        Some(Node::new(Value::String(text), span, Style::Quoted))
    }

    /// After a closing quote: a blank, the end of the line, `:`, `,`, `]`, `}` (the
    /// callers decide whether these fit); saphyr refuses anything else, so it is given up.
    fn after_quoted(&self) -> Fast<()> {
        match self.peek() {
            None | Some(b' ' | b'\n' | b':' | b',' | b']' | b'}') => Some(()),
            Some(_) => None,
        }
    }

    /// The escape after a backslash at `i`: the character and how many bytes it took.
    fn escape(&self, i: usize) -> Fast<(char, usize)> {
        let c = match self.at(i)? {
            b'\\' => '\\',
            b'"' => '"',
            b'/' => '/',
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'0' => '\0',
            b'x' => return self.hex(i + 1, 2).map(|c| (c, 3)),
            b'u' => return self.hex(i + 1, 4).map(|c| (c, 5)),
            _ => return None,
        };
        Some((c, 1))
    }

    fn hex(&self, i: usize, len: usize) -> Fast<char> {
        let digits = self.t.get(i..i + len)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(digits, 16).ok()?)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// A flow collection that closes on this line (`pos` at its bracket); stops after
    /// the closing bracket.
    fn flow(&mut self) -> Fast<Node> {
        self.enter()?;
        let open = self.peek()?;
        let mut span = self.span(self.pos, self.pos);
        self.pos += 1;
        self.skip_spaces();
        let node = if open == b'[' {
            let base = self.scratch.items_base();
            if self.peek() != Some(b']') {
                loop {
                    let item = self.flow_item()?;
                    self.skip_spaces();
                    if self.peek() == Some(b':') {
                        return None;
                    }
                    self.scratch.items.push(item);
                    if !self.flow_separator(b']')? {
                        break;
                    }
                }
            }
            let items = self.scratch.seq_items(base);
            self.pos += 1;
            span.end = self.pos;
            Node::new(Value::Seq(items), span, Style::Plain)
        } else {
            let base = self.scratch.entries_base();
            if self.peek() != Some(b'}') {
                loop {
                    let key = self.scalar(true)?;
                    if self.peek() != Some(b':')
                        || self.at(self.pos + 1) != Some(b' ')
                        || !matches!(key.value, Value::String(_))
                        || (key.style == Style::Plain && key.as_str() == Some("<<"))
                    {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_spaces();
                    if matches!(self.peek(), None | Some(b'\n' | b',' | b'}' | b'#')) {
                        return None;
                    }
                    let value = self.flow_item()?;
                    self.skip_spaces();
                    self.scratch.entries.push(Entry::new(key, value));
                    if !self.flow_separator(b'}')? {
                        break;
                    }
                }
            }
            let entries = self.scratch.map_entries(base)?;
            self.pos += 1;
            span.end = self.pos;
            Node::new(Value::Map(entries), span, Style::Plain)
        };
        self.depth -= 1;
        Some(node)
    }

    fn flow_item(&mut self) -> Fast<Node> {
        match self.peek() {
            Some(b'[' | b'{') => self.flow(),
            _ => self.scalar(true),
        }
    }

    /// After an item of a flow collection (blanks skipped): `,` and another item
    /// (`true`), or the closing bracket (`false`, `pos` at it). A trailing `,` and
    /// anything else are given up on.
    fn flow_separator(&mut self, close: u8) -> Fast<bool> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                self.skip_spaces();
                match self.peek() {
                    Some(c) if c == close || c == b',' || c == b'\n' || c == b'#' => None,
                    None => None,
                    Some(_) => Some(true),
                }
            }
            c if c == close => Some(false),
            _ => None,
        }
    }
}

/// Whether two keys of `entries` are the same (all keys are strings here).
fn has_duplicate_keys(entries: &[Entry]) -> bool {
    fn key(e: &Entry) -> &str {
        e.key.as_str().unwrap_or_default()
    }
    // Equal texts have equal vocabulary numbers, and a word of the vocabulary equals no
    // other key: the vocabulary's keys are one bit each, and only the others compared.
    let mut known = [0u64; vocab::COUNT.div_ceil(64)];
    let mut others = 0;
    for e in entries {
        match e.sym().index() {
            Some(i) => {
                let bit = 1u64 << (i % 64);
                if known[i / 64] & bit != 0 {
                    return true;
                }
                known[i / 64] |= bit;
            }
            None => others += 1,
        }
    }
    if others < 2 {
        return false;
    }
    let mut keys: Vec<&str> = entries
        .iter()
        .filter(|e| !e.sym().is_known())
        .map(key)
        .collect();
    keys.sort_unstable();
    keys.windows(2).any(|w| w[0] == w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(s: &str) -> Option<Vec<Document>> {
        parse(&SourceText::new(s.to_owned()))
    }

    /// The fast path's tree equals saphyr's path's, or the fast path gave up.
    fn same(s: &str) -> bool {
        let src = SourceText::new(s.to_owned());
        let Some(docs) = parse(&src) else {
            return false;
        };
        let slow = super::super::parse::parse_with_saphyr(&src);
        assert!(slow.problems.is_empty(), "{s:?}: {:?}", slow.problems);
        let slow_roots: Vec<_> = slow.documents.iter().map(|d| &d.root).collect();
        let fast_roots: Vec<_> = docs.iter().map(|d| &d.root).collect();
        if fast_roots != slow_roots {
            first_difference(fast_roots[0], slow_roots[0], s);
        }
        true
    }

    fn first_difference(a: &Node, b: &Node, s: &str) {
        if a.span != b.span || a.style != b.style {
            panic!(
                "{s:?}: fast {:?} {:?} / saphyr {:?} {:?} at {:?}",
                a.span,
                a.style,
                b.span,
                b.style,
                &s[b.span.start.min(s.len())..]
            );
        }
        match (&a.value, &b.value) {
            (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => {
                for (p, q) in x.iter().zip(y) {
                    first_difference(p, q, s);
                }
            }
            (Value::Map(x), Value::Map(y)) if x.len() == y.len() => {
                for (p, q) in x.iter().zip(y) {
                    first_difference(&p.key, &q.key, s);
                    first_difference(&p.value, &q.value, s);
                }
            }
            (x, y) if x == y => {}
            (x, y) => panic!("{s:?}: fast {x:?} / saphyr {y:?}"),
        }
    }

    #[test]
    fn reads_the_subset_as_saphyr_does() {
        let mut failures = Vec::new();
        for s in [
            "a: 1\n",
            "a: b\nc: d",
            "# top\n\na: b   # c\n\n  # d\ne:\n  f: g\n  h: [1, 'two', \"th\\\"ree\"]\n",
            "k:\n- a\n- b\nz: 1\n",
            "k:\n  - a: 1\n    b: 2\n  - c\n  - [x, {y: z}]\n",
            "a:\nb: ~\nc: null\nd: 2026-01-01\ne: yes\nf: 1.5\ng: -3\n",
            "url: https://example.com/a#b\nx: a:b\ny: 'it''s'\n",
            "empty: []\nnone: {}\nq: \"\\u00e9\\x41\"\n",
            "name: Zoë — café\nnext: ok\n",
            "a: {k: v, l: [1, 2]}\n",
            "- x\n- y: 1\n  z: 2\n-\n  w: 3\n",
            "a:   spaced value   \n",
            "  a: indented root\n  b: 2\n",
            "---\na: b\n",
            "k:\n- 'q'\n- \"r\"\n",
            "k:\n- a: 1\n  b: 2\n- c\n",
            "k:\n  -\n    a: 1\n",
            "k:\n  - {a: 1}\n",
            "- {a: 1}\n- [b]\n",
            "a: 1\n---\nb: 2\n--- # three\n- c\n",
            "a: |\n  one\n    two  \n\n  # three\nb: 1\n",
            "a: |-   # strip\n  one\n  two\n\n\nb: 1\n",
            "k:\n  - |\n    item\n  - x: |\n      deep\n    y: 2\n",
            "a: |\n  text\n# after\n",
            "a: |\n  at the end\n",
            "a: >\n  one\n  two\n\n  three\n\n\n  four\nb: >-\n  x\n  y\n",
        ] {
            let r = std::panic::catch_unwind(|| same(s));
            match r {
                Ok(true) => {}
                Ok(false) => failures.push(format!("gave up on {s:?}")),
                Err(e) => failures.push(e.downcast_ref::<String>().cloned().unwrap_or_default()),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn gives_up_outside_the_subset() {
        for s in [
            "",
            "# only a comment\n",
            "a: 1\n---\n",
            "---\n---\na: 1\n",
            "--- a: 1\n",
            "a: 1\n...\n",
            "k:\n- {a: 1}\n- [b]\n",
            "k:\n- [b]\n",
            "k:\n-\n  a: 1\n",
            "k:\n- >-\n  text\n",
            "just a scalar\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |+\n  text\n",
            "a: |2\n  text\n",
            "a: |\n\n  text\n",
            "a: |\n  text",
            "a: |\nb: 1\n",
            "a: >\n  text\n   more indented\n",
            "a: >+\n  text\n",
            "a: plain\n  continued\n",
            "a: 'open\n  quote'\n",
            "a: [1,\n  2]\n",
            "? a\n: b\n",
            "1: x\n",
            "a: 1\na: 2\n",
            "<<: {a: 1}\n",
            "a: b: c\n",
            "a: [1, 2,]\n",
            "a: [x -]\n",
            "a: {k: x -, l: y}\n",
            "- \n- x\n",
            "a: @b\n",
            "a: 'x'y\n",
            "a: \"\\q\"\n",
            "\u{feff}a: b\n",
            "a: b\n c: d\n",
        ] {
            assert!(fast(s).is_none(), "the fast path read {s:?}");
        }
    }

    #[test]
    fn duplicate_keys_are_given_up_on_known_or_not() {
        // `app` and `purpose` are words of the vocabulary; the others are not.
        for s in [
            "app: a\npurpose: b\napp: c\n",
            "app: a\n'app': c\n",
            "zz: a\napp: b\nzz: c\n",
            "m: {app: 1, x: 2, app: 3}\n",
            "m: {x: 1, app: 2, \"x\": 3}\n",
        ] {
            assert!(fast(s).is_none(), "the fast path read {s:?}");
        }
        // Many keys, one written twice: the last against the first.
        let mut many: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        assert!(same(&many));
        many.push_str("k0: again\n");
        assert!(fast(&many).is_none());
        for s in [
            "app: a\napps: b\nApp: c\nx: 1\ny: 2\n",
            "m: {app: 1, x: 2, y: 3}\n",
        ] {
            assert!(same(s), "{s:?}");
        }
    }

    #[test]
    fn the_example_documents_take_the_fast_path() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/integrations");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(same(&text), "{} left the fast path", path.display());
                read += 1;
            }
        }
        assert!(read > 0);
    }

    #[test]
    fn deep_nesting_is_left_to_saphyr() {
        let deep = "[".repeat(MAX_FAST_DEPTH + 1) + &"]".repeat(MAX_FAST_DEPTH + 1);
        assert!(fast(&format!("a: {deep}\n")).is_none());
    }
}
