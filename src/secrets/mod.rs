//! Secrets: finding them (rule WB104) and making sure no output, issue or report ever
//! shows one (at most its first 4 characters).
//!
//! - [`ruleset`] loads the embedded gitleaks rule file (keywords prefilter, lazy regexes),
//!   with [`regex_go`] translating its RE2 syntax and `keywords` finding the keywords;
//! - [`assign`] finds secrets by name: YAML keys and `key=value` in free text, with one
//!   key-name test for both ([`keyname`]);
//! - [`placeholder`] says what only stands for a secret (`xxxx`, `<token>`, `${VAR}`,
//!   documented vendor examples), for every detector;
//! - [`detect`] walks a document and gives each secret its exact span;
//! - [`mask`] masks by position, in the source and in the tree;
//! - [`redact`] shortens credential-like text in anything printed (defence in depth);
//! - [`urlparts`] splits URLs into the parts that can carry a credential.
//!
//! The engine runs detection, the schema and URL extraction on the unmasked document,
//! then masks the tree and the source that rules, reports and issues read.

pub mod assign;
pub mod detect;
pub mod keyname;
mod keywords;
pub mod mask;
mod memo;
pub mod placeholder;
pub mod redact;
pub mod regex_go;
pub mod ruleset;
pub mod urlparts;

pub use detect::{find, Detection};
pub use mask::{mask, mask_text, masked_tree, VISIBLE};
pub use redact::{redact, redact_owned, snippet_masks};

/// Loads the rule set now (a run calls it on a worker while files are found, instead of
/// the first document waiting for it). Its regexes and allowlists are still compiled
/// only when a keyword first calls for them.
pub fn warm() {
    std::sync::LazyLock::force(&ruleset::RULES);
}

/// Shannon entropy of `s` in bits per byte, as gitleaks computes it.
#[must_use]
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}
