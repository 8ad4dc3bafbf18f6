//! Positions at the LSP boundary: byte offsets into a document's text to and from LSP
//! positions, counted in UTF-8 bytes or UTF-16 code units as negotiated at
//! `initialize`. Lines end at `\n`, `\r\n` or `\r`, as LSP says. Everything inside the
//! server works in byte offsets; only this module knows about encodings.

use lsp_types::{Position, Range};

/// How LSP positions count characters within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The LSP name of the encoding.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }

    /// UTF-8 when the client lists it (`general.positionEncodings`), else UTF-16 (the
    /// default every client understands).
    #[must_use]
    pub fn negotiate(offered: &[String]) -> Self {
        if offered.iter().any(|e| e.eq_ignore_ascii_case("utf-8")) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }
}

/// Where each line of a text starts (byte offsets).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    #[must_use]
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self { starts }
    }

    /// The byte range of line `line` (0-based) without its line break.
    fn line_range(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// The LSP position of byte `offset` (clamped to the text, and back to a character
    /// boundary).
    #[must_use]
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (start, end) = self.line_range(text, line);
        let within = &text[start..offset.min(end).max(start)];
        let character = match enc {
            Encoding::Utf8 => within.len(),
            Encoding::Utf16 => within.chars().map(char::len_utf16).sum(),
        };
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The LSP range of bytes `start..end`.
    #[must_use]
    pub fn range(&self, text: &str, start: usize, end: usize, enc: Encoding) -> Range {
        Range {
            start: self.position(text, start, enc),
            end: self.position(text, end.max(start), enc),
        }
    }

    /// The byte offset of an LSP position. A line past the end gives the end of the
    /// text; a character past the end of its line gives the end of the line; a
    /// position inside a character (half a surrogate pair, a byte inside a UTF-8
    /// sequence) gives the start of that character.
    #[must_use]
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, end) = self.line_range(text, line);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + width > want {
                return start + i;
            }
            units += width;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    /// EDITOR.md's example: the key `nmae` after `😀 café`.
    const LINE: &str = "service: {title: \"😀 café\", nmae: payments}";

    #[test]
    fn astral_and_accented_characters_count_per_encoding() {
        let text = format!("a: 1\n{LINE}\n");
        let idx = LineIndex::new(&text);
        let at = text.find("nmae").unwrap();
        // 1-based columns 29 (UTF-16) and 32 (bytes) in EDITOR.md are 28 and 31 here.
        assert_eq!(idx.position(&text, at, Encoding::Utf16), pos(1, 28));
        assert_eq!(idx.position(&text, at, Encoding::Utf8), pos(1, 31));
        assert_eq!(idx.offset(&text, pos(1, 28), Encoding::Utf16), at);
        assert_eq!(idx.offset(&text, pos(1, 31), Encoding::Utf8), at);
        let end = at + "nmae".len();
        let r = idx.range(&text, at, end, Encoding::Utf16);
        assert_eq!((r.start, r.end), (pos(1, 28), pos(1, 32)));
    }

    #[test]
    fn every_char_boundary_round_trips_in_both_encodings() {
        let text = "x: \"😀 café\"\r\ny: ü\rz: 𝄞\n\nlast";
        let idx = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, c) in text.char_indices() {
                if matches!(c, '\n' | '\r') {
                    continue; // a line break is at the end of its line
                }
                let p = idx.position(text, i, enc);
                let back = idx.offset(text, p, enc);
                assert_eq!(back, i, "{enc:?} offset {i} -> {p:?}");
            }
        }
    }

    #[test]
    fn line_breaks_of_every_kind_start_lines() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        for (offset, line) in [(0, 0), (3, 1), (5, 2), (7, 3)] {
            assert_eq!(idx.position(text, offset, Encoding::Utf16).line, line);
            assert_eq!(idx.offset(text, pos(line, 0), Encoding::Utf16), offset);
        }
        // The `\r\n` counts as one break: its `\r` is the end of line 0.
        assert_eq!(idx.position(text, 1, Encoding::Utf16), pos(0, 1));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(idx.offset(text, pos(9, 0), Encoding::Utf16), text.len());
        assert_eq!(idx.position(text, 999, Encoding::Utf8), pos(1, 2));
        // Half a surrogate pair lands on the character's start.
        let astral = "😀x";
        let idx = LineIndex::new(astral);
        assert_eq!(idx.offset(astral, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(idx.offset(astral, pos(0, 2), Encoding::Utf16), 4);
        assert_eq!(idx.offset(astral, pos(0, 3), Encoding::Utf8), 0);
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        assert_eq!(Encoding::negotiate(&[]), Encoding::Utf16);
        let offered = vec!["utf-16".to_owned(), "utf-8".to_owned()];
        assert_eq!(Encoding::negotiate(&offered), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(&["utf-32".to_owned()]), Encoding::Utf16);
    }
}
