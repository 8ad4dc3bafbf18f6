//! `--format human`: miette reports with the source snippet and a label on the node.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SpanContents};

use super::Style;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::SourceText;
use crate::engine::Run;

/// The masked source of a file, shared by its findings.
#[derive(Clone)]
struct Source(Arc<SourceText>);

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        // Lone `\r` line breaks shown as `\n`, which miette's renderer needs.
        self.0.display_text().read_span(span, before, after)
    }
}

struct Report<'a> {
    d: &'a Diagnostic,
    source: Option<Source>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.d.rule, self.d.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.d.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let span = self.d.span;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(self.d.name.to_owned()),
            (span.start, span.len()),
        )];
        labels.extend(
            self.d
                .related
                .iter()
                .filter(|r| r.file == self.d.file)
                .map(|r| {
                    LabeledSpan::new_with_span(
                        Some(r.message.clone()),
                        (r.span.start, r.span.len()),
                    )
                }),
        );
        Some(Box::new(labels.into_iter()))
    }
}

/// Renders one diagnostic, snippet included.
#[must_use]
pub fn render(d: &Diagnostic, source: Option<&Arc<SourceText>>, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::none()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let report = Report {
        d,
        source: source.filter(|s| !s.text().is_empty()).cloned().map(Source),
    };
    let mut out = format!("{}:{}:{}: ", d.file, d.span.line, d.span.column);
    if handler.render_report(&mut out, &report).is_err() {
        out.push_str(&d.message);
    }
    for r in d.related.iter().filter(|r| r.file != d.file) {
        out.push_str(&format!(
            "  = note: {} at {}:{}:{}\n",
            r.message, r.file, r.span.line, r.span.column
        ));
    }
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            Applicability::Safe => "safe, with `--fix`",
            Applicability::Unsafe => "unsafe, with `--fix --unsafe-fixes`",
        };
        out.push_str(&format!("  = fixable ({how}): {}\n", fix.description));
    }
    out
}

/// Writes every finding, then a summary line (unless quiet).
///
/// # Errors
/// Writing failed.
pub fn write(run: &Run, style: Style, w: &mut dyn Write) -> io::Result<()> {
    for d in &run.diagnostics {
        let source = run
            .files
            .iter()
            .find(|f| f.path == d.file)
            .map(|f| &f.source);
        writeln!(w, "{}", render(d, source, style.color))?;
    }
    if !style.quiet {
        writeln!(w, "{}", summary_line(run))?;
    }
    Ok(())
}

/// "Found 2 errors, 1 warning and 0 infos in 3 documents (2 files)."
#[must_use]
pub fn summary_line(run: &Run) -> String {
    let s = run.summary();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "{} ({})",
        plural(s.documents, "document"),
        plural(s.files, "file")
    );
    let mut line = if s.errors + s.warnings + s.infos == 0 {
        format!("All checks passed: {scope}.")
    } else {
        format!(
            "Found {}, {} and {} in {scope}.",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        )
    };
    let count = |a: Applicability| {
        run.diagnostics
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    let (safe, unsafe_) = (count(Applicability::Safe), count(Applicability::Unsafe));
    match (safe, unsafe_) {
        (0, 0) => {}
        (0, u) => line.push_str(&format!(" {u} fixable with `--fix --unsafe-fixes`.")),
        (s, 0) => line.push_str(&format!(" {s} fixable with `--fix`.")),
        (s, u) => line.push_str(&format!(
            " {s} fixable with `--fix` ({u} more with `--fix --unsafe-fixes`)."
        )),
    }
    let hidden: Vec<String> = [
        (s.suppressed, "suppressed"),
        (s.baselined, "in the baseline"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !hidden.is_empty() {
        line.push_str(&format!(" Not shown: {}.", hidden.join(", ")));
    }
    if s.fixed_since_baseline > 0 {
        line.push_str(&format!(
            " {} fixed since the baseline (rewrite it with `--write-baseline` to drop them).",
            plural(s.fixed_since_baseline, "finding")
        ));
    }
    line
}
