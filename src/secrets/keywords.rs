//! The rule set's keyword prefilter: which of a few hundred keywords occur in a text,
//! ASCII case ignored, overlapping occurrences included.
//!
//! It answers what an Aho-Corasick automaton with overlapping matches answers (the unit
//! tests hold it to `aho-corasick` on random and real texts) with far less work for this
//! keyword set. gitleaks' keywords match in most texts (`key`, `api`, `sk`, `ey`, …), and
//! an automaton pays a state transition per byte and a return to its caller per match.
//! Here each position costs one look at its three bytes as written, hashed into a 16 KiB
//! bit table of the keywords' first three bytes in every ASCII case (a two-byte keyword
//! followed by any byte). About one position in twenty-five passes on the benchmark's
//! documents (a table of first two bytes, used before, passed a fifth of them); only
//! there are the bytes lower-cased and the keywords starting so looked up. The text's
//! last two bytes, which have no third, are looked up for a two-byte keyword directly.

use std::collections::HashMap;

/// ASCII lower-casing of a byte (other bytes stay as they are).
const fn lower(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// The bytes that lower-case to `b`: itself, and its capital for an ASCII letter.
fn cases(b: u8) -> impl Iterator<Item = u8> {
    std::iter::once(b).chain(b.is_ascii_lowercase().then(|| b.to_ascii_uppercase()))
}

/// Three bytes in the low 24 bits of a number, the first one highest.
fn three(a: u8, b: u8, c: u8) -> u32 {
    u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c)
}

/// Slots of the three-byte table.
const TRI_SLOTS: usize = 1 << 17;

/// The slot of three bytes as written (`x` holds them in its low 24 bits) in the
/// three-byte table.
fn tri_hash(x: u32) -> usize {
    (x.wrapping_mul(0x9E37_79B1) >> 15) as usize
}

type List = Vec<(usize, Box<[u8]>)>;

/// The compiled keyword set.
pub struct Keywords {
    /// The first three bytes of every keyword of three bytes or more, and every two-byte
    /// keyword followed by any byte, in every ASCII case, as written, hashed: one bit per
    /// slot.
    tri_bits: Box<[u64; TRI_SLOTS / 64]>,
    /// Per exact lower-cased three-byte start, the keywords starting so: (index,
    /// lower-cased bytes).
    tri: HashMap<u32, List, foldhash::fast::FixedState>,
    /// Two-byte keywords: one bit per pair of lower-cased bytes, and their indices.
    pair_bits: Box<[u64; 1024]>,
    pairs: HashMap<u32, Vec<usize>, foldhash::fast::FixedState>,
    /// Keywords of one byte: (lower-cased byte, index).
    single: Vec<(u8, usize)>,
}

impl Keywords {
    /// Compiles `words` (matched ASCII case-insensitively); a keyword's index is its
    /// position in `words`.
    ///
    /// # Errors
    /// An empty keyword.
    pub fn new<S: AsRef<str>>(words: &[S]) -> Result<Self, String> {
        let mut k = Self {
            tri_bits: Box::new([0; TRI_SLOTS / 64]),
            tri: HashMap::default(),
            pair_bits: Box::new([0; 1024]),
            pairs: HashMap::default(),
            single: Vec::new(),
        };
        for (index, word) in words.iter().enumerate() {
            let w: Box<[u8]> = word.as_ref().bytes().map(lower).collect();
            match *w {
                [] => return Err("an empty keyword".to_owned()),
                [b] => k.single.push((b, index)),
                [a, b] => {
                    let p = u32::from(a) << 8 | u32::from(b);
                    k.pair_bits[p as usize >> 6] |= 1 << (p & 63);
                    k.pairs.entry(p).or_default().push(index);
                    for a in cases(a) {
                        for b in cases(b) {
                            for c in 0..=u8::MAX {
                                k.mark(three(a, b, c));
                            }
                        }
                    }
                }
                [a, b, c, ..] => {
                    for a in cases(a) {
                        for b in cases(b) {
                            for c in cases(c) {
                                k.mark(three(a, b, c));
                            }
                        }
                    }
                    k.tri.entry(three(a, b, c)).or_default().push((index, w));
                }
            }
        }
        Ok(k)
    }

    fn mark(&mut self, x: u32) {
        let h = tri_hash(x);
        self.tri_bits[h >> 6] |= 1 << (h & 63);
    }

    /// Calls `found` with the index of each keyword occurrence in `text` (a keyword that
    /// occurs twice is reported twice; the order is not specified).
    pub fn each_in(&self, text: &str, mut found: impl FnMut(usize)) {
        let b = text.as_bytes();
        if !self.single.is_empty() {
            for &c in b {
                for &(s, index) in &self.single {
                    if lower(c) == s {
                        found(index);
                    }
                }
            }
        }
        // Positions are taken 64 at a time: first, without a branch, a mask of those whose
        // three bytes pass the table; then only the passing ones are looked at (a branch
        // per position is mispredicted whenever a keyword-like start comes).
        let Some(starts) = b.len().checked_sub(2) else {
            return;
        };
        self.two_byte(
            u32::from(lower(b[starts])) << 8 | u32::from(lower(b[starts + 1])),
            &mut found,
        );
        let mut x = u32::from(b[0]) << 8 | u32::from(b[1]);
        let mut base = 0;
        while base < starts {
            let end = starts.min(base + 64);
            let mut mask = 0u64;
            for (bit, &c) in b[base + 2..end + 2].iter().enumerate() {
                x = (x << 8 | u32::from(c)) & 0x00FF_FFFF;
                let h = tri_hash(x);
                mask |= (self.tri_bits[h >> 6] >> (h & 63) & 1) << bit;
            }
            while mask != 0 {
                let i = base + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let x = three(lower(b[i]), lower(b[i + 1]), lower(b[i + 2]));
                self.two_byte(x >> 8, &mut found);
                self.longer(&b[i..], x, &mut found);
            }
            base = end;
        }
    }

    /// The two-byte keywords that are `p` (two lower-cased bytes, the first one higher).
    #[inline]
    fn two_byte(&self, p: u32, found: &mut impl FnMut(usize)) {
        if self.pair_bits[p as usize >> 6] & (1 << (p & 63)) != 0 {
            if let Some(list) = self.pairs.get(&p) {
                list.iter().for_each(|&index| found(index));
            }
        }
    }

    /// The keywords of three bytes or more that start `rest` (whose first three bytes,
    /// lower-cased, are `x`).
    fn longer(&self, rest: &[u8], x: u32, found: &mut impl FnMut(usize)) {
        let Some(list) = self.tri.get(&x) else { return };
        for (index, word) in list {
            if rest.len() >= word.len()
                && rest[3..word.len()]
                    .iter()
                    .zip(&word[3..])
                    .all(|(&c, &w)| lower(c) == w)
            {
                found(*index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    use super::*;

    /// The keyword indices found, sorted, as `aho-corasick` finds them and as we do.
    fn both(words: &[&str], text: &str) -> (Vec<usize>, Vec<usize>) {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .unwrap();
        let mut want: Vec<usize> = ac
            .find_overlapping_iter(text)
            .map(|m| m.pattern().as_usize())
            .collect();
        let mut got = Vec::new();
        Keywords::new(words).unwrap().each_in(text, |i| got.push(i));
        want.sort_unstable();
        got.sort_unstable();
        (want, got)
    }

    #[test]
    fn overlapping_and_case_insensitive_occurrences() {
        let words = ["key", "apikey", "api", "ey", "s.", "x", "secret_key", "été"];
        for text in [
            "",
            "k",
            "API_KEY=1",
            "my apikey and ApiKey",
            "s.s.s. sECRET_KEY",
            "no keywords",
            "XXX",
            "ÉTÉ été",
            "ey",
        ] {
            let (want, got) = both(&words, text);
            assert_eq!(got, want, "{text:?}");
        }
        let (_, got) = both(&words, "apikey");
        assert_eq!(got, vec![0, 1, 2, 3], "key, apikey, api and ey all occur");
    }

    #[test]
    fn the_embedded_keywords_agree_with_aho_corasick_on_random_text() {
        let refs: Vec<&str> = super::super::ruleset::RULES
            .keywords()
            .iter()
            .map(String::as_str)
            .collect();
        // Text built from the keywords' own bytes, so that matches are dense.
        let alphabet: Vec<u8> = refs
            .iter()
            .flat_map(|w| w.bytes())
            .chain(b" _-=:./AZaz09".iter().copied())
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let len = usize::try_from(next() % 80).unwrap();
            let mut text: Vec<u8> = (0..len)
                .map(|_| {
                    let c = alphabet[usize::try_from(next()).unwrap() % alphabet.len()];
                    if next() % 3 == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            text.retain(u8::is_ascii);
            let text = String::from_utf8(text).unwrap();
            let (want, got) = both(&refs, &text);
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn two_byte_keywords_of_every_second_byte_agree_with_aho_corasick() {
        // More second bytes than one `memchr3` takes, in both cases, with keywords of
        // three bytes and more that share their starts.
        let words = [
            "ey", "sk", "s.", "q~", "ab", "zz", "a-", "k9", "eyj", "skey", "abc", "key",
        ];
        let alphabet = b"eyskq~abz-9.KEYSQAZ j";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = usize::try_from(state % 24).unwrap();
            let text: String = (0..len)
                .map(|i| {
                    let r = state.rotate_left(u32::try_from(i * 5).unwrap());
                    char::from(alphabet[usize::try_from(r).unwrap() % alphabet.len()])
                })
                .collect();
            let (want, got) = both(&words, &text);
            assert_eq!(got, want, "{text:?}");
        }
        for text in ["ey", "Ey", "xSK", "s.", "q~q~", "aB", "k", "", "y", "kk9K9"] {
            let (want, got) = both(&words, text);
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn an_empty_keyword_is_refused() {
        assert!(Keywords::new(&["a", ""]).is_err());
    }
}
