//! `wirebook init`: write a new document from the template, never overwriting a file.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use miette::{miette, IntoDiagnostic};

use crate::cli::{Global, InitArgs};

/// The template; `{{id}}`, `{{title}}`, `{{app}}` and `{{today}}` are filled in.
pub const TEMPLATE: &str = include_str!("../../templates/integration.yaml");

/// Fills the template. Values are written as YAML double-quoted strings.
#[must_use]
pub fn render(id: &str, title: &str, app: &str, today: &str) -> String {
    TEMPLATE
        .replace("{{id}}", id)
        .replace("{{title}}", &quote(title))
        .replace("{{app}}", &quote(app))
        .replace("{{today}}", today)
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn ask(question: &str, given: Option<&String>) -> miette::Result<String> {
    if let Some(v) = given {
        return Ok(v.clone());
    }
    if !std::io::stdin().is_terminal() {
        return Err(miette!(
            help = "pass --id, --title and --app, or run it in a terminal to be asked",
            "missing {question}"
        ));
    }
    eprint!("{question}: ");
    std::io::stderr().flush().into_diagnostic()?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .into_diagnostic()?;
    let line = line.trim().to_owned();
    if line.is_empty() {
        return Err(miette!("{question} is required"));
    }
    Ok(line)
}

/// Runs `wirebook init`.
///
/// # Errors
/// A bad ID, a missing answer without a terminal, or an existing file (exit 2).
pub fn run(global: &Global, args: &InitArgs) -> miette::Result<u8> {
    let id = ask(
        "--id (lower-case letters, digits, dashes)",
        args.id.as_ref(),
    )?;
    if !valid_id(&id) {
        return Err(miette!(
            help = "use lower-case letters, digits and dashes, starting with a letter or digit: shopify-orders",
            "invalid id `{id}`"
        ));
    }
    let title = ask("--title", args.title.as_ref())?;
    let app = ask("--app (the primary app)", args.app.as_ref())?;
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{id}.yaml")));
    let today = super::today(global).to_string();
    let text = render(&id, &title, &app, &today);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => miette!(
                help = "choose another --output, or remove the file first",
                "{} already exists; wirebook init never overwrites a file",
                path.display()
            ),
            _ => miette!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes()).into_diagnostic()?;
    if !global.quiet {
        eprintln!(
            "wrote {}: fill in every TODO, then run `wirebook check {}`",
            path.display(),
            path.display()
        );
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_and_ids_checked() {
        let t = render("a-b", "Shopify: \"orders\"", "Shopify", "2026-11-29");
        assert!(t.contains("title: \"Shopify: \\\"orders\\\"\""));
        assert!(t.contains("started: 2026-11-29"));
        assert!(valid_id("shopify-orders"));
        assert!(!valid_id("Shopify"));
        assert!(!valid_id("-x"));
    }
}
