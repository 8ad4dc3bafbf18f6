//! Findings as data: what the rules produce and every output format prints.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::document::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` (or `warn`), `info`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place a finding refers to (the other duplicate ID, the first key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: String,
    pub span: Span,
    pub message: String,
}

/// How safely a fix can be applied without a person reading it (SPEC section 8).
/// Ordered: `Unsafe < Safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes what the document says (a date, a URL, a `TODO` to answer): `--unsafe-fixes`.
    Unsafe,
    /// Only how it is written (`yes` → `true`, a misspelt key): `--fix`.
    Safe,
}

impl Applicability {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A scalar a fix writes: rendered in the document's style by the fix engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewScalar {
    Bool(bool),
    /// Text (quoted by the fix engine when YAML would read it as something else).
    Text(String),
}

/// One change a fix makes, said in terms of the document; `crate::fix` turns it into
/// byte edits, applies them and proves the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Replace the scalar whose node is at `span` with `value`.
    SetScalar { span: Span, value: NewScalar },
    /// Rename the mapping key whose node is at `span`.
    RenameKey { span: Span, to: String },
    /// Replace the source bytes of `span`, which read `from`, inside one plain or quoted
    /// scalar, with `to`.
    ReplaceText {
        span: Span,
        from: String,
        to: String,
    },
    /// Below the existing node at JSON pointer `at` (a mapping, or an empty value that
    /// becomes one), add the keys `path` (nested) holding `value`, with an optional
    /// comment after it. An empty `path` fills the empty value at `at` itself.
    Insert {
        at: String,
        path: Vec<String>,
        value: NewScalar,
        comment: Option<String>,
    },
}

/// What a finding's fix does, and how safe it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// One line, imperative: "write `true`".
    pub description: String,
    pub changes: Vec<Change>,
}

/// One finding, located in a file, with its severity resolved by configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// The path as given on the command line or found by the walk.
    pub file: String,
    pub span: Span,
    /// The `metadata.id` of the document the finding is in, when it has one.
    pub document: Option<String>,
    pub related: Vec<Related>,
    /// JSON pointer of the node the finding is about inside its document (for a missing
    /// key, where the key would be): with rule, file and document, the finding's identity
    /// for the baseline, whatever lines move.
    pub pointer: String,
    pub fix: Option<Fix>,
    /// 0-based position of the finding's document in its file's stream.
    pub doc: Option<usize>,
}

impl Diagnostic {
    /// The order SPEC section 4 asks for: file, line, column, rule.
    #[must_use]
    /// Ties keep the order the rule reported them in (a rule's questions in their
    /// order), as every sort of findings is stable.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.file, self.span.line, self.span.column, self.rule)
    }
}

/// Counts per severity, and of the findings set aside (SPEC section 7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings hidden by a `# wirebook: ignore[...]` comment.
    pub suppressed: usize,
    /// Findings hidden because the baseline records them.
    pub baselined: usize,
    /// Baseline entries that no longer match any finding.
    pub fixed_since_baseline: usize,
}

impl Summary {
    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}
