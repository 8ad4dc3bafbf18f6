//! Organization membership for WB308: every handle of the run asked once.
//!
//! A "departed" answer is only trusted when it is certain: the owner must be an
//! organization, the token must see private membership (a redirect to
//! `public_members` means it does not), and at least one person must come back as a
//! member when three or more are asked (all unknown otherwise, with a warning).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use futures::{stream, StreamExt};

use super::client::{enc, Client, GhError, Method};
use crate::document::{parse, SourceText};
use crate::rules::{Membership, OwnerDeparted};

/// Answers keyed by lower-cased handle (`@alice`, `@org/team`).
#[derive(Debug, Default, Clone)]
pub struct Answers {
    map: BTreeMap<String, bool>,
}

impl Answers {
    #[must_use]
    pub fn departed(&self) -> usize {
        self.map.values().filter(|m| !**m).count()
    }
}

impl Membership for Answers {
    fn is_member(&self, handle: &str) -> Option<bool> {
        self.map.get(&handle.trim().to_lowercase()).copied()
    }
}

/// Every handle named in the wirebook documents under `paths` (a light pre-read; the
/// check itself parses again).
///
/// # Errors
/// A path that does not exist.
pub fn handles(paths: &[PathBuf]) -> Result<BTreeSet<String>, String> {
    let files = crate::discover::discover(paths).map_err(|e| e.to_string())?;
    let mut out = BTreeSet::new();
    for f in files {
        let size = std::fs::metadata(&f.path).map_or(0, |m| m.len());
        if size > crate::engine::MAX_FILE_SIZE {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f.path) else {
            continue;
        };
        let parsed = parse(&SourceText::new(text));
        for doc in parsed.documents {
            for p in OwnerDeparted::people(&doc.root) {
                out.insert(p.handle.to_lowercase());
            }
        }
    }
    Ok(out)
}

enum Probe {
    Member(String, bool),
    Unknown(String, String),
}

/// Asks the organization about every handle. Warnings explain unknown answers.
///
/// # Errors
/// Only fatal errors: a rejected token or a rate limit beyond the bound.
pub async fn fetch(
    client: &Client,
    org: &str,
    handles: &BTreeSet<String>,
) -> Result<(Answers, Vec<String>), GhError> {
    let mut answers = Answers::default();
    let mut warnings = Vec::new();
    if handles.is_empty() {
        return Ok((answers, warnings));
    }
    let reply = client
        .send(Method::Get, &format!("/orgs/{}", enc(org)), None)
        .await;
    match reply {
        Ok(r) if r.status == 200 => {}
        Ok(r) => {
            warnings.push(format!(
                "WB308 skipped: `{org}` is not a GitHub organization the token can see (HTTP {}); set `[github] org` in wirebook.toml",
                r.status
            ));
            return Ok((answers, warnings));
        }
        Err(e) if e.is_fatal() => return Err(e),
        Err(e) => {
            warnings.push(format!("WB308 skipped: {e}"));
            return Ok((answers, warnings));
        }
    }
    let probes: Vec<Result<Probe, GhError>> = stream::iter(handles.iter().cloned())
        .map(|h| probe(client, org, h))
        .buffer_unordered(4)
        .collect()
        .await;
    let mut unknown = BTreeMap::<String, Vec<String>>::new();
    let mut users = 0;
    let mut user_members = 0;
    for p in probes {
        match p? {
            Probe::Member(h, m) => {
                if !h.contains('/') {
                    users += 1;
                    user_members += usize::from(m);
                }
                answers.map.insert(h, m);
            }
            Probe::Unknown(h, why) => unknown.entry(why).or_default().push(h),
        }
    }
    if users >= 3 && user_members == 0 {
        answers.map.retain(|h, _| h.contains('/'));
        warnings.push(format!(
            "WB308 not reported for people: none of the {users} people asked is a member of `{org}`, which points at a token that cannot read the organization's members (it needs `members: read` / `read:org`)"
        ));
    }
    for (why, hs) in unknown {
        warnings.push(format!("WB308 not checked for {}: {why}", hs.join(", ")));
    }
    Ok((answers, warnings))
}

async fn probe(client: &Client, org: &str, handle: String) -> Result<Probe, GhError> {
    let bare = handle.trim_start_matches('@');
    let uri = match bare.split_once('/') {
        Some((team_org, slug)) => format!("/orgs/{}/teams/{}", enc(team_org), enc(slug)),
        None => format!("/orgs/{}/members/{}", enc(org), enc(bare)),
    };
    let is_team = bare.contains('/');
    match client.send(Method::Get, &uri, None).await {
        Ok(r) if r.redirected => Ok(if r.status == 204 {
            Probe::Member(handle, true)
        } else {
            Probe::Unknown(
                handle,
                "the token cannot see private organization membership (it needs `members: read` / `read:org`)".to_owned(),
            )
        }),
        Ok(r) if r.status == 204 || (is_team && r.status == 200) => Ok(Probe::Member(handle, true)),
        Ok(r) if r.status == 404 => Ok(Probe::Member(handle, false)),
        Ok(r) => Ok(Probe::Unknown(
            handle,
            format!("GitHub answered HTTP {}", r.status),
        )),
        Err(e) if e.is_fatal() => Err(e),
        Err(e) => Ok(Probe::Unknown(handle, e.to_string())),
    }
}
