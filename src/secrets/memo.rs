//! Per-thread memory of a pure function of short strings (mapping keys, mostly: the
//! schema's vocabulary comes back in every document). Bounded: when full it is emptied
//! and filled again, so hostile input cannot grow it.

use std::collections::HashMap;

/// Longest string remembered, in bytes.
pub const MAX_LEN: usize = 64;
/// Most strings remembered.
const MAX_ENTRIES: usize = 4096;

pub struct Memo<V> {
    map: HashMap<Box<str>, V, foldhash::fast::RandomState>,
}

impl<V: Clone> Memo<V> {
    #[must_use]
    pub fn new() -> Self {
        Self {
            map: HashMap::default(),
        }
    }

    /// `f(text)`, from memory when `text` was seen; `text` must be at most [`MAX_LEN`].
    pub fn get(&mut self, text: &str, f: impl FnOnce(&str) -> V) -> V {
        debug_assert!(text.len() <= MAX_LEN);
        if let Some(v) = self.map.get(text) {
            return v.clone();
        }
        let v = f(text);
        if self.map.len() >= MAX_ENTRIES {
            self.map.clear();
        }
        self.map.insert(text.into(), v.clone());
        v
    }
}

impl<V: Clone> Default for Memo<V> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_and_stays_bounded() {
        let mut calls = 0;
        let mut memo = Memo::new();
        for _ in 0..3 {
            assert_eq!(
                memo.get("abc", |t| {
                    calls += 1;
                    t.len()
                }),
                3
            );
        }
        assert_eq!(calls, 1);
        for i in 0..(MAX_ENTRIES * 2) {
            memo.get(&i.to_string(), str::len);
        }
        assert!(memo.map.len() <= MAX_ENTRIES);
    }
}
