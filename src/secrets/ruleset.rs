//! The embedded gitleaks rule file (`rules/gitleaks.toml`, MIT; see `rules/README.md`).
//!
//! Loading parses the TOML and builds one keyword prefilter over every rule's
//! `keywords`; no regex is compiled then. Scanning a value runs the prefilter once, and
//! only the rules whose keywords occur run their regex, compiled the first time it is
//! needed. A check of one small file so compiles a handful of regexes, not 200. The same
//! pass reports the words the assignment checks need ([`Seen`]), so a value is read
//! once by the prefilter, whatever runs after it.

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Deserialize;

use super::keyname::TRIGGERS;
use super::keywords::Keywords;
use super::regex_go::translate;

/// The upstream rule file, unchanged.
pub const GITLEAKS_TOML: &str = include_str!("rules/gitleaks.toml");

/// wirebook's own rules in the same format (documented formats gitleaks lacks).
pub const WIREBOOK_TOML: &str = include_str!("rules/wirebook.toml");

/// Rules left out on purpose, with the reason.
pub const LEFT_OUT: &[(&str, &str)] = &[(
    "generic-api-key",
    "replaced by wirebook's key-and-entropy detection (assign.rs), which shares one key-name test with YAML keys",
)];

#[derive(Deserialize)]
struct FileDef {
    #[serde(default)]
    allowlist: Option<AllowDef>,
    #[serde(default)]
    allowlists: Vec<AllowDef>,
    #[serde(default)]
    rules: Vec<RuleDef>,
}

#[derive(Deserialize)]
struct RuleDef {
    id: String,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default, rename = "secretGroup")]
    secret_group: Option<usize>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    allowlists: Vec<AllowDef>,
}

#[derive(Deserialize, Clone)]
struct AllowDef {
    #[serde(default, rename = "regexTarget")]
    regex_target: Option<String>,
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    condition: Option<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    commits: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Secret,
    Match,
    Line,
}

/// One allowlist, compiled.
struct Allow {
    target: Target,
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
    /// `condition = "AND"`: every check present must pass.
    all: bool,
    /// Path or commit checks, which never pass for a document.
    unmatchable: bool,
}

impl Allow {
    fn compile(def: &AllowDef) -> Option<Self> {
        let regexes = def
            .regexes
            .iter()
            .map(|r| Regex::new(&translate(r)).ok())
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            target: match def.regex_target.as_deref() {
                Some("match") => Target::Match,
                Some("line") => Target::Line,
                _ => Target::Secret,
            },
            regexes,
            stopwords: def.stopwords.iter().map(|s| s.to_lowercase()).collect(),
            all: def
                .condition
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("and")),
            unmatchable: !def.paths.is_empty() || !def.commits.is_empty(),
        })
    }

    /// gitleaks `checkFindingAllowed` for one allowlist.
    fn allows(&self, secret: &str, matched: &str, line: &str) -> bool {
        let target = match self.target {
            Target::Secret => secret,
            Target::Match => matched,
            Target::Line => line,
        };
        let regex = !target.is_empty() && self.regexes.iter().any(|r| r.is_match(target));
        let lower = secret.to_lowercase();
        let stop = !secret.is_empty() && self.stopwords.iter().any(|w| lower.contains(w.as_str()));
        if self.all {
            !self.unmatchable
                && (self.regexes.is_empty() || regex)
                && (self.stopwords.is_empty() || stop)
                && !(self.regexes.is_empty() && self.stopwords.is_empty())
        } else {
            regex || stop
        }
    }
}

/// A rule whose regex is compiled on first use.
struct Rule {
    id: String,
    /// The regex as gitleaks writes it (Go syntax; translated on first use).
    pattern: String,
    entropy: f64,
    group: usize,
    allow_defs: Vec<AllowDef>,
    compiled: OnceLock<Option<(Regex, Vec<Allow>)>>,
}

impl Rule {
    fn compiled(&self) -> Option<&(Regex, Vec<Allow>)> {
        self.compiled
            .get_or_init(|| {
                let regex = Regex::new(&translate(&self.pattern)).ok()?;
                let allow = self
                    .allow_defs
                    .iter()
                    .map(Allow::compile)
                    .collect::<Option<Vec<_>>>()?;
                Some((regex, allow))
            })
            .as_ref()
    }
}

/// Which marker words a scan saw (they are not rules: other detectors start from them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// A word part of a secret's name ([`TRIGGERS`]: `pass`, `token`, `key`, …).
    pub secret_word: bool,
    /// `curl`, for `curl -u user:pass`.
    pub curl: bool,
}

const SECRET_WORD: u8 = 1;
const CURL: u8 = 2;

/// A rule's match inside a scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    /// Byte range of the secret in the text.
    pub range: Range<usize>,
}

/// The loaded rule set.
pub struct RuleSet {
    rules: Vec<Rule>,
    prefilter: Keywords,
    /// The keywords, lower-cased, in the prefilter's order.
    keywords: Vec<String>,
    /// For each keyword, the rules that have it as a keyword, and the marker
    /// bits (`SECRET_WORD`, `CURL`) it stands for.
    by_keyword: Vec<(Vec<u16>, u8)>,
    /// Rules without keywords run on every value: one bit per rule.
    always: RuleBits,
    /// Every rule has keywords and every keyword (marker words included) has an ASCII
    /// letter: then a text without one matches nothing.
    needs_a_letter: bool,
    global: Vec<AllowDef>,
    global_compiled: OnceLock<Vec<Allow>>,
    /// Rules not loaded, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// The most rules a set holds (the embedded files have about 220).
const MAX_RULES: usize = 512;

/// One bit per rule, by index.
type RuleBits = [u64; MAX_RULES / 64];

/// Sets the bit of rule `i`.
fn set_bit(bits: &mut RuleBits, i: usize) {
    bits[i >> 6] |= 1 << (i & 63);
}

/// The indices of the bits set in `bits`, in increasing order.
fn set_bits(bits: &RuleBits) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(w, &word)| {
        let mut word = word;
        std::iter::from_fn(move || {
            (word != 0).then(|| {
                let bit = word.trailing_zeros() as usize;
                word &= word - 1;
                w * 64 + bit
            })
        })
    })
}

/// The embedded rule set, loaded on first use.
pub static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::load(&[GITLEAKS_TOML, WIREBOOK_TOML]).expect("the embedded rule files parse")
});

impl RuleSet {
    /// Reads gitleaks rule files (their rules and global allowlists are merged).
    ///
    /// # Errors
    /// A text is not a gitleaks TOML rule file.
    pub fn load(texts: &[&str]) -> Result<Self, String> {
        let mut def = FileDef {
            allowlist: None,
            allowlists: Vec::new(),
            rules: Vec::new(),
        };
        for text in texts {
            let one: FileDef = toml::from_str(text).map_err(|e| e.to_string())?;
            def.rules.extend(one.rules);
            def.allowlists.extend(one.allowlists);
            def.allowlists.extend(one.allowlist);
        }
        let mut rules = Vec::new();
        let mut skipped = Vec::new();
        let mut keywords: Vec<String> = Vec::new();
        let mut by_keyword: Vec<(Vec<u16>, u8)> = Vec::new();
        let mut always: RuleBits = [0; MAX_RULES / 64];
        for r in def.rules {
            let reason = if let Some((_, why)) = LEFT_OUT.iter().find(|(id, _)| *id == r.id) {
                Some((*why).to_owned())
            } else if r.path.is_some() {
                Some("scoped to file paths, which a document has not".to_owned())
            } else if r.regex.is_none() {
                Some("no regex".to_owned())
            } else {
                None
            };
            if let Some(reason) = reason {
                skipped.push((r.id, reason));
                continue;
            }
            if rules.len() == MAX_RULES {
                return Err(format!("more than {MAX_RULES} rules"));
            }
            let index = rules.len() as u16;
            if r.keywords.is_empty() {
                set_bit(&mut always, usize::from(index));
            }
            for k in &r.keywords {
                let k = k.to_lowercase();
                match keywords.iter().position(|x| *x == k) {
                    Some(i) => by_keyword[i].0.push(index),
                    None => {
                        keywords.push(k);
                        by_keyword.push((vec![index], 0));
                    }
                }
            }
            rules.push(Rule {
                // Translated when the rule first runs, with its compile.
                pattern: r.regex.unwrap_or_default(),
                id: r.id,
                entropy: r.entropy.unwrap_or(0.0),
                group: r.secret_group.unwrap_or(0),
                allow_defs: r.allowlists,
                compiled: OnceLock::new(),
            });
        }
        let markers = TRIGGERS.iter().map(|w| (*w, SECRET_WORD));
        for (word, bit) in markers.chain([("curl", CURL)]) {
            match keywords.iter().position(|x| x == word) {
                Some(i) => by_keyword[i].1 |= bit,
                None => {
                    keywords.push(word.to_owned());
                    by_keyword.push((Vec::new(), bit));
                }
            }
        }
        let prefilter = Keywords::new(&keywords)?;
        let needs_a_letter = always.iter().all(|&w| w == 0)
            && keywords
                .iter()
                .all(|k| k.bytes().any(|b| b.is_ascii_alphabetic()));
        let mut global = def.allowlists;
        global.extend(def.allowlist);
        Ok(Self {
            rules,
            prefilter,
            keywords,
            by_keyword,
            always,
            needs_a_letter,
            global,
            global_compiled: OnceLock::new(),
            skipped,
        })
    }

    /// The keywords of the rules and the marker words, lower-cased, in prefilter order.
    #[must_use]
    pub fn keywords(&self) -> &[String] {
        &self.keywords
    }

    /// Does every match need an ASCII letter in the text (see the field)?
    #[must_use]
    pub fn needs_a_letter(&self) -> bool {
        self.needs_a_letter
    }

    /// Number of rules loaded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The IDs of the loaded rules whose regex does not compile (tests report them).
    #[must_use]
    pub fn uncompilable(&self) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|r| r.compiled().is_none())
            .map(|r| r.id.as_str())
            .collect()
    }

    fn global(&self) -> &[Allow] {
        self.global_compiled
            .get_or_init(|| self.global.iter().filter_map(Allow::compile).collect())
    }

    /// Every rule match in `text`, with the byte range of its secret, and the marker
    /// words seen on the way.
    pub fn scan(&'static self, text: &str, out: &mut Vec<Hit>) -> Seen {
        // The rules to run, one bit each: in order and once each, with no allocation.
        let mut candidates = self.always;
        let mut bits = 0;
        self.prefilter.each_in(text, |k| {
            let (rules, marker) = &self.by_keyword[k];
            for &i in rules {
                set_bit(&mut candidates, usize::from(i));
            }
            bits |= marker;
        });
        let seen = Seen {
            secret_word: bits & SECRET_WORD != 0,
            curl: bits & CURL != 0,
        };
        for i in set_bits(&candidates) {
            let rule = &self.rules[i];
            let Some((regex, allow)) = rule.compiled() else {
                continue;
            };
            for caps in regex.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                // gitleaks takes the first non-empty group; a group of a few characters
                // is a repetition inside the pattern (`([a-z0-9]{4}-){3}`), not the secret.
                let secret = if rule.group > 0 {
                    caps.get(rule.group)
                } else {
                    caps.iter()
                        .skip(1)
                        .flatten()
                        .find(|m| !m.as_str().is_empty())
                        .filter(|m| m.len() >= 8)
                }
                .unwrap_or(whole);
                let range = trim_quotes(text, trim_newlines(text, secret.range()));
                let s = &text[range.clone()];
                if rule.entropy > 0.0 && super::entropy(s) <= rule.entropy {
                    continue;
                }
                let line = line_around(text, whole.range());
                let matched = &text[trim_newlines(text, whole.range())];
                if self
                    .global()
                    .iter()
                    .chain(allow)
                    .any(|a| a.allows(s, matched, line))
                {
                    continue;
                }
                out.push(Hit {
                    rule: &rule.id,
                    range,
                });
            }
        }
        seen
    }
}

/// gitleaks' curl rule captures the quotes around `"user:pass"`; the secret is inside.
fn trim_quotes(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let q = |c: char| matches!(c, '"' | '\'' | '`');
    if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
        r.start + 1..r.end - 1
    } else {
        r
    }
}

fn trim_newlines(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start_matches(['\n', '\r']).len());
    let end = r.end - (s.len() - s.trim_end_matches(['\n', '\r']).len());
    start..end.max(start)
}

/// The whole lines of `text` that `r` touches (a line ends at LF, CRLF or a lone CR).
fn line_around(text: &str, r: Range<usize>) -> &str {
    let start = text[..r.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[r.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| r.end + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        RULES.scan(text, &mut out);
        out.into_iter()
            .map(|h| (h.rule, text[h.range].to_owned()))
            .collect()
    }

    #[test]
    fn set_bits_gives_every_set_bit_once_in_increasing_order() {
        let mut bits: RuleBits = [0; MAX_RULES / 64];
        let want = [0, 1, 63, 64, 65, 127, 200, 447, 448, 511];
        // Set in a scrambled order, some twice.
        for &i in want.iter().rev().chain(&[64, 0, 511]) {
            set_bit(&mut bits, i);
        }
        assert_eq!(set_bits(&bits).collect::<Vec<_>>(), want);
        assert_eq!(set_bits(&[0; MAX_RULES / 64]).count(), 0);
        assert_eq!(set_bits(&[u64::MAX; MAX_RULES / 64]).count(), MAX_RULES);
    }

    #[test]
    fn a_set_of_more_rules_than_the_bit_set_holds_is_refused() {
        let rule = |i: usize| format!("[[rules]]\nid = \"r{i}\"\nregex = 'x{i}y'\n");
        let fits: String = (0..MAX_RULES).map(rule).collect();
        let set: &'static RuleSet = Box::leak(Box::new(RuleSet::load(&[&fits]).expect("loads")));
        assert_eq!(set.len(), MAX_RULES);
        // Rules without keywords run on every text, the last one too, in index order.
        let mut out = Vec::new();
        set.scan("a x511y b x3y x0y", &mut out);
        let ids: Vec<&str> = out.iter().map(|h| h.rule).collect();
        assert_eq!(ids, ["r0", "r3", "r511"]);
        let over: String = (0..=MAX_RULES).map(rule).collect();
        let err = RuleSet::load(&[&over])
            .err()
            .expect("513 rules are refused");
        assert!(err.contains("more than 512 rules"), "{err}");
    }

    #[test]
    fn every_rule_of_the_embedded_file_is_loaded_or_accounted_for() {
        let set = &*RULES;
        // gitleaks v8.30.0 has 222 rules: 216 load, 6 are left out with a reason;
        // wirebook.toml adds 5.
        assert_eq!(set.len() + set.skipped.len(), 222 + 5, "{:?}", set.skipped);
        assert_eq!(set.len(), 216 + 5, "left out: {:?}", set.skipped);
        let skipped: Vec<&str> = set.skipped.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "freemius-secret-key",
                "generic-api-key",
                "hashicorp-tf-password",
                "kubernetes-secret-yaml",
                "nuget-config-password",
                "pkcs12-file"
            ]
        );
        // Every loaded rule's regex compiles in Rust syntax: none is lost silently.
        assert_eq!(set.uncompilable(), Vec::<&str>::new());
    }

    #[test]
    fn keywords_select_rules_and_the_secret_group_is_the_span() {
        let text = "deploy with glpat-Xr7kQ2mZ9vLp4Wn8Bt3s today";
        assert_eq!(
            hits(text),
            [("gitlab-pat", "glpat-Xr7kQ2mZ9vLp4Wn8Bt3s".to_owned())]
        );
        assert_eq!(hits("nothing to see here, just prose"), []);
    }

    #[test]
    fn the_same_pass_reports_marker_words() {
        let seen = |text: &str| RULES.scan(text, &mut Vec::new());
        assert_eq!(seen("just prose"), Seen::default());
        assert_eq!(
            seen("set the Client_SECRET first"),
            Seen {
                secret_word: true,
                curl: false
            }
        );
        // `curl` is a gitleaks keyword as well: the rules and the marker both see it.
        assert_eq!(
            seen("CURL -u ops:x https://ci.example"),
            Seen {
                secret_word: false,
                curl: true
            }
        );
        assert!(seen("a passphrase and curl").secret_word);
        assert!(super::TRIGGERS
            .iter()
            .all(|w| seen(&format!("x {w} y")).secret_word));
    }

    #[test]
    fn allowlists_apply() {
        // aws-access-token allows values ending in EXAMPLE.
        assert_eq!(hits("AKIAIOSFODNN7EXAMPLE"), []);
        assert_eq!(hits("AKIAQ3KZ7HWRT2M5NB6Y").len(), 1);
    }
}
