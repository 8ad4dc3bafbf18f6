//! One module per subcommand.

pub mod changed;
pub mod check;
pub mod completions;
pub mod fix;
pub mod init;
pub mod report;
pub mod review;
pub mod rule;
pub mod schema;
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
