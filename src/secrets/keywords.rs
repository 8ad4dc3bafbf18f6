//! The rule set's keyword prefilter: which of a few hundred keywords occur in a text,
//! ASCII case ignored, overlapping occurrences included.
//!
//! It answers what an Aho-Corasick automaton with overlapping matches answers (the unit
//! tests hold it to `aho-corasick` on random and real texts) with far less work for this
//! keyword set. gitleaks' keywords match in most texts (`key`, `api`, `sk`, `ey`, …), and
//! an automaton pays a state transition per byte and a return to its caller per match.
//! Here each position costs one look at its two bytes as written in an 8 KiB bit table
//! of the keywords' first two bytes in every ASCII case (about a fifth of a document's
//! positions pass). Only there are the bytes lower-cased: the two-byte keywords are
//! looked up, and for the longer ones the three-byte start is tested in a 4 KiB hashed
//! bit table (a few percent pass) before the keywords starting so are compared.

use std::collections::HashMap;

/// ASCII lower-casing of a byte (other bytes stay as they are).
const fn lower(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// The bytes that lower-case to `b`: itself, and its capital for an ASCII letter.
fn cases(b: u8) -> impl Iterator<Item = u8> {
    std::iter::once(b).chain(b.is_ascii_lowercase().then(|| b.to_ascii_uppercase()))
}

/// The slot of a three-byte start (`x` holds them in its low 24 bits) in the bit table.
fn tri_hash(x: u32) -> usize {
    (x.wrapping_mul(0x9E37_79B1) >> 17) as usize
}

type List = Vec<(usize, Box<[u8]>)>;

/// The compiled keyword set.
pub struct Keywords {
    /// The first two bytes of every keyword of two bytes or more, in every ASCII case,
    /// as written: one bit per pair.
    start_bits: Box<[u64; 1024]>,
    /// Hashed three-byte starts of the keywords of three bytes or more: one bit per slot.
    tri_bits: Box<[u64; 512]>,
    /// Per exact three-byte start, the keywords starting so: (index, lower-cased bytes).
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
            start_bits: Box::new([0; 1024]),
            tri_bits: Box::new([0; 512]),
            tri: HashMap::default(),
            pair_bits: Box::new([0; 1024]),
            pairs: HashMap::default(),
            single: Vec::new(),
        };
        for (index, word) in words.iter().enumerate() {
            let w: Box<[u8]> = word.as_ref().bytes().map(lower).collect();
            if let [a, b, ..] = *w {
                for a in cases(a) {
                    for b in cases(b) {
                        let p = usize::from(a) << 8 | usize::from(b);
                        k.start_bits[p >> 6] |= 1 << (p & 63);
                    }
                }
            }
            match *w {
                [] => return Err("an empty keyword".to_owned()),
                [b] => k.single.push((b, index)),
                [a, b] => {
                    let p = u32::from(a) << 8 | u32::from(b);
                    k.pair_bits[p as usize >> 6] |= 1 << (p & 63);
                    k.pairs.entry(p).or_default().push(index);
                }
                [a, b, c, ..] => {
                    let x = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
                    let h = tri_hash(x);
                    k.tri_bits[h >> 6] |= 1 << (h & 63);
                    k.tri.entry(x).or_default().push((index, w));
                }
            }
        }
        Ok(k)
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
        // two bytes pass the start table; then only the passing ones are looked at (a
        // branch per position taken a fifth of the time is mostly mispredicted).
        let pairs = b.len().saturating_sub(1);
        let mut base = 0;
        while base < pairs {
            let end = pairs.min(base + 64);
            let mut mask = 0u64;
            for (bit, pair) in b[base..=end].windows(2).enumerate() {
                let raw = usize::from(pair[0]) << 8 | usize::from(pair[1]);
                mask |= (self.start_bits[raw >> 6] >> (raw & 63) & 1) << bit;
            }
            while mask != 0 {
                let i = base + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                self.starting_at(b, i, &mut found);
            }
            base = end;
        }
    }

    /// The keywords that start at `b[i]` (whose first two bytes passed the start table).
    fn starting_at(&self, b: &[u8], i: usize, found: &mut impl FnMut(usize)) {
        let p = u32::from(lower(b[i])) << 8 | u32::from(lower(b[i + 1]));
        if self.pair_bits[p as usize >> 6] & (1 << (p & 63)) != 0 {
            if let Some(list) = self.pairs.get(&p) {
                list.iter().for_each(|&index| found(index));
            }
        }
        if let Some(&c) = b.get(i + 2) {
            let x = p << 8 | u32::from(lower(c));
            let h = tri_hash(x);
            if self.tri_bits[h >> 6] & (1 << (h & 63)) != 0 {
                self.longer(&b[i..], x, found);
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
    fn an_empty_keyword_is_refused() {
        assert!(Keywords::new(&["a", ""]).is_err());
    }
}
