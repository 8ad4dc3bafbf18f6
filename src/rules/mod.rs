//! The rule catalogue: one file per rule, one registry ([`RULES`]).
//!
//! A rule reads one document through a [`Ctx`] and pushes [`Finding`]s; it never
//! prints. Severity comes from the rule's default and the configuration, applied by
//! the engine. Rules that need every document at once implement `check_project`.

use std::path::Path;

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::{Applicability, Change, Fix, NewScalar, Severity};
use crate::document::{Key, Node, SourceText, Span};
use crate::project::Project;

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: when the rule fires.
    pub summary: &'static str,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`, `Use instead:`.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation with the doc-comment indentation removed.
    #[must_use]
    pub fn explanation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }

    /// The ```yaml blocks of the `## Example` section: (fails, passes).
    #[must_use]
    pub fn examples(&self) -> (Option<String>, Option<String>) {
        let text = self.explanation();
        let Some(example) = text.split("## Example").nth(1) else {
            return (None, None);
        };
        let (bad, good) = example
            .split_once("Use instead:")
            .map_or((example, None), |(b, g)| (b, Some(g)));
        (yaml_block(bad), good.and_then(yaml_block))
    }
}

fn yaml_block(text: &str) -> Option<String> {
    let start = text.find("```yaml")? + "```yaml".len();
    let end = text[start..].find("```")? + start;
    Some(text[start..end].trim_start_matches('\n').to_owned())
}

/// Declares a rule struct whose doc comment becomes its `wirebook rule` text.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub $ty:ident { id: $id:literal, name: $name:literal, severity: $sev:ident, summary: $summary:literal $(,)? }
    ) => {
        $(#[doc = $doc])+
        pub struct $ty;

        impl $ty {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                id: $id,
                name: $name,
                severity: $crate::diagnostic::Severity::$sev,
                summary: $summary,
                doc: concat!($($doc, "\n"),+),
            };
        }
    };
}

/// What a rule found, before configuration decides its severity.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub message: String,
    /// Overrides the rule's default help when set.
    pub help: Option<String>,
    pub span: Span,
    /// Other places involved: (file, span, label). An empty file means this file.
    pub related: Vec<(String, Span, String)>,
    /// JSON pointer of the node (or of the missing key) the finding is about; when
    /// `None` the engine finds the node at `span`.
    pub pointer: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    #[must_use]
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            message: message.into(),
            help: None,
            span,
            related: Vec::new(),
            pointer: None,
            fix: None,
        }
    }

    /// Records where an unanswered question is (its pointer, for the baseline).
    #[must_use]
    pub fn at_gap(mut self, gap: &Gap) -> Self {
        self.pointer = Some(gap.pointer());
        self
    }

    /// [`Finding::at_gap`], plus the unsafe fix SPEC section 8 gives the completeness
    /// rules: the missing key inserted as `TODO`, with the question as a comment.
    #[must_use]
    pub fn todo(self, gap: &Gap, question: &str) -> Self {
        let fix = gap.todo(question);
        let mut f = self.at_gap(gap);
        f.fix = fix;
        f
    }

    #[must_use]
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn related(
        mut self,
        file: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        self.related.push((file.into(), span, label.into()));
        self
    }
}

/// Everything a rule may read about one document.
pub struct Ctx<'a> {
    /// The document's root mapping.
    pub root: &'a Node,
    /// The path as given on the command line or found by the walk.
    pub file: &'a Path,
    pub source: &'a SourceText,
    pub config: &'a Config,
    pub today: Date,
    /// Set by `check --github` / `sweep` with the organization's answers (WB308).
    pub members: Option<&'a dyn Membership>,
    /// What several rules ask of the document, found once (`Memo::default()`).
    pub memo: Memo<'a>,
    /// The image files a directory walk passed (WB103 asks here before the file
    /// system); `None` outside a walk.
    pub seen: Option<&'a crate::discover::Seen>,
}

/// Facts of one document that more than one rule needs, each found when first asked.
#[derive(Default)]
pub struct Memo<'a> {
    review: std::cell::OnceCell<Option<wb301_review_overdue::Review<'a>>>,
}

/// Answers "is this handle still in the organization?" (WB308).
pub trait Membership: Sync {
    /// `None` when unknown (the lookup failed); `Some(false)` when departed.
    fn is_member(&self, handle: &str) -> Option<bool>;
}

impl<'a> Ctx<'a> {
    /// The node at `path` if it is answered (SPEC section 2), else the [`Gap`]: where to
    /// report its absence (the unanswered node itself, or the deepest mapping that should
    /// hold it) and what is missing.
    ///
    /// # Errors
    /// The gap when the question is unanswered.
    pub fn answer(&self, path: &[Key]) -> Result<&'a Node, Gap> {
        answer_in(self.root, "", path)
    }

    /// The document's review schedule, which WB301, WB302 and WB304 each judge.
    pub(super) fn review(&self) -> Option<&wb301_review_overdue::Review<'a>> {
        self.memo
            .review
            .get_or_init(|| wb301_review_overdue::Review::of(self))
            .as_ref()
    }
}

/// An unanswered question: where it is reported, and what is missing where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Where the finding is reported.
    pub span: Span,
    /// JSON pointer of the deepest node that exists on the question's path.
    pub at: String,
    /// The keys below `at` that are absent (empty: `at` exists but is unanswered).
    pub missing: Vec<String>,
    /// `at` is a mapping or an empty value (`key:`, `~`), so keys can be added there.
    pub can_insert: bool,
}

impl Gap {
    /// The pointer of the question's node, present or not.
    #[must_use]
    pub fn pointer(&self) -> String {
        let mut p = self.at.clone();
        for k in &self.missing {
            p.push('/');
            p.push_str(&k.replace('~', "~0").replace('/', "~1"));
        }
        p
    }

    /// The `TODO` insertion for this gap, when one can be made.
    #[must_use]
    pub fn todo(&self, question: &str) -> Option<Fix> {
        if !self.can_insert {
            return None;
        }
        let key = self.missing.join(".");
        let description = if key.is_empty() {
            "write `TODO` here, with the question as a comment".to_owned()
        } else {
            format!("insert `{key}: TODO`, with the question as a comment")
        };
        Some(Fix {
            applicability: Applicability::Unsafe,
            description,
            changes: vec![Change::Insert {
                at: self.at.clone(),
                path: self.missing.clone(),
                value: NewScalar::Text("TODO".to_owned()),
                comment: Some(question.to_owned()),
            }],
        })
    }
}

/// [`Ctx::answer`] below any node; `base_pointer` is the JSON pointer of `base` in
/// its document (`""` for the root).
///
/// # Errors
/// The gap when the question is unanswered.
pub fn answer_in<'a>(base: &'a Node, base_pointer: &str, path: &[Key]) -> Result<&'a Node, Gap> {
    // The pointer is only spelled out for a gap: most questions are answered.
    let at = |depth: usize| {
        let mut p = base_pointer.to_owned();
        for key in &path[..depth] {
            p.push('/');
            p.push_str(&crate::document::escape_segment(key.text()));
        }
        p
    };
    let mut node = base;
    for (i, &key) in path.iter().enumerate() {
        match node.at(key) {
            Some(next) => node = next,
            None => {
                return Err(Gap {
                    span: missing_key_span(node),
                    at: at(i),
                    missing: path[i..].iter().map(|k| k.text().to_owned()).collect(),
                    can_insert: matches!(node.value, crate::document::Value::Map(_))
                        || node.value == crate::document::Value::Null,
                })
            }
        }
    }
    if node.is_unanswered() {
        Err(Gap {
            span: node.span,
            at: at(path.len()),
            missing: Vec::new(),
            can_insert: node.value == crate::document::Value::Null,
        })
    } else {
        Ok(node)
    }
}

/// The supporting apps of a document (`spec.secondary[]` entries that are mappings;
/// others are schema errors), each with its JSON pointer and its `app` name or "this app".
pub fn secondary_apps(root: &Node) -> impl Iterator<Item = (String, &Node, &str)> {
    root.at_path(&crate::keys!["spec", "secondary"])
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, a)| a.as_map().is_some())
        .map(|(i, a)| {
            (
                format!("/spec/secondary/{i}"),
                a,
                a.get("app").and_then(Node::as_str).unwrap_or("this app"),
            )
        })
}

/// Where a key missing from `mapping` is reported: the mapping's position, labelled
/// on its first key rather than across every line of it.
#[must_use]
pub fn missing_key_span(mapping: &Node) -> Span {
    match mapping.as_map().and_then(<[_]>::first) {
        Some(first) => Span {
            end: first.key.span.end,
            ..mapping.span
        },
        None => mapping.span,
    }
}

/// A lint rule.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one document.
    fn check(&self, _cx: &Ctx<'_>, _out: &mut Vec<Finding>) {}

    /// Checks across every document; findings carry their file index.
    fn check_project(&self, _project: &Project, _out: &mut Vec<(usize, Finding)>) {}
}

macro_rules! rules {
    ($($module:ident :: $ty:ident),+ $(,)?) => {
        $(mod $module; pub use $module::$ty;)+
        /// Every rule, sorted by ID. The only place a rule is listed.
        pub static RULES: &[&dyn Rule] = &[$(&$ty),+];
    };
}

rules! {
    wb001_yaml_syntax::YamlSyntax,
    wb002_schema::SchemaViolation,
    wb003_duplicate_key::DuplicateKey,
    wb004_duplicate_id::DuplicateId,
    wb005_unused_suppression::UnusedSuppression,
    wb006_suppression_without_reason::SuppressionWithoutReason,
    wb101_primary_incomplete::PrimaryIncomplete,
    wb102_screenshot_missing::ScreenshotMissing,
    wb103_screenshot_not_found::ScreenshotNotFound,
    wb104_secret_in_document::SecretInDocument,
    wb105_secret_unreferenced::SecretUnreferenced,
    wb201_undocumented_connection::UndocumentedConnection,
    wb202_data_flow_incomplete::DataFlowIncomplete,
    wb203_access_unassigned::AccessUnassigned,
    wb204_issue_without_workaround::IssueWithoutWorkaround,
    wb301_review_overdue::ReviewOverdue,
    wb302_review_due_soon::ReviewDueSoon,
    wb303_review_missing::ReviewMissing,
    wb304_review_in_future::ReviewInFuture,
    wb305_check_not_passed::CheckNotPassed,
    wb306_contact_missing::ContactMissing,
    wb307_single_point_of_failure::SinglePointOfFailure,
    wb308_owner_departed::OwnerDeparted,
    wb401_security_unanswered::SecurityUnanswered,
    wb402_pii_without_compliance::PiiWithoutCompliance,
    wb403_compliance_docs_missing::ComplianceDocsMissing,
    wb404_certification_expired::CertificationExpired,
    wb405_unencrypted::Unencrypted,
    wb406_insecure_url::InsecureUrl,
    wb407_excess_privilege::ExcessPrivilege,
    wb501_broken_link::BrokenLink,
    wb502_link_timeout::LinkTimeout,
    wb503_link_redirected::LinkRedirected,
    wb601_step_overdue::StepOverdue,
    wb602_step_out_of_order::StepOutOfOrder,
}

mod questions;
pub use questions::question;
pub use wb305_check_not_passed::CHECKS;

/// The date rule documentation examples are written for.
pub const EXAMPLE_TODAY: &str = "2026-11-29";

/// The rule with this ID (case-insensitive) or name.
#[must_use]
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta())
        .find(|m| m.id.eq_ignore_ascii_case(id) || m.name == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_and_documented() {
        let ids: Vec<_> = RULES.iter().map(|r| r.meta().id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted, "rule IDs must be unique and sorted");
        for rule in RULES {
            let m = rule.meta();
            let doc = m.explanation();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(heading), "{} lacks {heading}", m.id);
            }
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                m.name
            );
            assert!(!m.summary.is_empty());
        }
    }

    /// Each rule's `## Example` fires the rule and its `Use instead:` does not.
    /// Examples are checked as of [`EXAMPLE_TODAY`]; link and GitHub rules are exempt
    /// (they need a server), as is WB001's "Use instead" (any YAML passes it).
    #[test]
    fn doc_examples_fire_and_fixes_pass() {
        use crate::config::Config;
        use crate::engine::{check_texts, Options};
        let options = Options {
            today: crate::interval::parse_date(EXAMPLE_TODAY).unwrap(),
            members: None,
        };
        let mut failures = Vec::new();
        for rule in RULES {
            let m = rule.meta();
            if m.id.starts_with("WB5") || m.id == "WB308" {
                continue;
            }
            let (bad, good) = m.examples();
            let fires = |yaml: &str| {
                let run = check_texts(
                    &[("example.yaml".to_owned(), with_header(yaml))],
                    &Config::default(),
                    &options,
                );
                run.diagnostics.iter().filter(|d| d.rule == m.id).count()
            };
            match bad {
                Some(bad) if fires(&bad) > 0 => {}
                _ => failures.push(format!("{}: the Example does not fire the rule", m.id)),
            }
            match good {
                Some(good) if fires(&good) == 0 => {}
                _ => failures.push(format!(
                    "{}: the `Use instead:` example is missing or fires the rule",
                    m.id
                )),
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    /// Examples may leave out `apiVersion`/`kind`; they are added for the check.
    fn with_header(yaml: &str) -> String {
        if yaml.contains("apiVersion:") || yaml.trim().is_empty() || !yaml.contains(':') {
            yaml.to_owned()
        } else {
            yaml.split("\n---\n")
                .map(|d| format!("apiVersion: wirebook.dev/v1\nkind: Integration\n{d}"))
                .collect::<Vec<_>>()
                .join("\n---\n")
        }
    }
}
