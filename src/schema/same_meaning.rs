//! The patterns rewritten for JavaScript (SPEC section 9) mean what they meant to
//! jsonschema (the `regex` crate behind it): old and new are compared on many samples,
//! each varied one character at a time over ASCII and the characters where engines differ.

use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::{json, Value as Json};

use super::SCHEMA;

/// The patterns as they were before they were spelt out for JavaScript, where the new
/// ones now sit in the schema.
const OLD: [(&str, &str); 3] = [
    (
        "/$defs/unanswered/anyOf/0/pattern",
        r"^\s*((?i:todo|tbd|unknown)|\?|-)?\s*$",
    ),
    (
        "/$defs/person/anyOf/0/pattern",
        r"^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^@\s]+@[^@\s]+\.[^@\s]+|(?i:n/a))$",
    ),
    (
        "/$defs/interval/anyOf/0/pattern",
        r"^\s*[1-9][0-9]*\s+(?i:(day|week|month|year)s?)\s*$",
    ),
];

/// The date pattern before it checked the calendar itself (`format: date` did, in the same
/// subschema; yaml-language-server's `date` format does not).
const OLD_DATE: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// A validator as `src/schema` builds one, for a string schema with this pattern.
fn matcher(pattern: &str, format: Option<&str>) -> Validator {
    let mut schema = json!({"type": "string", "pattern": pattern});
    if let Some(f) = format {
        schema["format"] = json!(f);
    }
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

fn new_pattern(pointer: &str) -> &'static str {
    SCHEMA
        .pointer(pointer)
        .and_then(Json::as_str)
        .unwrap_or_else(|| panic!("no pattern at {pointer}"))
}

/// Characters `(?i)` folds onto ASCII letters, beyond the ASCII letters themselves: every
/// scalar value is tried, by halving the ranges that hold a match.
static FOLDS: LazyLock<Vec<char>> = LazyLock::new(non_ascii_folds);

fn non_ascii_folds() -> Vec<char> {
    let any_fold = matcher("(?i:[a-z])", None);
    let mut found = Vec::new();
    let mut ranges = vec![(0x80_u32, 0x11_0000_u32)];
    while let Some((lo, hi)) = ranges.pop() {
        let text: String = (lo..hi).filter_map(char::from_u32).collect();
        if text.is_empty() || !any_fold.is_valid(&json!(text)) {
            continue;
        }
        if hi - lo == 1 {
            found.extend(char::from_u32(lo));
            continue;
        }
        let mid = lo + (hi - lo) / 2;
        ranges.push((mid, hi));
        ranges.push((lo, mid));
    }
    found
}

/// ASCII, the folds, and characters where engines are known to differ (NEL, NBSP, BOM,
/// line and paragraph separators, dotless and dotted i, sharp s, non-ASCII digits, astral).
fn alphabet() -> Vec<char> {
    let mut chars: Vec<char> = (0u8..=0x7F).map(char::from).collect();
    chars.extend(FOLDS.iter());
    chars.extend("\u{85}\u{a0}\u{e9}\u{df}\u{130}\u{131}\u{1e9e}\u{212b}\u{2028}\u{2029}\u{3000}\u{200b}\u{feff}\u{663}\u{ff12}😀".chars());
    chars
}

/// Each sample, and each with one character inserted, replaced or removed, at every place.
fn variants(samples: &[String], alphabet: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    for s in samples {
        let chars: Vec<char> = s.chars().collect();
        out.push(s.clone());
        for i in 0..=chars.len() {
            for &a in alphabet {
                let mut v = chars.clone();
                v.insert(i, a);
                out.push(v.into_iter().collect());
                if i < chars.len() {
                    let mut v = chars.clone();
                    v[i] = a;
                    out.push(v.into_iter().collect());
                }
            }
            if i < chars.len() {
                let mut v = chars.clone();
                v.remove(i);
                out.push(v.into_iter().collect());
            }
        }
    }
    out
}

/// `s` with every non-ASCII character escaped, so a Kelvin sign does not pass for a `K`.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c.to_string()
            } else {
                c.escape_unicode().to_string()
            }
        })
        .collect()
}

/// Every upper/lower-case spelling of `word`.
fn cases(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    (0..1u32 << letters.len())
        .map(|mask| {
            letters
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if mask & (1 << i) == 0 {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    }
                })
                .collect()
        })
        .collect()
}

/// Samples to vary one character at a time, and every case spelling of the keywords.
fn samples(pointer: &str, alphabet: &[char]) -> Vec<String> {
    let own: &[&str] = match pointer {
        p if p.contains("unanswered") => &[
            "",
            " ",
            "\t",
            "TODO",
            " todo ",
            "Tbd",
            "UNKNOWN",
            "unknown\n",
            "?",
            " - ",
            "--",
            "todo?",
            "n/a",
            "to do",
            "tod",
        ],
        p if p.contains("person") => &[
            "@alice",
            "@it-admins",
            "@org/team.name_x",
            "@a",
            "@-a",
            "@a-",
            "a@b.c",
            "billing@acme.example",
            "a@b",
            "@@",
            "n/a",
            "N/A",
            "na",
            "n/ab",
            "@org/",
            "x y@z.w",
        ],
        _ => &[
            "3 months",
            "1 day",
            "90 days",
            " 2 weeks ",
            "10 years",
            "0 days",
            "3months",
            "3 fortnights",
            "3 MONTHS",
            "1\u{a0}week",
            "12  Years\t",
        ],
    };
    let words = [
        "todo", "tbd", "unknown", "n/a", "days", "weeks", "months", "years",
    ];
    // "" varies into every one-character string.
    let mut base: Vec<String> = own.iter().map(|s| (*s).to_owned()).collect();
    base.push(String::new());
    base.extend(
        words
            .iter()
            .flat_map(|w| [(*w).to_owned(), format!("2 {w}")]),
    );
    let mut out = variants(&base, alphabet);
    for word in words {
        out.extend(cases(word));
        out.extend(cases(word).into_iter().map(|w| format!("2 {w}")));
    }
    out
}

#[test]
fn spelt_out_patterns_mean_what_the_inline_flags_meant() {
    let alphabet = alphabet();
    for (pointer, old) in OLD {
        let new = new_pattern(pointer);
        assert_ne!(new, old, "{pointer} was not changed");
        let (old_m, new_m) = (matcher(old, None), matcher(new, None));
        let samples = samples(pointer, &alphabet);
        let mut matched = 0;
        for s in &samples {
            let v = json!(s);
            let was = old_m.is_valid(&v);
            assert_eq!(
                new_m.is_valid(&v),
                was,
                "{pointer}: \"{}\" (old: {was})",
                shown(s)
            );
            matched += usize::from(was);
        }
        // Both verdicts occur often, so the comparison says something.
        assert!(
            matched > 200 && samples.len() - matched > 200,
            "{pointer}: {matched} of {}",
            samples.len()
        );
    }
}

#[test]
fn case_folding_beyond_ascii_is_the_kelvin_sign_and_the_long_s() {
    // Why `[Kk\u212A]` and `[Ss\u017F]`: the `regex` crate's `(?i)` folds these two onto
    // ASCII letters, and nothing else.
    assert_eq!(*FOLDS, ['\u{17f}', '\u{212a}']);
}

#[test]
fn the_date_pattern_alone_says_what_pattern_and_format_said() {
    let old = matcher(OLD_DATE, Some("date"));
    let new = matcher(new_pattern("/$defs/date/anyOf/0/pattern"), None);
    let in_schema = matcher(new_pattern("/$defs/date/anyOf/0/pattern"), Some("date"));
    let mut samples = Vec::new();
    for year in [
        0, 1, 4, 100, 400, 1900, 1996, 2000, 2023, 2024, 2025, 2026, 2100, 2400, 9996, 9999,
    ] {
        for month in 0..=13 {
            for day in 0..=32 {
                samples.push(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
    }
    let odd: Vec<String> = [
        "2026-10-02",
        "2024-02-29",
        "2026-1-02",
        "02026-10-02",
        "2026-10-02T00:00:00Z",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    samples.extend(variants(&odd, &alphabet()));
    let mut valid = 0;
    for s in &samples {
        let v = json!(s);
        let was = old.is_valid(&v);
        assert_eq!(new.is_valid(&v), was, "\"{}\" (old: {was})", shown(s));
        assert_eq!(in_schema.is_valid(&v), was, "\"{}\" (old: {was})", shown(s));
        valid += usize::from(was);
    }
    // 16 years of 365 or 366 days, plus the valid variants.
    assert!(
        valid > 16 * 365 && samples.len() - valid > 1000,
        "{valid} of {}",
        samples.len()
    );
}
