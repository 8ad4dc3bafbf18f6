//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! `::error file=…,line=…,col=…,title=WB301 review-overdue::message` (warnings as
//! `::warning`, infos as `::notice`). GitHub shows at most [`MAX_PER_KIND`] annotations
//! of each kind per step, so the most severe come first (errors, warnings, then
//! notices, each in the usual file/line order), each kind is capped, the findings that
//! did not fit are printed as plain log lines, and a last `::notice::` counts them.

use std::io::{self, Write};

use super::slash_path;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Run;

/// Annotations GitHub displays per kind (error, warning, notice) and step.
pub const MAX_PER_KIND: usize = 10;

/// Writes the workflow commands for a run.
///
/// # Errors
/// Writing failed.
pub fn write(run: &Run, w: &mut dyn Write) -> io::Result<()> {
    let of = |s: Severity| run.diagnostics.iter().filter(move |d| d.severity == s);
    let counts = [Severity::Error, Severity::Warning, Severity::Info].map(|s| of(s).count());
    let caps = caps(counts);

    let mut hidden = Vec::new();
    for (i, severity) in [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .enumerate()
    {
        for (n, d) in of(severity).enumerate() {
            if n < caps[i] {
                writeln!(w, "{}", command(d))?;
            } else {
                hidden.push(d);
            }
        }
    }
    if hidden.is_empty() {
        return Ok(());
    }
    for d in &hidden {
        writeln!(w, "{}", plain_line(d))?;
    }
    let cut = |s: Severity| hidden.iter().filter(|d| d.severity == s).count();
    let mut parts = Vec::new();
    for (s, word) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        let n = cut(s);
        if n > 0 {
            parts.push(format!("{n} {word}{}", if n == 1 { "" } else { "s" }));
        }
    }
    let message = format!(
        "wirebook: {} more finding{} not shown as annotations ({}): GitHub shows {MAX_PER_KIND} per kind and step. They are listed in the log above; `--format sarif` uploads all of them to code scanning.",
        hidden.len(),
        if hidden.len() == 1 { "" } else { "s" },
        parts.join(", ")
    );
    writeln!(w, "::notice::{}", escape_data(&message))
}

/// How many errors, warnings and notices get an annotation. When anything is cut,
/// one notice slot is kept for the closing count so that GitHub shows it too.
fn caps(counts: [usize; 3]) -> [usize; 3] {
    let [errors, warnings, infos] = counts;
    let cut = errors > MAX_PER_KIND || warnings > MAX_PER_KIND || infos > MAX_PER_KIND;
    let notice_cap = if cut { MAX_PER_KIND - 1 } else { MAX_PER_KIND };
    [MAX_PER_KIND, MAX_PER_KIND, notice_cap]
}

/// One workflow command.
fn command(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = d.message.clone();
    if !d.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&d.help);
    }
    format!(
        "::{kind} file={},line={},col={},title={}::{}",
        escape_property(&slash_path(&d.file)),
        d.span.line,
        d.span.column,
        escape_property(&format!("{} {}", d.rule, d.name)),
        escape_data(&message)
    )
}

/// A finding as a plain log line: no command, no line break that could start one.
fn plain_line(d: &Diagnostic) -> String {
    super::concise(d).replace(['\r', '\n'], " ")
}

/// Escapes a command's message (GitHub's `escapeData`).
#[must_use]
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (GitHub's `escapeProperty`).
#[must_use]
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn diag(severity: Severity, line: usize, message: &str) -> Diagnostic {
        Diagnostic {
            rule: "WB301",
            name: "review-overdue",
            severity,
            message: message.to_owned(),
            help: "review it".to_owned(),
            file: "./docs/a,b:c.yaml".to_owned(),
            span: Span {
                start: 0,
                end: 1,
                line,
                column: 3,
            },
            document: Some("a".to_owned()),
            related: Vec::new(),
            pointer: String::new(),
            fix: None,
            doc: None,
        }
    }

    fn render(diagnostics: Vec<Diagnostic>) -> String {
        let run = Run {
            diagnostics,
            ..Run::default()
        };
        let mut out = Vec::new();
        write(&run, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_message_and_properties() {
        let out = render(vec![diag(Severity::Error, 4, "100% done\r\n::warning::x")]);
        assert_eq!(
            out,
            "::error file=docs/a%2Cb%3Ac.yaml,line=4,col=3,title=WB301 review-overdue::100%25 done%0D%0A::warning::x%0Ahelp: review it\n"
        );
    }

    #[test]
    fn severities_map_to_commands() {
        let out = render(vec![
            diag(Severity::Info, 1, "i"),
            diag(Severity::Warning, 2, "w"),
            diag(Severity::Error, 3, "e"),
        ]);
        let kinds: Vec<_> = out.lines().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(kinds, ["::error", "::warning", "::notice"]);
    }

    #[test]
    fn caps_each_kind_most_severe_first_and_counts_the_rest() {
        let mut diags = Vec::new();
        for line in 1..=12 {
            diags.push(diag(Severity::Info, line, "i"));
            diags.push(diag(Severity::Warning, line, "w"));
        }
        for line in 1..=3 {
            diags.push(diag(Severity::Error, line, "e"));
        }
        let out = render(diags);
        let lines: Vec<_> = out.lines().collect();
        let count = |p: &str| lines.iter().filter(|l| l.starts_with(p)).count();
        assert_eq!(count("::error "), 3);
        assert_eq!(count("::warning "), MAX_PER_KIND);
        // Nine notices plus the closing count: ten, all shown by GitHub.
        assert_eq!(count("::notice "), MAX_PER_KIND - 1);
        assert_eq!(count("::notice::"), 1);
        assert!(lines[0].starts_with("::error ") && lines[3].starts_with("::warning "));
        // In sort order within a kind: warnings of lines 1..=10 are annotated.
        assert!(lines[3].contains("line=1,") && lines[12].contains("line=10,"));
        let last = lines.last().unwrap();
        assert!(
            last.starts_with("::notice::wirebook: 5 more findings"),
            "{last}"
        );
        assert!(last.contains("2 warnings, 3 infos"), "{last}");
        // The rest are plain log lines, not commands.
        assert_eq!(count("docs/a,b:c.yaml:11:3: warning WB301"), 1);
        assert_eq!(lines.iter().filter(|l| !l.starts_with("::")).count(), 5);
    }

    #[test]
    fn nothing_cut_means_no_closing_notice() {
        let diags = (1..=10).map(|l| diag(Severity::Info, l, "i")).collect();
        let out = render(diags);
        assert_eq!(out.lines().count(), 10);
        assert!(!out.contains("::notice::"));
        assert_eq!(render(Vec::new()), "");
    }
}
