//! The command line: clap definitions and dispatch to `commands/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;

use crate::commands;
use crate::output::Format;

/// Exit code: no error-severity findings.
pub const EXIT_OK: u8 = 0;
/// Exit code: error-severity findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, configuration or internal error (or sweep could not update GitHub).
pub const EXIT_TROUBLE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "wirebook",
    version,
    about = "Keeps integration documentation honest: lints it, checks its links, tracks reviews and opens issues for the gaps.",
    after_help = "Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 usage, configuration or internal error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Configuration file (default: wirebook.toml or .wirebook.toml, found walking up).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Treat this date (YYYY-MM-DD) as today.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_today)]
    pub today: Option<Date>,
    /// Print findings only, no summary or progress.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Also list skipped files and what was checked.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// No colours (also when NO_COLOR is set or output is not a terminal).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Make a rule an error (ID or name; repeatable). Wins over the config file.
    #[arg(long, global = true, value_name = "RULE")]
    pub deny: Vec<String>,
    /// Make a rule a warning (repeatable).
    #[arg(long, global = true, value_name = "RULE")]
    pub warn: Vec<String>,
    /// Turn a rule off (repeatable).
    #[arg(long, global = true, value_name = "RULE")]
    pub allow: Vec<String>,
}

fn parse_today(s: &str) -> Result<Date, String> {
    crate::interval::parse_date(s).ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint documents (default `.`); checks URLs unless --offline.
    Check(CheckArgs),
    /// Check, then open, update and close GitHub issues for the gaps.
    Sweep(SweepArgs),
    /// Status of every integration: markdown, html, json or ics.
    Report(ReportArgs),
    /// Write a new document from the template.
    Init(InitArgs),
    /// Explain one rule, or list them all.
    Rule(RuleArgs),
    /// Print the JSON Schema of a document.
    Schema,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Files or directories (directories are walked honouring .gitignore).
    pub paths: Vec<PathBuf>,
    /// Output format (default: human; github when GITHUB_ACTIONS=true).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Make no network request (no link checks).
    #[arg(long)]
    pub offline: bool,
    /// Also check owners and contacts against the GitHub organization (WB308).
    #[arg(long)]
    pub github: bool,
    /// Repository owner/name for --github (default: GITHUB_REPOSITORY).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
    /// Report only documents changed since this git ref (and the documents they connect
    /// to); duplicate IDs are still checked across every document.
    #[arg(long, value_name = "GIT-REF")]
    pub changed_since: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct SweepArgs {
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    /// Print the plan (create / update / close / reopen) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Repository owner/name (default: GITHUB_REPOSITORY).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
    /// Most issues one sweep may open.
    #[arg(long, value_name = "N")]
    pub max_issues: Option<usize>,
    /// Skip link checks.
    #[arg(long)]
    pub offline: bool,
    /// Output format of the findings.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// Formats of `wirebook report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
    Ics,
}

#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Build one report from these `report --format json` files (one per repository)
    /// instead of checking documents.
    #[arg(long, value_name = "FILE.json", num_args = 1.., conflicts_with_all = ["paths", "repo"])]
    pub merge: Vec<PathBuf>,
    /// Repository owner/name recorded in the report (default: GITHUB_REPOSITORY, else
    /// the git remote `origin` of the first path).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// The new document's metadata.id (lower-case letters, digits, dashes).
    #[arg(long)]
    pub id: Option<String>,
    /// Its title.
    #[arg(long)]
    pub title: Option<String>,
    /// The primary app.
    #[arg(long)]
    pub app: Option<String>,
    /// Where to write (default: <id>.yaml in the current directory).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args, Clone)]
pub struct RuleArgs {
    /// A rule ID (WB301) or name (review-overdue); none lists every rule.
    pub id: Option<String>,
}

/// Runs the parsed command line.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => commands::check::run(&cli.global, &args),
        Command::Sweep(args) => commands::sweep::run(&cli.global, &args),
        Command::Report(args) => commands::report::run(&cli.global, &args),
        Command::Init(args) => commands::init::run(&cli.global, &args),
        Command::Rule(args) => commands::rule::run(&args),
        Command::Schema => commands::schema::run(),
        Command::Completions(args) => commands::completions::run(&args),
        Command::Man => commands::completions::man(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{:?}", e);
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}
