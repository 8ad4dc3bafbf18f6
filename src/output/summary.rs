//! The Markdown job summary for `$GITHUB_STEP_SUMMARY`, and the step outputs for
//! `$GITHUB_OUTPUT`, written by `check` inside GitHub Actions.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Run;

/// Most findings listed in the table; GitHub caps a step summary at 1 MiB.
pub const MAX_ROWS: usize = 200;

/// Where findings link to: `<server>/<repo>/blob/<sha>/<file>#L<line>`.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub server: String,
    pub repository: String,
    pub sha: String,
    /// The checkout (`GITHUB_WORKSPACE`); file paths are made relative to it.
    pub workspace: Option<String>,
}

impl Links {
    /// From `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA` and `GITHUB_WORKSPACE`;
    /// `None` unless the first three are set.
    #[must_use]
    pub fn from_env() -> Option<Self> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Some(Self {
            server: var("GITHUB_SERVER_URL")?.trim_end_matches('/').to_owned(),
            repository: var("GITHUB_REPOSITORY")?,
            sha: var("GITHUB_SHA")?,
            workspace: var("GITHUB_WORKSPACE"),
        })
    }

    /// The URL of `file` at `line`.
    #[must_use]
    pub fn url(&self, file: &str, line: usize) -> String {
        format!(
            "{}/{}/blob/{}/{}#L{line}",
            self.server,
            self.repository,
            self.sha,
            encode_path(&self.repo_path(file))
        )
    }

    /// `file` relative to the repository root, with `/` separators.
    fn repo_path(&self, file: &str) -> String {
        let path = Path::new(file);
        let relative = if path.is_absolute() {
            self.workspace
                .as_deref()
                .and_then(|ws| {
                    let ws = std::fs::canonicalize(ws).unwrap_or_else(|_| ws.into());
                    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.into());
                    abs.strip_prefix(ws).ok().map(Path::to_path_buf)
                })
                .unwrap_or_else(|| path.to_path_buf())
        } else {
            path.to_path_buf()
        };
        let text = relative.to_string_lossy().replace('\\', "/");
        let mut text = text.as_str();
        while let Some(rest) = text.strip_prefix("./") {
            text = rest;
        }
        text.trim_start_matches('/').to_owned()
    }
}

fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "❌",
        Severity::Warning => "⚠️",
        Severity::Info => "ℹ️",
    }
}

/// What the summary is about.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// `--changed-since` ref, when the run was restricted to changed documents.
    pub changed_since: Option<&'a str>,
    pub links: Option<Links>,
}

/// Renders the Markdown summary of `run`.
#[must_use]
pub fn render(run: &Run, cx: &Context<'_>) -> String {
    let s = run.summary();
    let mut md = String::from("## wirebook\n\n");
    let verdict = if s.errors > 0 { "❌" } else { "✅" };
    let scope = cx.changed_since.map_or(String::new(), |r| {
        format!(
            " (documents changed since `{}` and the ones they connect to)",
            cell(r)
        )
    });
    let _ = writeln!(
        md,
        "{verdict} **{} errors**, {} warnings, {} infos in {} documents ({} files){scope}\n",
        s.errors, s.warnings, s.infos, s.documents, s.files
    );
    if run.diagnostics.is_empty() {
        md.push_str("No findings.\n\n");
        return md;
    }

    let mut by_rule: BTreeMap<(&str, &str), (Severity, usize)> = BTreeMap::new();
    for d in &run.diagnostics {
        let e = by_rule.entry((d.rule, d.name)).or_insert((d.severity, 0));
        e.1 += 1;
        if d.severity > e.0 {
            e.0 = d.severity;
        }
    }
    md.push_str("| Rule | Name | Severity | Findings |\n|---|---|---|---:|\n");
    for ((rule, name), (severity, n)) in &by_rule {
        let _ = writeln!(
            md,
            "| {rule} | {name} | {} {severity} | {n} |",
            icon(*severity)
        );
    }

    let title = if cx.changed_since.is_some() {
        "Findings in the changed documents"
    } else {
        "Findings"
    };
    let _ = writeln!(md, "\n### {title}\n");
    md.push_str("| | Location | Rule | Message |\n|---|---|---|---|\n");
    let mut rows: Vec<&Diagnostic> = run.diagnostics.iter().collect();
    rows.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.sort_key().cmp(&b.sort_key()))
    });
    for d in rows.iter().take(MAX_ROWS) {
        let place = format!("{}:{}", d.file, d.span.line);
        let location = match &cx.links {
            Some(l) => format!("[{}]({})", cell(&place), l.url(&d.file, d.span.line)),
            None => format!("`{}`", place.replace('`', "'")),
        };
        let doc = d
            .document
            .as_deref()
            .map_or(String::new(), |id| format!(" ({})", cell(id)));
        let _ = writeln!(
            md,
            "| {} | {location}{doc} | {} {} | {} |",
            icon(d.severity),
            d.rule,
            d.name,
            cell(&d.message)
        );
    }
    if rows.len() > MAX_ROWS {
        let _ = writeln!(
            md,
            "\n…and {} more findings: run `wirebook check` locally for all of them.",
            rows.len() - MAX_ROWS
        );
    }
    md.push('\n');
    md
}

/// Appends the summary to the file `path` (`$GITHUB_STEP_SUMMARY`).
///
/// # Errors
/// The file could not be opened or written.
pub fn append_summary(path: &Path, run: &Run, cx: &Context<'_>) -> io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(render(run, cx).as_bytes())
}

/// Appends `findings`, `errors`, `warnings` and `infos` to `$GITHUB_OUTPUT`.
///
/// # Errors
/// The file could not be opened or written.
pub fn append_outputs(path: &Path, run: &Run) -> io::Result<()> {
    let s = run.summary();
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(
        f,
        "findings={}\nerrors={}\nwarnings={}\ninfos={}",
        run.diagnostics.len(),
        s.errors,
        s.warnings,
        s.infos
    )
}

/// In GitHub Actions: appends the job summary and the step outputs when the runner
/// provides `GITHUB_STEP_SUMMARY` / `GITHUB_OUTPUT`. Failures are warnings on stderr.
pub fn write_for_github(run: &Run, changed_since: Option<&str>) {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(path) = var("GITHUB_STEP_SUMMARY") {
        let cx = Context {
            changed_since,
            links: Links::from_env(),
        };
        if let Err(e) = append_summary(Path::new(&path), run, &cx) {
            eprintln!("warning: cannot write the job summary to $GITHUB_STEP_SUMMARY: {e}");
        }
    }
    if std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
        if let Some(path) = var("GITHUB_OUTPUT") {
            if let Err(e) = append_outputs(Path::new(&path), run) {
                eprintln!("warning: cannot write step outputs to $GITHUB_OUTPUT: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn finding(rule: &'static str, severity: Severity, line: usize, message: &str) -> Diagnostic {
        Diagnostic {
            rule,
            name: if rule == "WB301" {
                "review-overdue"
            } else {
                "review-due-soon"
            },
            severity,
            message: message.to_owned(),
            help: String::new(),
            file: "./docs/a b.yaml".to_owned(),
            span: Span {
                start: 0,
                end: 0,
                line,
                column: 3,
            },
            document: Some("shop".to_owned()),
            related: Vec::new(),
            pointer: String::new(),
            fix: None,
            doc: None,
        }
    }

    fn sample() -> Run {
        Run {
            diagnostics: vec![
                finding("WB302", Severity::Warning, 2, "due soon"),
                finding("WB301", Severity::Error, 7, "overdue | <late>"),
                finding("WB301", Severity::Error, 9, "overdue again"),
            ],
            ..Run::default()
        }
    }

    #[test]
    fn counts_by_rule_and_links_to_lines() {
        let cx = Context {
            changed_since: Some("origin/main"),
            links: Some(Links {
                server: "https://github.example".into(),
                repository: "o/r".into(),
                sha: "abc123".into(),
                workspace: None,
            }),
        };
        let md = render(&sample(), &cx);
        assert!(md.contains("❌ **2 errors**, 1 warnings, 0 infos"), "{md}");
        assert!(md.contains("changed since `origin/main`"));
        assert!(
            md.contains("| WB301 | review-overdue | ❌ error | 2 |"),
            "{md}"
        );
        assert!(
            md.contains("| WB302 | review-due-soon | ⚠️ warning | 1 |"),
            "{md}"
        );
        assert!(md.contains("### Findings in the changed documents"));
        assert!(md.contains(
            "[./docs/a b.yaml:7](https://github.example/o/r/blob/abc123/docs/a%20b.yaml#L7) (shop)"
        ), "{md}");
        assert!(md.contains("overdue \\| &lt;late&gt;"), "{md}");
        // Errors come first in the findings table, then by file and line.
        let table = md.split("### Findings").nth(1).unwrap();
        let l7 = table.find("#L7").unwrap();
        let l9 = table.find("#L9").unwrap();
        let l2 = table.find("#L2").unwrap();
        assert!(l7 < l9 && l9 < l2, "{md}");
    }

    #[test]
    fn long_runs_are_capped() {
        let mut run = Run::default();
        for line in 0..MAX_ROWS + 5 {
            run.diagnostics
                .push(finding("WB301", Severity::Error, line + 1, "x"));
        }
        let md = render(&run, &Context::default());
        assert!(md.contains("…and 5 more findings"), "{md}");
        assert!(md.contains("`./docs/a b.yaml:1`"));
    }

    #[test]
    fn clean_run_says_so_and_cells_are_escaped() {
        let md = render(&Run::default(), &Context::default());
        assert!(md.contains("✅ **0 errors**"));
        assert!(md.contains("No findings."));
        assert_eq!(cell("a|b\n<c>"), "a\\|b &lt;c&gt;");
    }

    #[test]
    fn outputs_and_summary_append() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::write(&out, "before=1\n").unwrap();
        append_outputs(&out, &sample()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "before=1\nfindings=3\nerrors=2\nwarnings=1\ninfos=0\n"
        );
        let sum = dir.path().join("summary.md");
        std::fs::write(&sum, "# earlier step\n").unwrap();
        append_summary(&sum, &sample(), &Context::default()).unwrap();
        let text = std::fs::read_to_string(&sum).unwrap();
        assert!(text.starts_with("# earlier step\n## wirebook"));
    }
}
