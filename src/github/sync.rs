//! Runs a plan against GitHub, one action at a time, stopping at the first failure
//! with an account of what was done and what was not. A rerun plans again from a
//! fresh listing, so it picks up exactly where this run stopped.

use std::collections::HashMap;

use serde_json::json;

use super::body::parse_marker;
use super::client::{Client, GhError};
use super::issues::{self, MarkerParser, Repo};
use super::plan::Action;

/// What a run of the plan achieved.
#[derive(Debug, Default)]
pub struct Outcome {
    pub done: Vec<String>,
    pub not_done: Vec<String>,
    /// Why the run stopped, if it did.
    pub error: Option<String>,
}

/// Texts the actions write besides the issue bodies.
#[derive(Debug, Clone)]
pub struct Notes {
    /// Where the sweep looked, e.g. "at commit `abc1234`".
    pub at: String,
}

/// What kind of issue a plan keeps: how its marker reads (to find an issue again
/// after an ambiguous create) and what the comment that closes one says.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub marker: MarkerParser,
    /// The closing comment, from the issue's id and [`Notes::at`] (may be empty).
    pub closing: fn(&str, &str) -> String,
}

/// The sweep's issues: one per document.
pub const DOCUMENT: Kind = Kind {
    marker: parse_marker,
    closing: document_closing,
};

fn document_closing(id: &str, at: &str) -> String {
    let at = if at.is_empty() {
        String::new()
    } else {
        format!(" {at}")
    };
    format!(
        "wirebook swept `{id}`{at} and found no gaps left: closing. \
         If gaps return, the next sweep reopens this issue."
    )
}

impl Outcome {
    /// When the run stopped early: what went wrong, what was and was not done, and
    /// `rerun` (what to do next). `None` when everything was done.
    #[must_use]
    pub fn failure(&self, rerun: &str) -> Option<String> {
        let error = self.error.as_ref()?;
        let mut msg = format!("GitHub could not be brought in line: {error}.");
        if error.contains("answered 403") || error.contains("answered 404") {
            msg.push_str(" The token needs `issues: write` on the repository.");
        }
        msg.push_str("\n  done:");
        if self.done.is_empty() {
            msg.push_str(" nothing");
        }
        for d in &self.done {
            msg.push_str(&format!("\n    {d}"));
        }
        msg.push_str("\n  not done:");
        for d in &self.not_done {
            msg.push_str(&format!("\n    {d}"));
        }
        msg.push_str(&format!("\n  {rerun}"));
        Some(msg)
    }
}

struct Runner<'a> {
    client: &'a Client,
    repo: &'a Repo,
    label: &'a str,
    notes: &'a Notes,
    kind: &'a Kind,
    label_ready: bool,
    assignable: HashMap<String, bool>,
}

/// Applies `actions` (about documents, [`DOCUMENT`]) in order.
pub async fn apply(
    client: &Client,
    repo: &Repo,
    label: &str,
    actions: &[Action],
    notes: &Notes,
) -> Outcome {
    apply_kind(client, repo, label, actions, notes, &DOCUMENT).await
}

/// Applies `actions` about issues of `kind` in order.
pub async fn apply_kind(
    client: &Client,
    repo: &Repo,
    label: &str,
    actions: &[Action],
    notes: &Notes,
    kind: &Kind,
) -> Outcome {
    let mut runner = Runner {
        client,
        repo,
        label,
        notes,
        kind,
        label_ready: false,
        assignable: HashMap::new(),
    };
    let mut out = Outcome::default();
    for (i, action) in actions.iter().enumerate() {
        match runner.run(action).await {
            Ok(done) => out.done.push(done),
            Err(e) => {
                out.error = Some(client.scrub(&e.to_string()));
                out.not_done = actions[i..].iter().map(ToString::to_string).collect();
                break;
            }
        }
    }
    out
}

impl Runner<'_> {
    async fn run(&mut self, action: &Action) -> Result<String, GhError> {
        match action {
            Action::Create {
                id,
                title,
                body,
                assignees,
            } => self.create(id, title, body, assignees).await,
            Action::Update {
                number,
                title,
                body,
                ..
            } => {
                let patch = json!({ "title": title, "body": body });
                issues::edit(self.client, self.repo, *number, &patch).await?;
                Ok(format!("updated   #{number} {title}"))
            }
            Action::Reopen {
                number,
                title,
                body,
                ..
            } => {
                let patch = json!({ "state": "open", "title": title, "body": body });
                issues::edit(self.client, self.repo, *number, &patch).await?;
                Ok(format!("reopened  #{number} {title}"))
            }
            Action::Close { number, id, title } => {
                let tag = format!("<!-- wirebook:closed id={id} -->");
                let text = format!("{tag}\n{}", (self.kind.closing)(id, &self.notes.at));
                issues::comment_once(self.client, self.repo, *number, &text, &tag).await?;
                let patch = json!({ "state": "closed", "state_reason": "completed" });
                issues::edit(self.client, self.repo, *number, &patch).await?;
                Ok(format!("closed    #{number} {title} (no gaps left)"))
            }
            Action::CloseDuplicate {
                number,
                id,
                title,
                of,
            } => {
                let tag = format!("<!-- wirebook:duplicate id={id} of={of} -->");
                let text = format!(
                    "{tag}\nDuplicate of #{of}: wirebook keeps one issue per document (`{id}`), \
                     the oldest. Closing this one."
                );
                issues::comment_once(self.client, self.repo, *number, &text, &tag).await?;
                let patch = json!({ "state": "closed", "state_reason": "not_planned" });
                issues::edit(self.client, self.repo, *number, &patch).await?;
                Ok(format!("closed    #{number} {title} (duplicate of #{of})"))
            }
        }
    }

    async fn assignees(&mut self, wanted: &[String]) -> Result<Vec<String>, GhError> {
        let mut out = Vec::new();
        for login in wanted {
            let ok = match self.assignable.get(login) {
                Some(ok) => *ok,
                None => {
                    // Unknown: try; a rejected assignee only drops the assignees.
                    let ok = issues::assignable(self.client, self.repo, login)
                        .await?
                        .unwrap_or(true);
                    self.assignable.insert(login.clone(), ok);
                    ok
                }
            };
            if ok {
                out.push(login.clone());
            }
        }
        Ok(out)
    }

    /// Creates without ever making a duplicate: after an answer that leaves it unknown
    /// whether the issue was stored, list again before any retry.
    async fn create(
        &mut self,
        id: &str,
        title: &str,
        body: &str,
        assignees: &[String],
    ) -> Result<String, GhError> {
        if !self.label_ready {
            issues::ensure_label(self.client, self.repo, self.label).await?;
            self.label_ready = true;
        }
        let mut assignees = self.assignees(assignees).await?;
        let mut last_detail = String::new();
        for _ in 0..2 {
            match issues::create(self.client, self.repo, title, body, self.label, &assignees).await
            {
                Ok(number) => return Ok(format!("created   #{number} {title}")),
                // A rejected assignee rejects the create; nothing was stored.
                Err(GhError::Status { status: 422, .. }) if !assignees.is_empty() => {
                    assignees.clear();
                    match issues::create(self.client, self.repo, title, body, self.label, &[]).await
                    {
                        Ok(number) => return Ok(format!("created   #{number} {title}")),
                        Err(GhError::Ambiguous { detail, .. }) => last_detail = detail,
                        Err(e) => return Err(e),
                    }
                }
                Err(GhError::Ambiguous { detail, .. }) => last_detail = detail,
                Err(e) => return Err(e),
            }
            let existing =
                issues::list_marked(self.client, self.repo, self.label, self.kind.marker).await?;
            if let Some(found) = existing.iter().find(|e| e.open && e.id == id) {
                return Ok(format!(
                    "created   #{} {title} (confirmed by listing again after: {last_detail})",
                    found.number
                ));
            }
        }
        Err(GhError::Ambiguous {
            what: format!("creating the issue for `{id}`"),
            detail: last_detail,
        })
    }
}
