//! A stateful fake of the parts of the GitHub REST API wirebook uses, on 127.0.0.1.
//! It answers with GitHub-shaped JSON (complete enough for octocrab's strict models),
//! paginates with `Link` headers, records every request, and injects faults.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: String,
    pub authorized: bool,
}

impl Request {
    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub state: String,
    pub state_reason: Option<String>,
    pub labels: Vec<String>,
    pub assignees: Vec<String>,
    pub pull_request: bool,
}

#[derive(Debug, Default)]
pub struct State {
    pub token: String,
    pub base: String,
    pub issues: Vec<Issue>,
    pub comments: Vec<(u64, String)>,
    pub labels: Vec<String>,
    pub orgs: BTreeSet<String>,
    pub members: BTreeSet<String>,
    /// `(org, slug)`.
    pub teams: BTreeSet<(String, String)>,
    pub requests: Vec<Request>,
    /// Creates that are stored and then answered 502.
    pub creates_then_502: usize,
    /// Creates answered 403 with `retry-after` (not stored).
    pub rate_limited_creates: usize,
    pub retry_after: u64,
    /// Issue listings answered 403 with `x-ratelimit-remaining: 0` (reset in 1s).
    pub primary_limited_lists: usize,
    /// Creates that are stored and then answered only after 3 seconds.
    pub creates_then_hang: usize,
    /// Answer `members/{user}` with a redirect to `public_members/{user}`, as GitHub
    /// does for a requester outside the organization; these are public.
    pub members_redirect: Option<BTreeSet<String>>,
    delay_next_reply: bool,
    /// Logins the assignees endpoint vouches for although a create rejects them.
    pub falsely_assignable: BTreeSet<String>,
}

impl State {
    pub fn writes(&self) -> usize {
        self.requests.iter().filter(|r| r.is_write()).count()
    }

    pub fn open(&self) -> Vec<&Issue> {
        self.issues
            .iter()
            .filter(|i| i.state == "open" && !i.pull_request)
            .collect()
    }

    pub fn add_issue(&mut self, title: &str, body: &str, open: bool, labels: &[&str]) -> u64 {
        let number = self.issues.len() as u64 + 1;
        self.issues.push(Issue {
            number,
            title: title.to_owned(),
            body: body.to_owned(),
            state: if open { "open" } else { "closed" }.to_owned(),
            state_reason: None,
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            assignees: Vec::new(),
            pull_request: false,
        });
        number
    }
}

#[derive(Clone)]
pub struct Fake {
    pub state: Arc<Mutex<State>>,
    pub url: String,
}

impl Fake {
    /// Starts a fake for repository `acme/docs` in organization `acme`.
    pub fn start(token: &str) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            token: token.to_owned(),
            base: url.clone(),
            orgs: ["acme".to_owned()].into(),
            retry_after: 1,
            ..State::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = Router::new().fallback(handle).with_state(shared);
                axum::serve(listener, app).await.unwrap();
            });
        });
        Self { state, url }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

fn user(login: &str, base: &str) -> Value {
    let u = format!("{base}/users/{login}");
    json!({
        "login": login, "id": 1000 + login.len(), "node_id": format!("U_{login}"),
        "avatar_url": format!("{base}/avatars/{login}"), "gravatar_id": "",
        "url": u, "html_url": format!("{base}/{login}"),
        "followers_url": format!("{u}/followers"), "following_url": format!("{u}/following{{/other_user}}"),
        "gists_url": format!("{u}/gists{{/gist_id}}"), "starred_url": format!("{u}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{u}/subscriptions"), "organizations_url": format!("{u}/orgs"),
        "repos_url": format!("{u}/repos"), "events_url": format!("{u}/events{{/privacy}}"),
        "received_events_url": format!("{u}/received_events"), "type": "User", "site_admin": false
    })
}

fn label_json(name: &str, base: &str) -> Value {
    json!({
        "id": 77, "node_id": "LA_1", "url": format!("{base}/repos/acme/docs/labels/{name}"),
        "name": name, "description": "Integration documentation gaps", "color": "d93f0b", "default": false
    })
}

fn issue_json(i: &Issue, base: &str) -> Value {
    let url = format!("{base}/repos/acme/docs/issues/{}", i.number);
    let mut v = json!({
        "id": 5000 + i.number, "node_id": format!("I_{}", i.number), "url": url,
        "repository_url": format!("{base}/repos/acme/docs"),
        "labels_url": format!("{url}/labels{{/name}}"), "comments_url": format!("{url}/comments"),
        "events_url": format!("{url}/events"), "html_url": format!("{base}/acme/docs/issues/{}", i.number),
        "number": i.number, "state": i.state, "state_reason": i.state_reason, "title": i.title,
        "body": i.body, "user": user("github-actions", base),
        "labels": i.labels.iter().map(|l| label_json(l, base)).collect::<Vec<_>>(),
        "assignee": i.assignees.first().map(|a| user(a, base)),
        "assignees": i.assignees.iter().map(|a| user(a, base)).collect::<Vec<_>>(),
        "milestone": null, "locked": false, "active_lock_reason": null, "comments": 0,
        "author_association": "NONE", "closed_at": null, "closed_by": null,
        "created_at": format!("2026-11-{:02}T10:00:00Z", 1 + i.number % 28),
        "updated_at": "2026-11-29T10:00:00Z"
    });
    if i.pull_request {
        v["pull_request"] = json!({
            "url": format!("{base}/repos/acme/docs/pulls/{}", i.number),
            "html_url": format!("{base}/acme/docs/pull/{}", i.number),
            "diff_url": format!("{base}/acme/docs/pull/{}.diff", i.number),
            "patch_url": format!("{base}/acme/docs/pull/{}.patch", i.number)
        });
    }
    v
}

fn comment_json(id: usize, number: u64, body: &str, base: &str) -> Value {
    json!({
        "id": id, "node_id": format!("IC_{id}"),
        "url": format!("{base}/repos/acme/docs/issues/comments/{id}"),
        "html_url": format!("{base}/acme/docs/issues/{number}#issuecomment-{id}"),
        "issue_url": format!("{base}/repos/acme/docs/issues/{number}"),
        "body": body, "user": user("github-actions", base), "author_association": "NONE",
        "created_at": "2026-11-29T10:00:00Z", "updated_at": "2026-11-29T10:00:00Z"
    })
}

fn reply(status: u16, body: Value) -> Response {
    let mut r = (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response();
    r.headers_mut()
        .insert("x-ratelimit-remaining", HeaderValue::from_static("4999"));
    r
}

fn empty(status: u16) -> Response {
    StatusCode::from_u16(status).unwrap().into_response()
}

fn not_found() -> Response {
    reply(
        404,
        json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}),
    )
}

fn query_param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| {
        kv.split_once('=')
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v)
    })
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn handle(
    axum::extract::State(state): axum::extract::State<Arc<Mutex<State>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let response = respond(&state, &method, &uri, &headers, &body);
    let delay = std::mem::take(&mut state.lock().unwrap().delay_next_reply);
    if delay {
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    }
    response
}

fn respond(
    state: &Mutex<State>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let mut s = state.lock().unwrap();
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let authorized = auth == format!("Bearer {}", s.token) || auth == format!("token {}", s.token);
    let path = uri.path().to_owned();
    let query = uri.query().unwrap_or_default().to_owned();
    let text = String::from_utf8_lossy(body).into_owned();
    s.requests.push(Request {
        method: method.to_string(),
        path: path.clone(),
        query: query.clone(),
        body: text.clone(),
        authorized,
    });
    if !authorized {
        return reply(
            401,
            json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}),
        );
    }
    let base = s.base.clone();
    let input: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let seg: Vec<String> = path.trim_matches('/').split('/').map(decode).collect();
    let seg: Vec<&str> = seg.iter().map(String::as_str).collect();
    match (method.as_str(), seg.as_slice()) {
        ("GET", ["orgs", org]) => {
            if s.orgs.contains(*org) {
                reply(
                    200,
                    json!({"login": org, "id": 1, "node_id": "O_1", "url": format!("{base}/orgs/{org}")}),
                )
            } else {
                not_found()
            }
        }
        ("GET", ["orgs", org, "members", login]) if s.members_redirect.is_some() => {
            let mut r = empty(302);
            let to = format!("{base}/orgs/{org}/public_members/{login}");
            r.headers_mut()
                .insert("location", HeaderValue::from_str(&to).unwrap());
            r
        }
        ("GET", ["orgs", _, "public_members", login]) => {
            if s.members_redirect
                .as_ref()
                .is_some_and(|p| p.contains(*login))
            {
                empty(204)
            } else {
                not_found()
            }
        }
        ("GET", ["orgs", org, "members", login]) => {
            if s.orgs.contains(*org) && s.members.contains(&login.to_lowercase()) {
                empty(204)
            } else {
                not_found()
            }
        }
        ("GET", ["orgs", org, "teams", slug]) => {
            if s.teams.contains(&((*org).to_owned(), (*slug).to_owned())) {
                reply(
                    200,
                    json!({"id": 9, "node_id": "T_9", "slug": slug, "name": slug}),
                )
            } else {
                not_found()
            }
        }
        ("GET", ["repos", "acme", "docs", "assignees", login]) => {
            if s.members.contains(&login.to_lowercase()) || s.falsely_assignable.contains(*login) {
                empty(204)
            } else {
                not_found()
            }
        }
        ("GET", ["repos", "acme", "docs", "labels", name]) => {
            if s.labels.iter().any(|l| l == name) {
                reply(200, label_json(name, &base))
            } else {
                not_found()
            }
        }
        ("POST", ["repos", "acme", "docs", "labels"]) => {
            let name = input["name"].as_str().unwrap_or_default().to_owned();
            if s.labels.contains(&name) {
                return reply(422, json!({"message": "Validation Failed"}));
            }
            s.labels.push(name.clone());
            reply(201, label_json(&name, &base))
        }
        ("GET", ["repos", "acme", "docs", "issues"]) => {
            if s.primary_limited_lists > 0 {
                s.primary_limited_lists -= 1;
                let reset = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs();
                let mut r = reply(
                    403,
                    json!({"message": "API rate limit exceeded for installation."}),
                );
                r.headers_mut()
                    .insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
                r.headers_mut().insert(
                    "x-ratelimit-reset",
                    HeaderValue::from_str(&reset.to_string()).unwrap(),
                );
                return r;
            }
            list(&s, &query, &base)
        }
        ("POST", ["repos", "acme", "docs", "issues"]) => {
            if s.rate_limited_creates > 0 {
                s.rate_limited_creates -= 1;
                let mut r = reply(
                    403,
                    json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}),
                );
                r.headers_mut().insert(
                    "retry-after",
                    HeaderValue::from_str(&s.retry_after.to_string()).unwrap(),
                );
                return r;
            }
            let assignees: Vec<String> = input["assignees"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            if assignees
                .iter()
                .any(|a| !s.members.contains(&a.to_lowercase()))
            {
                return reply(
                    422,
                    json!({"message": "Validation Failed", "errors": [{"field": "assignees", "code": "invalid"}]}),
                );
            }
            let labels: Vec<String> = input["labels"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let number = s.issues.len() as u64 + 1;
            let issue = Issue {
                number,
                title: input["title"].as_str().unwrap_or_default().to_owned(),
                body: input["body"].as_str().unwrap_or_default().to_owned(),
                state: "open".to_owned(),
                state_reason: None,
                labels,
                assignees,
                pull_request: false,
            };
            let json = issue_json(&issue, &base);
            s.issues.push(issue);
            if s.creates_then_hang > 0 {
                s.creates_then_hang -= 1;
                s.delay_next_reply = true;
            }
            if s.creates_then_502 > 0 {
                s.creates_then_502 -= 1;
                return reply(502, json!({"message": "Server Error"}));
            }
            reply(201, json)
        }
        ("PATCH", ["repos", "acme", "docs", "issues", n]) => {
            let Some(issue) = n
                .parse::<u64>()
                .ok()
                .and_then(|n| s.issues.iter_mut().find(|i| i.number == n))
            else {
                return not_found();
            };
            for key in ["title", "body", "state"] {
                if let Some(v) = input[key].as_str() {
                    let v = v.to_owned();
                    match key {
                        "title" => issue.title = v,
                        "body" => issue.body = v,
                        _ => {
                            issue.state_reason = if v == "open" {
                                Some("reopened".into())
                            } else {
                                None
                            };
                            issue.state = v;
                        }
                    }
                }
            }
            if let Some(r) = input["state_reason"].as_str() {
                issue.state_reason = Some(r.to_owned());
            }
            let json = issue_json(issue, &base);
            reply(200, json)
        }
        ("GET", ["repos", "acme", "docs", "issues", n, "comments"]) => {
            let n: u64 = n.parse().unwrap_or(0);
            let list: Vec<Value> = s
                .comments
                .iter()
                .enumerate()
                .filter(|(_, (num, _))| *num == n)
                .map(|(i, (num, b))| comment_json(i + 1, *num, b, &base))
                .collect();
            reply(200, Value::Array(list))
        }
        ("POST", ["repos", "acme", "docs", "issues", n, "comments"]) => {
            let n: u64 = n.parse().unwrap_or(0);
            if !s.issues.iter().any(|i| i.number == n) {
                return not_found();
            }
            let body = input["body"].as_str().unwrap_or_default().to_owned();
            s.comments.push((n, body.clone()));
            let id = s.comments.len();
            reply(201, comment_json(id, n, &body, &base))
        }
        _ => not_found(),
    }
}

fn list(s: &State, query: &str, base: &str) -> Response {
    let state = query_param(query, "state").unwrap_or("open");
    let labels: Vec<String> = query_param(query, "labels")
        .map(|l| decode(l).split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let per_page: usize = query_param(query, "per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(30)
        .min(100);
    let page: usize = query_param(query, "page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let matching: Vec<&Issue> = s
        .issues
        .iter()
        .filter(|i| state == "all" || i.state == state)
        .filter(|i| labels.iter().all(|l| i.labels.contains(l)))
        .collect();
    let pages = matching.len().div_ceil(per_page).max(1);
    let items: Vec<Value> = matching
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|i| issue_json(i, base))
        .collect();
    let mut r = reply(200, Value::Array(items));
    let without_page: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.starts_with("page="))
        .collect();
    let link = |p: usize, rel: &str| {
        format!(
            "<{base}/repos/acme/docs/issues?{}&page={p}>; rel=\"{rel}\"",
            without_page.join("&")
        )
    };
    let mut links = Vec::new();
    if page < pages {
        links.push(link(page + 1, "next"));
        links.push(link(pages, "last"));
    }
    if page > 1 {
        links.push(link(1, "first"));
        links.push(link(page - 1, "prev"));
    }
    if !links.is_empty() {
        r.headers_mut()
            .insert("link", HeaderValue::from_str(&links.join(", ")).unwrap());
    }
    r
}
