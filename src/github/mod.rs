//! GitHub: the issues `wirebook sweep` keeps in line with the gaps, and the
//! organization membership behind WB308 (`sweep`, `check --github`).
//!
//! - [`client`]: octocrab, deadlines, rate limits, token scrubbing.
//! - [`issues`]: the REST endpoints for issues, comments, labels, assignees.
//! - [`members`]: organization membership answers for WB308.
//! - [`gaps`]: from a checked run to what each document's issue should say.
//! - [`steps`]: the workflow step and question of a finding.
//! - [`body`]: title, body, marker and fingerprint.
//! - [`plan`]: the pure decision: create, update, close, reopen, close duplicates.
//! - [`sync`]: runs a plan, safely against ambiguous failures.
//!
//! Environment: `GITHUB_TOKEN` (never printed), `GITHUB_REPOSITORY` (or `--repo`),
//! `GITHUB_API_URL`, `GITHUB_SERVER_URL`, `GITHUB_SHA`; `WIREBOOK_GITHUB_MAX_WAIT`
//! (how long rate limits may be waited out per run, default `5m`) and
//! `WIREBOOK_GITHUB_TIMEOUT` (per request, default `30s`).

pub mod body;
pub mod client;
pub mod gaps;
pub mod issues;
pub mod members;
pub mod plan;
pub mod steps;
pub mod sync;

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{parse_duration, Config};
use crate::rules::Membership;
use client::{Client, Settings};
use issues::Repo;

/// A problem before or while talking to GitHub; the message is safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn env_duration(
    name: &str,
    default: std::time::Duration,
) -> Result<std::time::Duration, SetupError> {
    match env(name) {
        None => Ok(default),
        Some(v) => parse_duration(&v)
            .ok_or_else(|| SetupError(format!("{name}=`{v}` is not a duration (write 30s, 5m)"))),
    }
}

/// Everything one run needs to talk to GitHub.
#[derive(Debug)]
pub struct Session {
    pub runtime: tokio::runtime::Runtime,
    pub client: Client,
    pub repo: Repo,
    /// The organization people are checked against.
    pub org: String,
}

impl Session {
    /// Reads the environment and builds the client.
    ///
    /// # Errors
    /// No token, no repository, a malformed URL or duration.
    pub fn from_env(repo_arg: Option<&str>, config: &Config) -> Result<Self, SetupError> {
        let repo = repo_arg
            .map(str::to_owned)
            .or_else(|| env("GITHUB_REPOSITORY"))
            .ok_or_else(|| {
                SetupError(
                    "no repository: set GITHUB_REPOSITORY or pass --repo owner/name".to_owned(),
                )
            })?;
        let repo = Repo::parse(&repo).map_err(SetupError)?;
        let token = env("GITHUB_TOKEN").ok_or_else(|| {
            SetupError(
                "GITHUB_TOKEN is not set: wirebook needs a token with `issues: write` (and, for the sweep, `members: read` on the organization for WB308)".to_owned(),
            )
        })?;
        let settings = Settings {
            api_url: env("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".to_owned()),
            timeout: env_duration("WIREBOOK_GITHUB_TIMEOUT", client::DEFAULT_TIMEOUT)?,
            max_wait: env_duration("WIREBOOK_GITHUB_MAX_WAIT", client::DEFAULT_MAX_WAIT)?,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SetupError(format!("cannot start the async runtime: {e}")))?;
        let client = runtime
            .block_on(async { Client::new(&token, &settings) })
            .map_err(SetupError)?;
        let org = config
            .github
            .org
            .clone()
            .unwrap_or_else(|| repo.owner.clone());
        Ok(Self {
            runtime,
            client,
            repo,
            org,
        })
    }

    /// Membership answers for every handle in the documents under `paths`; warnings
    /// go to stderr.
    ///
    /// # Errors
    /// A path that does not exist, a rejected token, a rate limit beyond the bound.
    pub fn members(&self, paths: &[PathBuf]) -> Result<members::Answers, SetupError> {
        let handles = members::handles(paths).map_err(SetupError)?;
        let (answers, warnings) = self
            .runtime
            .block_on(members::fetch(&self.client, &self.org, &handles))
            .map_err(|e| {
                SetupError(format!("cannot check organization membership (WB308): {e}"))
            })?;
        for w in warnings {
            eprintln!("wirebook: {}", self.client.scrub(&w));
        }
        Ok(answers)
    }
}

/// For `check --github`: the membership answers WB308 reads.
///
/// # Errors
/// As [`Session::from_env`] and [`Session::members`], as a printable report.
pub fn check_members(
    paths: &[PathBuf],
    repo: Option<&str>,
    config: &Config,
) -> miette::Result<Arc<dyn Membership + Send>> {
    let session = Session::from_env(repo, config).map_err(|e| miette::miette!("{e}"))?;
    let answers = session.members(paths).map_err(|e| miette::miette!("{e}"))?;
    Ok(Arc::new(answers))
}
