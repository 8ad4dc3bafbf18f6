//! Source text with a line index: byte offsets to 1-based lines and columns.

/// The text of one file and where its lines start.
#[derive(Debug)]
pub struct SourceText {
    text: String,
    line_starts: Vec<usize>,
    ascii: bool,
}

impl SourceText {
    #[must_use]
    pub fn new(text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        let ascii = text.is_ascii();
        Self {
            text,
            line_starts,
            ascii,
        }
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offset of a 1-based line and a 0-based character column.
    #[must_use]
    pub fn offset(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        if self.ascii {
            return (start + char_col).min(self.text.len());
        }
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(char_col)
            .map_or(self.text.len().min(start + rest.len()), |(i, _)| start + i)
    }

    /// 1-based line and 1-based character column of a byte offset.
    #[must_use]
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
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

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
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
}
