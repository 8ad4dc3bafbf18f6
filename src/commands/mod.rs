//! One module per subcommand.

pub mod changed;
pub mod check;
pub mod completions;
pub mod fix;
pub mod init;
pub mod offboard;
pub mod people;
pub mod report;
pub mod review;
pub mod rule;
pub mod schema;
pub mod server;
pub mod show;
pub mod sweep;

use std::io::IsTerminal;
use std::path::Path;

use jiff::civil::Date;

use crate::cli::Global;
use crate::config::Config;

/// Today, or `--today`.
#[must_use]
pub fn today(global: &Global) -> Date {
    global
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

/// Colour only on a terminal, without `--no-color` or `NO_COLOR`.
#[must_use]
pub fn use_color(global: &Global) -> bool {
    !global.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
}

/// Loads the configuration (`--config` or discovered).
///
/// # Errors
/// A configuration problem, rendered by miette with the bad key.
pub fn load_config(global: &Global) -> miette::Result<Config> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| Path::new(".").to_path_buf());
    let mut config =
        Config::load(global.config.as_deref(), &cwd).map_err(|e| miette::Report::new(*e))?;
    config
        .apply_cli(&global.deny, &global.warn, &global.allow)
        .map_err(|e| miette::miette!("{e}"))?;
    Ok(config)
}

/// Runs the offline check on `paths` and maps every wirebook document (its file, its
/// index in the file and its tree, secrets masked) through `f`, in file order.
/// `people`, `offboard` and `show` read the documents this way: the engine hands each
/// tree to `f` on the worker that parsed it and frees it right after.
///
/// # Errors
/// A path that does not exist or cannot be walked.
pub fn per_document<T: Send + Sync + 'static>(
    global: &Global,
    config: &Config,
    paths: &[std::path::PathBuf],
    f: impl Fn(&str, usize, &crate::document::Node) -> T + Sync,
) -> miette::Result<Vec<T>> {
    let options = crate::engine::Options {
        today: today(global),
        members: None,
    };
    let extract = |file: &str, index: usize, root: &crate::document::Node| {
        std::sync::Arc::new(f(file, index, root)) as std::sync::Arc<dyn std::any::Any + Send + Sync>
    };
    let keep = crate::engine::Keep {
        extract: Some(&extract),
        ..crate::engine::Keep::FACTS
    };
    let run = miette::IntoDiagnostic::into_diagnostic(crate::engine::check_keeping(
        paths, config, &options, keep,
    ))?;
    check::print_skipped(global, &run);
    Ok(run
        .files
        .into_iter()
        .flat_map(|file| file.documents)
        .filter_map(|d| std::sync::Arc::into_inner(d.extra?.downcast::<T>().ok()?))
        .collect())
}

/// Writes `text` to standard output.
///
/// # Errors
/// A closed or failing standard output.
pub fn print(text: &str) -> miette::Result<()> {
    use miette::IntoDiagnostic;
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(text.as_bytes()).into_diagnostic()?;
    lock.flush().into_diagnostic()
}
