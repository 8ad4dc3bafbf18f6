//! The keys a document is made of, numbered: every property name of the embedded schema
//! has a [`Sym`], and a mapping key read with one of these texts carries it in its
//! [`Entry`](super::Entry).
//!
//! A document's keys are nearly all from this list, and the same ones are looked up
//! many times over: by the rules (`spec` → `security` → `auth_method`), by the schema's
//! tree validator (which property is this?), by the duplicate-key test and by the secret
//! scan (is this key clean?). Each of those used to compare or hash the key's text; with
//! the number read once, when the key is parsed, they compare two small integers.
//!
//! A key outside the list gets [`Sym::NONE`] and is compared by its text, as before:
//! the list only makes lookups faster, never different. The list is kept equal to the
//! schema's property names by a test in `schema` (which may read the schema; this
//! module, below it, may not).

/// Every property name of `schema/integration.schema.json`, once.
pub const WORDS: &[&str] = &[
    "access",
    "access_requests",
    "access_revocation",
    "apiVersion",
    "app",
    "approved_by",
    "approved_on",
    "assignees",
    "at_rest",
    "auth_method",
    "billing",
    "by",
    "checked_on",
    "checks",
    "completed_by",
    "completed_on",
    "compliance",
    "connects_to",
    "contacts",
    "contains_pii",
    "credential_format",
    "credential_storage",
    "data",
    "data_accessed",
    "data_flows",
    "data_syncing",
    "description",
    "encryption",
    "evidence",
    "expires_on",
    "frameworks",
    "frequency",
    "from",
    "grants_access",
    "id",
    "in_transit",
    "interval",
    "issue",
    "kind",
    "known_issues",
    "last_reviewed",
    "least_privilege",
    "links",
    "links_work",
    "login_url",
    "mechanism",
    "metadata",
    "name",
    "new_member_login",
    "notes",
    "on_failure",
    "owners",
    "primary",
    "purpose",
    "relationship",
    "result",
    "review",
    "reviewed_by",
    "rotated_on",
    "screenshot",
    "secondary",
    "secrets",
    "security",
    "sensitive_business_data",
    "spec",
    "started",
    "steps",
    "stored_in",
    "tags",
    "technical",
    "tier",
    "title",
    "to",
    "troubleshooting_tested",
    "validation",
    "vendor_certifications",
    "vendor_certifications_none",
    "vendor_docs",
    "who_has_access",
    "workaround",
    "workflow",
];

/// Number of [`WORDS`].
pub const COUNT: usize = WORDS.len();

/// Length of the longest and the shortest word: other lengths are not looked up.
const LONGEST: usize = extreme(true);
const SHORTEST: usize = extreme(false);

const fn extreme(longest: bool) -> usize {
    let mut n = if longest { 0 } else { usize::MAX };
    let mut i = 0;
    while i < WORDS.len() {
        let len = WORDS[i].len();
        if (longest && len > n) || (!longest && len < n) {
            n = len;
        }
        i += 1;
    }
    n
}

/// A key's number in [`WORDS`], or [`Sym::NONE`] for any other text (and for a key that
/// is not text). Equal texts always have equal numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sym(u16);

/// Slots of the lookup table (a power of two, about four per word).
const SLOTS: usize = 512;

/// The slot a text starts looking in: its length and three of its bytes, mixed. A
/// `const fn`, so that the table is built by the compiler.
const fn slot(b: &[u8]) -> usize {
    let n = b.len();
    let x = (n as u32) | (b[0] as u32) << 8 | (b[n / 2] as u32) << 16 | (b[n - 1] as u32) << 24;
    (x.wrapping_mul(0x9E37_79B1) >> 23) as usize & (SLOTS - 1)
}

/// Open addressing: each slot holds a word's index plus one, or 0; a word sits in the
/// first free slot from its own. A `const` for [`Sym::word`], read at run time through
/// [`TABLE`].
const TABLE_DATA: [u8; SLOTS] = {
    assert!(WORDS.len() < 255 && WORDS.len() < SLOTS / 2);
    let mut table = [0u8; SLOTS];
    let mut i = 0;
    while i < WORDS.len() {
        let mut at = slot(WORDS[i].as_bytes());
        while table[at] != 0 {
            at = (at + 1) & (SLOTS - 1);
        }
        table[at] = i as u8 + 1;
        i += 1;
    }
    table
};

static TABLE: [u8; SLOTS] = TABLE_DATA;

/// `a == b`, for the compiler.
const fn const_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `a == b` for two texts of the same length, in word-sized
/// loads that may overlap (a call to `memcmp` costs more than these short keys do).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    fn at8(s: &[u8], i: usize) -> u64 {
        u64::from_le_bytes(s[i..i + 8].try_into().unwrap_or_default())
    }
    fn at4(s: &[u8], i: usize) -> u32 {
        u32::from_le_bytes(s[i..i + 4].try_into().unwrap_or_default())
    }
    fn at2(s: &[u8], i: usize) -> u16 {
        u16::from_le_bytes(s[i..i + 2].try_into().unwrap_or_default())
    }
    let n = a.len();
    debug_assert_eq!(n, b.len());
    match n {
        0 | 1 => a == b,
        2..=3 => at2(a, 0) == at2(b, 0) && at2(a, n - 2) == at2(b, n - 2),
        4..=7 => at4(a, 0) == at4(b, 0) && at4(a, n - 4) == at4(b, n - 4),
        _ => {
            let mut i = 0;
            while i + 8 < n {
                if at8(a, i) != at8(b, i) {
                    return false;
                }
                i += 8;
            }
            at8(a, n - 8) == at8(b, n - 8)
        }
    }
}

impl Sym {
    /// Not one of [`WORDS`].
    pub const NONE: Sym = Sym(u16::MAX);

    /// The number of `text`.
    #[must_use]
    pub fn of(text: &str) -> Sym {
        let b = text.as_bytes();
        // Every word is ASCII and starts with a lower-case letter: most other keys stop here.
        if b.len() > LONGEST || b.len() < SHORTEST || !b[0].is_ascii_lowercase() {
            return Self::NONE;
        }
        let mut at = slot(b);
        loop {
            let Some(i) = usize::from(TABLE[at]).checked_sub(1) else {
                return Self::NONE;
            };
            let w = WORDS[i].as_bytes();
            if w.len() == b.len() && same(w, b) {
                return Sym(i as u16);
            }
            at = (at + 1) & (SLOTS - 1);
        }
    }

    /// The number of `word`, found by the compiler (in a `const`): a text that is not
    /// one of [`WORDS`] does not compile. [`Key::word`] and [`crate::keys!`] use it.
    #[must_use]
    pub const fn word(word: &str) -> Sym {
        let b = word.as_bytes();
        assert!(
            b.len() >= SHORTEST && b.len() <= LONGEST,
            "not a property name of the schema"
        );
        let mut at = slot(b);
        loop {
            let entry = TABLE_DATA[at] as usize;
            assert!(entry != 0, "not a property name of the schema");
            if const_eq(WORDS[entry - 1].as_bytes(), b) {
                return Sym((entry - 1) as u16);
            }
            at = (at + 1) & (SLOTS - 1);
        }
    }

    /// Its position in [`WORDS`], when it is one.
    #[must_use]
    pub fn index(self) -> Option<usize> {
        (self != Self::NONE).then_some(usize::from(self.0))
    }

    #[must_use]
    pub fn is_known(self) -> bool {
        self != Self::NONE
    }
}

/// A mapping key to look up, with its number: `keys!["spec", "security"]` makes them
/// at compile time (and refuses a word the schema does not have), so a rule's lookup
/// compares numbers and never reads its key's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    text: &'static str,
    sym: Sym,
}

impl Key {
    /// The key `word`, one of [`WORDS`]; in a `const` (as [`crate::keys!`] writes it), a
    /// text that is not one does not compile.
    #[must_use]
    pub const fn word(word: &'static str) -> Key {
        Key {
            text: word,
            sym: Sym::word(word),
        }
    }

    #[must_use]
    pub fn text(self) -> &'static str {
        self.text
    }

    /// Its number: never [`Sym::NONE`].
    #[must_use]
    pub fn sym(self) -> Sym {
        self.sym
    }
}

impl From<&Key> for Key {
    fn from(key: &Key) -> Key {
        *key
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

/// An array of [`Key`]s, each literal made at compile time: `keys!["spec", key]`, where
/// an identifier (`key`) names a `Key` already made.
#[macro_export]
macro_rules! keys {
    ($($k:tt),* $(,)?) => { [$($crate::keys!(@one $k)),*] };
    (@one $k:literal) => { const { $crate::document::vocab::Key::word($k) } };
    (@one $k:ident) => { $crate::document::vocab::Key::from($k) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiler_numbers_words_as_the_run_does() {
        for w in WORDS {
            assert_eq!(Sym::word(w), Sym::of(w), "{w}");
        }
        const SPEC: Key = Key::word("spec");
        assert_eq!(SPEC.sym(), Sym::of("spec"));
        assert_eq!(SPEC.text(), "spec");
        let step = Key::word("security");
        let path = crate::keys!["workflow", "steps", step, "completed_on"];
        let texts: Vec<&str> = path.iter().map(|k| k.text()).collect();
        assert_eq!(texts, ["workflow", "steps", "security", "completed_on"]);
        assert!(path.iter().all(|k| k.sym() == Sym::of(k.text())));
    }

    #[test]
    #[should_panic(expected = "not a property name of the schema")]
    fn a_word_outside_the_schema_is_refused() {
        // At run time this panics; in a `const` (`keys!`) it does not compile.
        let _ = Key::word(std::hint::black_box("specs"));
    }

    #[test]
    fn word_sized_comparison_is_equality() {
        let texts: Vec<String> = (0..40)
            .map(|n| (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect())
            .collect();
        for a in &texts {
            for b in &texts {
                if a.len() == b.len() {
                    assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b);
                }
            }
            // One byte changed anywhere is seen.
            for i in 0..a.len() {
                let mut c = a.clone().into_bytes();
                c[i] = b'#';
                assert!(!same(a.as_bytes(), &c), "{a} at {i}");
            }
        }
    }

    #[test]
    fn each_word_has_its_own_number_and_other_texts_have_none() {
        for (i, w) in WORDS.iter().enumerate() {
            assert_eq!(Sym::of(w).index(), Some(i), "{w}");
        }
        let mut sorted = WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), COUNT, "no word is listed twice");
        for other in [
            "",
            "Spec",
            "spec ",
            " spec",
            "specs",
            "spe",
            "x",
            "APIVERSION",
            "apiversion",
            "ünicode",
            "vendor_certifications_none_",
            "s\u{0}pec",
        ] {
            assert_eq!(Sym::of(other), Sym::NONE, "{other:?}");
            assert!(!Sym::of(other).is_known());
        }
    }
}
