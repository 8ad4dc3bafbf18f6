//! The labelled secrets corpus (`corpus.toml`) and how its values are placed in
//! documents: free text, under a key, in a block scalar, in a flow sequence and in a
//! URL. Shared by `secrets_corpus.rs` (detection) and `secrets_leak.rs` (outputs).

#![allow(dead_code)]

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub format: String,
    pub expected: String,
    #[serde(default)]
    pub spec: bool,
    pub value: String,
    pub secret: Option<String>,
    pub key: Option<String>,
    pub keyvalue: Option<String>,
    pub text: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub block_only: bool,
    #[serde(default)]
    pub forbid: Vec<String>,
    pub note: Option<String>,
    pub source: String,
}

impl Case {
    pub fn is_secret(&self) -> bool {
        self.expected == "secret"
    }

    /// The exact text WB104 must report and mask.
    pub fn secret(&self) -> &str {
        self.secret.as_deref().unwrap_or(&self.value)
    }

    fn text(&self) -> String {
        self.text.clone().unwrap_or_else(|| self.value.clone())
    }

    fn keyvalue(&self) -> String {
        self.keyvalue.clone().unwrap_or_else(|| self.value.clone())
    }
}

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

pub fn load() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/secrets/corpus.toml"
    ))
    .unwrap();
    let file: File = toml::from_str(&text).unwrap();
    file.case
}

/// Where a value was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    Text,
    Key,
    Block,
    Flow,
    Url,
}

impl Position {
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "free text",
            Self::Key => "under a key",
            Self::Block => "block scalar",
            Self::Flow => "flow sequence",
            Self::Url => "in a URL",
        }
    }
}

/// One placement in a generated document.
#[derive(Debug, Clone)]
pub struct Placed {
    pub position: Position,
    /// The scalar as written in the document.
    pub scalar: Range<usize>,
    /// Where the secret text is in the document, when it is written verbatim.
    pub secret: Option<Range<usize>>,
}

/// Length of the fragments looked for: long enough that random text (a SARIF
/// fingerprint, an English word) does not hold one by chance, short enough that each
/// holds 4 characters a mask must hide.
pub const WINDOW: usize = 8;

const INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";

/// Plain when YAML reads it back unchanged as a string, otherwise single-quoted.
fn scalar(s: &str, flow: bool) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c| INDICATORS.contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains('\n')
        && s.trim() == s
        && !(flow && s.contains([',', '[', ']', '{', '}']));
    if plain {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

struct Doc {
    text: String,
    placed: Vec<Placed>,
}

impl Doc {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Writes `written` (a scalar) and records where `secret` sits in it.
    fn scalar(&mut self, position: Position, written: &str, secret: &str) {
        let start = self.text.len();
        self.text.push_str(written);
        let end = self.text.len();
        self.placed.push(Placed {
            position,
            scalar: start..end,
            secret: find_secret(&self.text, start..end, secret),
        });
    }
}

/// The range of `secret` inside `within`; a multi-line secret may be indented.
fn find_secret(text: &str, within: Range<usize>, secret: &str) -> Option<Range<usize>> {
    let hay = &text[within.clone()];
    if let Some(at) = hay.find(secret) {
        return Some(within.start + at..within.start + at + secret.len());
    }
    let first = secret.lines().next()?;
    let last = secret.lines().last()?;
    let s = hay.find(first)?;
    let e = hay[s..].find(last)? + s + last.len();
    Some(within.start + s..within.start + e)
}

/// Document `n` for `case`, with every placement.
pub fn document(n: usize, case: &Case) -> (String, Vec<Placed>) {
    let mut d = Doc {
        text: String::new(),
        placed: Vec::new(),
    };
    let secret = case.secret().to_owned();
    d.push(&format!(
        "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata:\n  id: corpus-{n}\n  title: Corpus case {n}\nspec:\n  primary:\n    app: Example\n    purpose: "
    ));
    let text = case.text();
    if case.block_only {
        d.push("Storefront sync");
    } else {
        d.scalar(
            Position::Text,
            &scalar(&format!("See {text} for the sync"), false),
            &secret,
        );
    }
    d.push("\nx-fixture:\n  ");
    let key = case.key.clone().unwrap_or_else(|| "value".to_owned());
    d.push(&format!("{key}: "));
    let kv = case.keyvalue();
    if kv.contains('\n') {
        let block = format!("|\n{}", indent(&kv, 4));
        d.scalar(Position::Key, &block, &secret);
    } else {
        d.scalar(Position::Key, &scalar(&kv, false), &secret);
    }
    d.push("\n  notes: ");
    let block = format!(
        "|\n    Open the admin page first.\n{}\n    Then restart the sync.",
        indent(&text, 4)
    );
    d.scalar(Position::Block, &block, &secret);
    if !case.block_only {
        d.push("\n  list: [alpha, ");
        d.scalar(Position::Flow, &scalar(&text, true), &secret);
        d.push(", omega]");
        if let Some(url) = &case.url {
            d.push("\n  link: ");
            d.scalar(
                Position::Url,
                &scalar(&url.replace("{value}", &case.value), false),
                &secret,
            );
        }
    }
    d.push("\n");
    (d.text, d.placed)
}

fn indent(s: &str, n: usize) -> String {
    s.lines()
        .map(|l| format!("{}{l}", " ".repeat(n)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The [`WINDOW`]-character windows of the corpus documents once every secret is cut out:
/// text that is there anyway (a user name, a host, a path word), not a leak.
pub fn allowed_windows(docs: &[String], cases: &[Case]) -> HashSet<String> {
    let mut out = HashSet::new();
    for doc in docs {
        let mut text = doc.clone();
        for c in cases.iter().filter(|c| c.is_secret()) {
            text = text.replace(c.secret(), "\u{0}");
            for line in c.secret().lines() {
                text = text.replace(line.trim(), "\u{0}");
            }
        }
        out.extend(windows(&text));
    }
    out
}

fn windows(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(WINDOW).map(|w| w.iter().collect()).collect()
}

/// Texts that must never appear in any output for a secret: every [`WINDOW`]-character
/// window of it (each holds characters past the first 4) that is not text of the documents
/// anyway, the whole secret when it is short, and the case's `forbid` strings. A PEM
/// block's header lines are not secret.
pub fn forbidden(case: &Case, allowed: &HashSet<String>) -> Vec<String> {
    let secret = case.secret();
    let material: String = if secret.starts_with("-----BEGIN") {
        secret
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        secret.to_owned()
    };
    let mut out: Vec<String> = if material.chars().count() < WINDOW {
        vec![material.clone()]
    } else {
        windows(&material)
            .into_iter()
            // A window without capitals or digits may be prose of a message (`t-admi`).
            .filter(|w| {
                !w.contains(char::is_whitespace)
                    && !allowed.contains(w)
                    && w.chars()
                        .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            })
            .collect()
    };
    out.extend(case.forbid.iter().cloned());
    out
}

/// The [`WINDOW`]-character windows of an output, computed once for all secrets.
pub struct Output<'a> {
    text: &'a str,
    windows: HashSet<String>,
}

impl<'a> Output<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            windows: windows(text).into_iter().collect(),
        }
    }

    pub fn text(&self) -> &str {
        self.text
    }

    /// The forbidden texts that occur in the output.
    pub fn leaks<'f>(&self, forbidden: &'f [String]) -> Vec<&'f str> {
        forbidden
            .iter()
            .filter(|f| {
                if f.chars().count() == WINDOW {
                    self.windows.contains(f.as_str())
                } else {
                    self.text.contains(f.as_str())
                }
            })
            .map(String::as_str)
            .collect()
    }
}

/// The forbidden texts that occur in `output`.
pub fn leaks<'f>(output: &str, forbidden: &'f [String]) -> Vec<&'f str> {
    Output::new(output).leaks(forbidden)
}
