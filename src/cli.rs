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
    /// Record a review: last_reviewed, reviewed_by and checklist results.
    Review(ReviewArgs),
    /// Explain one rule, or list them all.
    Rule(RuleArgs),
    /// Print the JSON Schema of a document.
    Schema,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
    /// Every person and team named, their roles, and who holds integrations alone.
    People(PeopleArgs),
    /// The handover plan before someone leaves (--issue opens or updates its GitHub issue).
    Offboard(OffboardArgs),
    /// The 2am runbook of one integration (by metadata.id) or one app.
    Show(ShowArgs),
    /// The language server (LSP over stdio) for editors: findings as you type, hover,
    /// completion and quick fixes.
    Server,
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
    /// Apply the safe fixes, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply the unsafe fixes too (they change what a document says).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change and write nothing (exit 1 when
    /// there is a change).
    #[arg(long)]
    pub diff: bool,
    /// Hide the findings recorded in this baseline (default: `[baseline] file`).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in a baseline (default .wirebook-baseline.json) and
    /// exit 0.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub write_baseline: Option<Option<PathBuf>>,
}

#[derive(Debug, Args, Clone)]
pub struct ReviewArgs {
    /// Document ids (looked up below the current directory) or files.
    #[arg(required = true)]
    pub targets: Vec<String>,
    /// Who reviewed (a GitHub handle or e-mail address).
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// The day of the review (default today; never after today).
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    pub date: Option<Date>,
    /// A checklist item that passed (repeatable).
    #[arg(long, value_name = "CHECK")]
    pub pass: Vec<String>,
    /// A checklist item that failed, with an optional note: `--fail links_work=VPN link dead`.
    #[arg(long, value_name = "CHECK[=NOTE]")]
    pub fail: Vec<String>,
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

/// Formats of `wirebook people` and `wirebook offboard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PeopleFormat {
    Markdown,
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct PeopleArgs {
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: PeopleFormat,
}

#[derive(Debug, Args, Clone)]
pub struct OffboardArgs {
    /// The person leaving: @handle (or handle), @org/team, or an e-mail address; any case.
    #[arg(value_name = "@HANDLE")]
    pub person: String,
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: PeopleFormat,
    /// Open or update the GitHub issue "Handover before @handle leaves" (GITHUB_TOKEN,
    /// GITHUB_REPOSITORY or --repo, GITHUB_API_URL); closes it when nobody names them.
    #[arg(long)]
    pub issue: bool,
    /// Repository owner/name for --issue (default: GITHUB_REPOSITORY).
    #[arg(long, value_name = "OWNER/NAME", requires = "issue")]
    pub repo: Option<String>,
}

/// Formats of `wirebook show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct ShowArgs {
    /// A metadata.id, or an app name (any case, surrounding spaces ignored).
    #[arg(value_name = "APP|ID")]
    pub query: String,
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: ShowFormat,
    /// Read APP|ID as a metadata.id only.
    #[arg(long, conflicts_with = "app")]
    pub id: bool,
    /// Read APP|ID as an app name only.
    #[arg(long)]
    pub app: bool,
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
        Command::Review(args) => commands::review::run(&cli.global, &args),
        Command::Rule(args) => commands::rule::run(&args),
        Command::Schema => commands::schema::run(),
        Command::Completions(args) => commands::completions::run(&args),
        Command::Man => commands::completions::man(),
        Command::People(args) => commands::people::run(&cli.global, &args),
        Command::Offboard(args) => commands::offboard::run(&cli.global, &args),
        Command::Show(args) => commands::show::run(&cli.global, &args),
        Command::Server => commands::server::run(&cli.global),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("{:?}", e);
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}
