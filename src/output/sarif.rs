//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! Every rule is listed in `tool.driver.rules` with its explanation; each finding is a
//! result pointing at its file, line and column, with a `partialFingerprints` entry
//! ([`FINGERPRINT_KEY`]) that stays the same when unrelated lines move the finding.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel,
    Run as SarifRun, Sarif, Suppression, Tool, ToolComponent,
};
use sha2::{Digest, Sha256};

use super::slash_path;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{SourceText, Span};
use crate::engine::Run;
use crate::rules::{RuleMeta, RULES};

/// The `partialFingerprints` key of a result.
pub const FINGERPRINT_KEY: &str = "wirebook/v1";
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the run as one SARIF log and a newline.
///
/// # Errors
/// Writing failed.
pub fn write(run: &Run, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &to_sarif(run))?;
    writeln!(w)
}

/// The SARIF log of a run.
#[must_use]
pub fn to_sarif(run: &Run) -> Sarif {
    let index: HashMap<&str, usize> = RULES
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta().id, i))
        .collect();
    let sources: HashMap<&str, &SourceText> = run
        .files
        .iter()
        .map(|f| (f.path.as_str(), &*f.source))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    // Suppressed findings stay in the log with their reason (SPEC section 7), so code
    // scanning shows them as dismissed in source rather than as fixed.
    let mut all: Vec<(&Diagnostic, Option<&Option<String>>)> = run
        .diagnostics
        .iter()
        .map(|d| (d, None))
        .chain(run.suppressed.iter().map(|(d, why)| (d, Some(why))))
        .collect();
    all.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    let results: Vec<SarifResult> = all
        .into_iter()
        .map(|(d, suppressed)| {
            let base = fingerprint(d);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let mut r = result(
                d,
                index.get(d.rule).copied(),
                &sources,
                format!("{base}:{n}"),
            );
            if let Some(reason) = suppressed {
                let mut s = Suppression::builder().kind(json!("inSource")).build();
                // The reason is the author's comment: shown as any text of a document is.
                s.justification = reason
                    .as_deref()
                    .map(|r| crate::secrets::redact(r).into_owned());
                r.suppressions = Some(vec![s]);
            }
            r
        })
        .collect();

    let driver = ToolComponent::builder()
        .name("wirebook")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(RULES.iter().map(|r| rule(r.meta())).collect::<Vec<_>>())
        .build();
    let sarif_run = SarifRun::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![sarif_run])
        .build()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(meta: &RuleMeta) -> ReportingDescriptor {
    let explanation = meta.explanation();
    let text = |s: &str| MultiformatMessageString::builder().text(s).build();
    let markdown = |s: &str| {
        MultiformatMessageString::builder()
            .text(s)
            .markdown(s)
            .build()
    };
    ReportingDescriptor::builder()
        .id(meta.id)
        .name(meta.name)
        .short_description(text(meta.summary))
        .full_description(markdown(&explanation))
        .help(markdown(&explanation))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(meta.severity)))
                .build(),
        )
        .build()
}

fn result(
    d: &Diagnostic,
    rule_index: Option<usize>,
    sources: &HashMap<&str, &SourceText>,
    fingerprint: String,
) -> SarifResult {
    let mut text = d.message.clone();
    if !d.help.is_empty() {
        text.push_str("\nhelp: ");
        text.push_str(&d.help);
    }
    let source = sources.get(d.file.as_str()).copied();
    let related: Vec<Location> = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let source = sources.get(r.file.as_str()).copied();
            Location::builder()
                .id(i as i64)
                .physical_location(physical(&r.file, r.span, source))
                .message(Message::builder().text(r.message.as_str()).build())
                .build()
        })
        .collect();
    let mut properties = BTreeMap::new();
    if let Some(id) = &d.document {
        properties.insert("document".to_owned(), json!(id));
    }
    let mut result = SarifResult::builder()
        .rule_id(d.rule)
        .level(match d.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
            Severity::Info => ResultLevel::Note,
        })
        .message(Message::builder().text(text).build())
        .locations(vec![Location::builder()
            .physical_location(physical(&d.file, d.span, source))
            .build()])
        .partial_fingerprints(BTreeMap::from([(FINGERPRINT_KEY.to_owned(), fingerprint)]))
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if !properties.is_empty() {
        result.properties = Some(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    }
    result
}

fn physical(file: &str, span: Span, source: Option<&SourceText>) -> PhysicalLocation {
    let mut region = Region::builder()
        .start_line(span.line.max(1) as i64)
        .start_column(span.column.max(1) as i64)
        .build();
    // The end comes from the (masked) source; only trusted when the start agrees.
    if let Some(src) = source.filter(|_| span.end > span.start) {
        if src.position(span.start) == (span.line, span.column) {
            let (line, column) = src.position(span.end);
            region.end_line = Some(line as i64);
            region.end_column = Some(column as i64);
        }
    }
    PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(file)).build())
        .region(region)
        .build()
}

/// A file path as a URI reference: forward slashes, percent-encoded; absolute paths
/// become `file://` URIs.
#[must_use]
pub fn uri(path: &str) -> String {
    let path = slash_path(path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.starts_with('/') {
        format!("file://{out}")
    } else if path.as_bytes().get(1) == Some(&b':') && path.as_bytes()[0].is_ascii_alphabetic() {
        // A Windows drive path such as `C:/docs/a.yaml` (the colon was encoded).
        format!("file:///{}:{}", &path[..1], &out[4..])
    } else {
        out
    }
}

/// Line and column references inside a message (`line 12`, `a.yaml:3:5`).
static POSITIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:line|column|col)s?\s*\d+|:\d+(?::\d+)?\b").expect("valid regex")
});

/// SHA-256 of rule, file, document and the message without line numbers: the same
/// when unrelated lines are inserted above the finding. Results that share it are
/// numbered in order (`…:1`, `…:2`) by the caller.
#[must_use]
pub fn fingerprint(d: &Diagnostic) -> String {
    let message = POSITIONS.replace_all(&d.message, "");
    let mut hash = Sha256::new();
    for part in [
        d.rule,
        &slash_path(&d.file),
        d.document.as_deref().unwrap_or(""),
        &message,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: usize, message: &str) -> Diagnostic {
        Diagnostic {
            rule: "WB003",
            name: "duplicate-key",
            severity: Severity::Info,
            message: message.to_owned(),
            help: String::new(),
            file: "./docs/a b.yaml".to_owned(),
            span: Span {
                start: 0,
                end: 0,
                line,
                column: 1,
            },
            document: Some("a".to_owned()),
            related: Vec::new(),
            pointer: String::new(),
            fix: None,
            doc: None,
        }
    }

    #[test]
    fn uris_are_encoded_references() {
        assert_eq!(uri("./docs/a b.yaml"), "docs/a%20b.yaml");
        assert_eq!(uri("/tmp/x.yaml"), "file:///tmp/x.yaml");
        assert_eq!(uri("C:/x/é.yaml"), "file:///C:/x/%C3%A9.yaml");
    }

    #[test]
    fn fingerprints_ignore_line_numbers_but_not_content() {
        let a = fingerprint(&diag(3, "key `x` repeated (first at line 2, a.yaml:2:1)"));
        let b = fingerprint(&diag(9, "key `x` repeated (first at line 8, a.yaml:8:1)"));
        let c = fingerprint(&diag(3, "key `y` repeated (first at line 2, a.yaml:2:1)"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn same_fingerprint_results_are_numbered_and_levels_mapped() {
        let run = Run {
            diagnostics: vec![diag(1, "same"), diag(2, "same")],
            ..Run::default()
        };
        let value = serde_json::to_value(to_sarif(&run)).unwrap();
        let results = value["runs"][0]["results"].as_array().unwrap();
        let fp = |i: usize| {
            results[i]["partialFingerprints"][FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert!(fp(0).ends_with(":1") && fp(1).ends_with(":2"));
        assert_eq!(fp(0)[..64], fp(1)[..64]);
        assert_eq!(results[0]["level"], "note");
        assert_eq!(results[0]["ruleId"], "WB003");
        let index = results[0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            value["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "WB003"
        );
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/a%20b.yaml"
        );
    }
}
