//! The issue endpoints wirebook uses: list (paginated, by label, never the search
//! API), create, edit, comment, labels and assignees.
//!
//! Answers are read into small lenient structs rather than octocrab's strict models,
//! so a field GitHub Enterprise leaves out cannot stop a sweep.

use serde::Deserialize;
use serde_json::json;

use super::body::parse_marker;
use super::client::{enc, Client, GhError, Method, Reply};
use super::plan::Existing;

/// Pages of 100 followed at most (100,000 issues): a bound, not a limit in practice.
const MAX_PAGES: usize = 1000;

/// `owner/name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    pub owner: String,
    pub name: String,
}

impl Repo {
    /// Parses `owner/name`.
    ///
    /// # Errors
    /// Anything else.
    pub fn parse(s: &str) -> Result<Self, String> {
        let ok = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        match s.trim().split_once('/') {
            Some((o, n)) if ok(o) && ok(n) => Ok(Self {
                owner: o.to_owned(),
                name: n.to_owned(),
            }),
            _ => Err(format!("`{s}` is not a repository: write owner/name")),
        }
    }

    fn path(&self) -> String {
        format!("/repos/{}/{}", enc(&self.owner), enc(&self.name))
    }
}

impl std::fmt::Display for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

#[derive(Debug, Deserialize)]
struct ApiIssue {
    number: u64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    state: String,
    #[serde(default)]
    pull_request: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct ApiComment {
    #[serde(default)]
    body: Option<String>,
}

fn unexpected(what: &str, reply: &Reply) -> GhError {
    GhError::Status {
        status: reply.status,
        what: what.to_owned(),
        message: reply.message(),
    }
}

/// Every issue (open and closed, not pull requests) with `label` whose body holds a
/// wirebook marker.
///
/// # Errors
/// Any failed page.
pub async fn list(client: &Client, repo: &Repo, label: &str) -> Result<Vec<Existing>, GhError> {
    list_marked(client, repo, label, parse_marker).await
}

/// Reads a hidden marker: `(id, fingerprint)`.
pub type MarkerParser = fn(&str) -> Option<(String, Option<String>)>;

/// Every issue (open and closed, not pull requests) with `label` whose body holds a
/// marker that `marker` reads (the sweep's document marker, the handover marker).
///
/// # Errors
/// Any failed page.
pub async fn list_marked(
    client: &Client,
    repo: &Repo,
    label: &str,
    marker: MarkerParser,
) -> Result<Vec<Existing>, GhError> {
    let what = format!("listing the issues of {repo}");
    let mut uri = format!(
        "{}/issues?labels={}&state=all&per_page=100&sort=created&direction=asc",
        repo.path(),
        enc(label)
    );
    let mut out = Vec::new();
    for _ in 0..MAX_PAGES {
        let reply = client.send(Method::Get, &uri, None).await?;
        if reply.status != 200 {
            return Err(unexpected(&what, &reply));
        }
        let page: Vec<ApiIssue> =
            serde_json::from_str(&reply.body).map_err(|e| GhError::Decode {
                what: what.clone(),
                detail: e.to_string(),
            })?;
        for issue in page {
            if issue.pull_request.is_some() {
                continue;
            }
            let Some((id, fingerprint)) = issue.body.as_deref().and_then(marker) else {
                continue;
            };
            out.push(Existing {
                number: issue.number,
                title: issue.title,
                open: issue.state == "open",
                id,
                fingerprint,
            });
        }
        match reply.next {
            Some(next) => uri = next,
            None => return Ok(out),
        }
    }
    Err(GhError::Decode {
        what,
        detail: format!("more than {MAX_PAGES} pages"),
    })
}

/// Creates an issue; returns its number. Never retried here: on
/// [`GhError::Ambiguous`] the caller re-lists first.
///
/// # Errors
/// Any failure; 422 comes back as [`GhError::Status`].
pub async fn create(
    client: &Client,
    repo: &Repo,
    title: &str,
    body: &str,
    label: &str,
    assignees: &[String],
) -> Result<u64, GhError> {
    let what = format!("creating an issue in {repo}");
    let mut payload = json!({ "title": title, "body": body, "labels": [label] });
    if !assignees.is_empty() {
        payload["assignees"] = json!(assignees);
    }
    let reply = client
        .send(
            Method::Post,
            &format!("{}/issues", repo.path()),
            Some(&payload),
        )
        .await?;
    if reply.status != 201 && reply.status != 200 {
        return Err(unexpected(&what, &reply));
    }
    reply
        .json(&what)?
        .get("number")
        .and_then(serde_json::Value::as_u64)
        .ok_or(GhError::Decode {
            what,
            detail: "no issue number".to_owned(),
        })
}

/// Edits title, body and/or state (PATCH is idempotent, so it is retried).
///
/// # Errors
/// Any failure.
pub async fn edit(
    client: &Client,
    repo: &Repo,
    number: u64,
    patch: &serde_json::Value,
) -> Result<(), GhError> {
    let what = format!("editing issue #{number}");
    let reply = client
        .send(
            Method::Patch,
            &format!("{}/issues/{number}", repo.path()),
            Some(patch),
        )
        .await?;
    if reply.status == 200 {
        Ok(())
    } else {
        Err(unexpected(&what, &reply))
    }
}

/// Comments on an issue, unless its last comment already carries `tag` (an earlier
/// attempt that got no clear answer may have posted it).
///
/// # Errors
/// Any failure.
pub async fn comment_once(
    client: &Client,
    repo: &Repo,
    number: u64,
    body: &str,
    tag: &str,
) -> Result<(), GhError> {
    let what = format!("commenting on issue #{number}");
    let uri = format!("{}/issues/{number}/comments", repo.path());
    for attempt in 0..2 {
        match client
            .send(Method::Post, &uri, Some(&json!({ "body": body })))
            .await
        {
            Ok(r) if r.status == 201 || r.status == 200 => return Ok(()),
            Ok(r) => return Err(unexpected(&what, &r)),
            Err(GhError::Ambiguous { what: w, detail }) => {
                if last_comment_has(client, &uri, tag).await? {
                    return Ok(());
                }
                if attempt == 1 {
                    return Err(GhError::Ambiguous { what: w, detail });
                }
            }
            Err(e) => return Err(e),
        }
    }
    unreachable!("the loop returns")
}

async fn last_comment_has(client: &Client, uri: &str, tag: &str) -> Result<bool, GhError> {
    let mut next = Some(format!("{uri}?per_page=100"));
    let mut last = None;
    for _ in 0..MAX_PAGES {
        let Some(u) = next.take() else { break };
        let reply = client.send(Method::Get, &u, None).await?;
        if reply.status != 200 {
            return Err(unexpected("listing comments", &reply));
        }
        let page: Vec<ApiComment> = serde_json::from_str(&reply.body).unwrap_or_default();
        if let Some(c) = page.into_iter().last() {
            last = c.body;
        }
        next = reply.next;
    }
    Ok(last.is_some_and(|b| b.contains(tag)))
}

/// Creates the label unless it exists.
///
/// # Errors
/// Any failure other than "already exists".
pub async fn ensure_label(client: &Client, repo: &Repo, label: &str) -> Result<(), GhError> {
    let what = format!("checking label `{label}`");
    let reply = client
        .send(
            Method::Get,
            &format!("{}/labels/{}", repo.path(), enc(label)),
            None,
        )
        .await?;
    match reply.status {
        200 => return Ok(()),
        404 => {}
        _ => return Err(unexpected(&what, &reply)),
    }
    let payload = json!({
        "name": label,
        "color": "d93f0b",
        "description": "Integration documentation gaps found by wirebook",
    });
    match client
        .send(
            Method::Post,
            &format!("{}/labels", repo.path()),
            Some(&payload),
        )
        .await
    {
        Ok(r) if r.status == 201 || r.status == 200 || r.status == 422 => Ok(()),
        Ok(r) => Err(unexpected(&format!("creating label `{label}`"), &r)),
        // Creating a label twice is harmless (422), so one more try is safe.
        Err(GhError::Ambiguous { .. }) => {
            let r = client
                .send(
                    Method::Post,
                    &format!("{}/labels", repo.path()),
                    Some(&payload),
                )
                .await?;
            if matches!(r.status, 200 | 201 | 422) {
                Ok(())
            } else {
                Err(unexpected(&format!("creating label `{label}`"), &r))
            }
        }
        Err(e) => Err(e),
    }
}

/// Can `login` be assigned issues in the repository? `None` when unknown.
///
/// # Errors
/// Only fatal errors (bad token, rate limit beyond the bound).
pub async fn assignable(
    client: &Client,
    repo: &Repo,
    login: &str,
) -> Result<Option<bool>, GhError> {
    match client
        .send(
            Method::Get,
            &format!("{}/assignees/{}", repo.path(), enc(login)),
            None,
        )
        .await
    {
        Ok(r) if r.status == 204 => Ok(Some(true)),
        Ok(r) if r.status == 404 => Ok(Some(false)),
        Ok(_) => Ok(None),
        Err(e) if e.is_fatal() => Err(e),
        Err(_) => Ok(None),
    }
}
