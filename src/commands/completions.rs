//! `wirebook completions <shell>` and `wirebook man`: generated from the clap definition.

use std::io::Write;

use clap::CommandFactory;
use miette::IntoDiagnostic;

use crate::cli::{Cli, CompletionsArgs, EXIT_OK};

/// Writes the completion script for `shell` to `w`.
///
/// # Errors
/// Writing failed.
pub fn write_completions(shell: clap_complete::Shell, w: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wirebook", &mut buf);
    w.write_all(&buf)
}

/// Writes the man page (roff) to `w`.
///
/// # Errors
/// Writing failed.
pub fn write_man(w: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(w)
}

/// Runs `wirebook completions <shell>`.
///
/// # Errors
/// Standard output could not be written.
pub fn run(args: &CompletionsArgs) -> miette::Result<u8> {
    let mut out = std::io::stdout().lock();
    write_completions(args.shell, &mut out).into_diagnostic()?;
    out.flush().into_diagnostic()?;
    Ok(EXIT_OK)
}

/// Runs `wirebook man`.
///
/// # Errors
/// Standard output could not be written.
pub fn man() -> miette::Result<u8> {
    let mut out = std::io::stdout().lock();
    write_man(&mut out).into_diagnostic()?;
    out.flush().into_diagnostic()?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_completion_names_every_subcommand() {
        let mut out = Vec::new();
        write_completions(clap_complete::Shell::Bash, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("_wirebook()"), "{text}");
        for sub in [
            "check",
            "sweep",
            "report",
            "init",
            "rule",
            "schema",
            "completions",
            "man",
        ] {
            assert!(text.contains(sub), "missing {sub}");
        }
        assert!(text.contains("--changed-since"));
    }

    #[test]
    fn man_page_is_roff_with_the_commands() {
        let mut out = Vec::new();
        write_man(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(".ie") || text.contains(".TH wirebook"),
            "{text}"
        );
        assert!(text.contains("wirebook"));
        assert!(text.contains("check"));
        assert!(text.contains("Exit codes"));
    }
}
