//! Source text with a line index: byte offsets to 1-based lines and columns.
//!
//! Lines break where YAML 1.2 breaks them: at `\n`, `\r\n` and a lone `\r` (old Mac
//! files). A byte order mark at the start of a line takes no column, as in saphyr and
//! in editors. The text is kept exactly as read, BOM included, so byte offsets are
//! offsets into the file.

use std::sync::OnceLock;

const BOM: char = '\u{feff}';

/// The text of one file and where its lines start.
///
/// The line index is built the first time a position is asked for: a clean document
/// never needs one (the parser counts its own lines and columns), and building it was
/// a pass over every file with a `memchr` call per line.
#[derive(Debug)]
pub struct SourceText {
    text: String,
    ascii: bool,
    lines: OnceLock<Lines>,
    display: OnceLock<String>,
}

/// Where the lines of a [`SourceText`] start.
#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
    /// 0-based indices of the lines that start with a byte order mark (usually none).
    bom_lines: Vec<usize>,
    /// Whether some `\r` is not followed by `\n`.
    lone_cr: bool,
}

impl Lines {
    fn of(text: &str, ascii: bool) -> Self {
        // Room for lines of 32 bytes on average (YAML's are longer): one allocation.
        let mut starts = Vec::with_capacity(text.len() / 32 + 2);
        starts.push(0);
        let mut lone_cr = false;
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                _ if bytes.get(i + 1) != Some(&b'\n') => {
                    lone_cr = true;
                    starts.push(i + 1);
                }
                _ => {}
            }
        }
        let bom_lines = if ascii {
            Vec::new()
        } else {
            starts
                .iter()
                .enumerate()
                .filter(|&(_, &s)| text[s..].starts_with(BOM))
                .map(|(i, _)| i)
                .collect()
        };
        Self {
            starts,
            bom_lines,
            lone_cr,
        }
    }
}

impl SourceText {
    #[must_use]
    pub fn new(text: String) -> Self {
        let ascii = text.is_ascii();
        Self {
            text,
            ascii,
            lines: OnceLock::new(),
            display: OnceLock::new(),
        }
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::of(&self.text, self.ascii))
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text with every lone `\r` shown as `\n` (same length, same offsets), for
    /// renderers that only break lines at `\n`.
    #[must_use]
    pub fn display_text(&self) -> &str {
        if !self.lines().lone_cr {
            return &self.text;
        }
        self.display.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut out = self.text.clone().into_bytes();
            for (i, b) in out.iter_mut().enumerate() {
                if *b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
                    *b = b'\n';
                }
            }
            // Only ASCII bytes were swapped for ASCII bytes.
            String::from_utf8(out).unwrap_or_else(|_| self.text.clone())
        })
    }

    /// Number of lines (a final line break does not start a new one).
    #[must_use]
    pub fn line_count(&self) -> usize {
        let n = self.lines().starts.len();
        if n > 1 && self.lines().starts[n - 1] == self.text.len() {
            n - 1
        } else {
            n
        }
    }

    /// Where the text of 0-based line `index` starts: after its break and any BOM.
    fn content_start(&self, index: usize) -> usize {
        let lines = self.lines();
        let start = lines.starts[index];
        if lines.bom_lines.binary_search(&index).is_ok() {
            start + BOM.len_utf8()
        } else {
            start
        }
    }

    /// Byte offset of a 1-based line and a 0-based character column.
    #[must_use]
    pub fn offset(&self, line: usize, char_col: usize) -> usize {
        let index = line.saturating_sub(1);
        if index >= self.lines().starts.len() {
            return self.text.len();
        }
        let start = self.content_start(index);
        if self.ascii {
            return (start + char_col).min(self.text.len());
        }
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(char_col)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// 1-based line and 1-based character column of a byte offset.
    #[must_use]
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.lines().starts.partition_point(|&s| s <= offset);
        let start = self.content_start(line - 1).min(offset);
        let column = if self.ascii {
            offset - start
        } else {
            self.text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        };
        (line, column + 1)
    }

    /// A [`super::Span`] covering `start..end` bytes.
    #[must_use]
    pub fn span(&self, start: usize, end: usize) -> super::Span {
        let (line, column) = self.position(start);
        super::Span {
            start,
            end: end.max(start),
            line,
            column,
        }
    }
}

/// 1-based line and column just after `prefix` (the text before some position),
/// counting lines as [`SourceText`] does; for places where only raw bytes are known.
#[must_use]
pub fn end_position(prefix: &str) -> (usize, usize) {
    SourceText::new(prefix.to_owned()).position(prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_with_multibyte_text() {
        let src = SourceText::new("a: 1\nb: é x\n".to_owned());
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(5), (2, 1));
        let x = src.text().find('x').unwrap();
        assert_eq!(src.position(x), (2, 6));
        assert_eq!(src.offset(2, 5), x);
    }

    #[test]
    fn lone_carriage_returns_break_lines() {
        let src = SourceText::new("a: 1\rb: 2\rc: 3\r".to_owned());
        let c = src.text().find('c').unwrap();
        assert_eq!(src.position(c), (3, 1));
        assert_eq!(src.position(c + 3), (3, 4));
        assert_eq!(src.offset(3, 3), c + 3);
        assert_eq!(src.line_count(), 3);
        assert_eq!(src.display_text(), "a: 1\nb: 2\nc: 3\n");
    }

    #[test]
    fn crlf_is_one_break_and_the_cr_ends_its_line() {
        let src = SourceText::new("a: 1\r\nb: 2\r\n".to_owned());
        assert_eq!(src.position(4), (1, 5), "the \\r is the end of line 1");
        assert_eq!(src.position(5), (1, 6));
        assert_eq!(src.position(6), (2, 1));
        assert_eq!(src.offset(2, 3), 9);
        assert_eq!(src.line_count(), 2);
        assert_eq!(
            src.display_text(),
            src.text(),
            "nothing to show differently"
        );
    }

    #[test]
    fn mixed_breaks_count_like_yaml() {
        let src = SourceText::new("a\nb\rc\r\nd".to_owned());
        assert_eq!(src.position(src.text().find('d').unwrap()), (4, 1));
        assert_eq!(src.line_count(), 4);
    }

    #[test]
    fn a_bom_takes_no_column_but_keeps_its_bytes() {
        let src = SourceText::new("\u{feff}a: 1\nb: 2\n".to_owned());
        assert_eq!(src.offset(1, 0), 3, "column 0 of line 1 is after the BOM");
        assert_eq!(src.position(3), (1, 1));
        assert_eq!(src.position(6), (1, 4));
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.offset(2, 0), src.text().find('b').unwrap());
        let mid = SourceText::new("a: 1\n\u{feff}---\nb: 2\n".to_owned());
        assert_eq!(mid.offset(2, 0), mid.text().find('-').unwrap());
    }

    #[test]
    fn positions_of_raw_prefixes() {
        assert_eq!(end_position(""), (1, 1));
        assert_eq!(end_position("ab\rcé"), (2, 3));
        assert_eq!(end_position("ab\r\n"), (2, 1));
    }
}
