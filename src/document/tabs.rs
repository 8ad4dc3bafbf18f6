//! Tabs that separate a `:` from its value, which saphyr-parser 0.3 refuses.
//!
//! YAML 1.2 allows tabs as separation within a line (`app:<TAB>Notion`); only
//! indentation must be spaces. saphyr rejects a tab after `:` whenever a letter, digit
//! or `-` follows, to catch a block collection written after a tab (`? a` /
//! `:<TAB>- b`), and so also rejects every plain value. When a parse fails, the parser
//! retries on a copy where such tabs are spaces: one byte for one byte, so every
//! offset, line and column stays that of the source. A tab that turns out to sit inside
//! a scalar (where it is content) is put back and the parse repeated; see
//! [`super::parse`].

/// Byte offsets of tabs right after a `:` that may separate it from a plain value.
///
/// After an implicit key (`key:`, `"k":`, `- k:`, `{k:` — something precedes the
/// colon on its line) a space and a tab mean the same, and saphyr itself refuses a
/// block collection there. After the value indicator of an explicit key (the colon
/// starts its line) the tab is only taken when what follows is not a block
/// collection: no `-`, `?` or `:` indicator and no `key:` on the rest of the line.
#[must_use]
pub(super) fn separating_tabs(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut first_content: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' | b'\r' => first_content = None,
            b'\t' if i > 0 && bytes[i - 1] == b':' => {
                let implicit = first_content.is_some_and(|f| f < i - 1);
                if implicit || explicit_value_is_scalar(&bytes[i..]) {
                    out.push(i);
                }
            }
            b' ' | b'\t' => {}
            _ => {
                first_content.get_or_insert(i);
            }
        }
    }
    out
}

/// After `?`-key's `:` and the tab: is the rest of the line a scalar (or flow) value?
fn explicit_value_is_scalar(rest: &[u8]) -> bool {
    let end = rest
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(rest.len());
    let line = &rest[..end];
    let start = line
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(line.len());
    let value = &line[start..];
    let blank_after = |at: usize| matches!(value.get(at), None | Some(b' ' | b'\t'));
    if value.is_empty() || (matches!(value[0], b'-' | b'?' | b':') && blank_after(1)) {
        return false;
    }
    !(0..value.len()).any(|i| value[i] == b':' && blank_after(i + 1))
}

/// `text` with a space at each of `at` (offsets of tabs).
#[must_use]
pub(super) fn with_spaces(text: &str, at: &[usize]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &i in at {
        debug_assert_eq!(bytes[i], b'\t');
        bytes[i] = b' ';
    }
    // One ASCII byte replaced by another keeps the text UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<usize> {
        separating_tabs(text)
    }

    #[test]
    fn tabs_after_an_implicit_key_separate() {
        assert_eq!(found("app:\tNotion\n"), vec![4]);
        assert_eq!(found("- k:\tv\n  \"q\":\t\tw\n"), vec![4, 13]);
        assert_eq!(found("{a:\tb, c:\t1}\n"), vec![3, 9]);
        assert_eq!(found("a: b\t# c:\td\n"), vec![9], "harmless in a comment");
    }

    #[test]
    fn tabs_elsewhere_are_left_alone() {
        assert!(found("a:\n\tb\n").is_empty());
        assert!(found("a: x\tb\n- \tc\n").is_empty());
        assert!(found("url: http://x\n").is_empty());
    }

    #[test]
    fn explicit_values_take_the_tab_only_before_a_scalar() {
        assert_eq!(found("? a\n:\tb\n"), vec![5]);
        assert_eq!(found("? a\n:\t[x, y]\n"), vec![5]);
        assert!(found("? a\n:\t- b\n").is_empty(), "Y79Y/007");
        assert!(found("? a\n:\tkey:\n").is_empty(), "Y79Y/009");
        assert!(found("? a\n:\tk: v\n").is_empty());
        assert!(found("? a\n:\t? k\n").is_empty());
        assert!(found("? a\n:\t\n").is_empty());
        assert!(found(":\t-").is_empty());
    }

    #[test]
    fn spaces_replace_tabs_byte_for_byte() {
        let text = "é:\tx\n";
        let at = found(text);
        let spaced = with_spaces(text, &at);
        assert_eq!(spaced, "é: x\n");
        assert_eq!(spaced.len(), text.len());
    }
}
