//! The HTTP side: octocrab with the token, a deadline on every call, GitHub's rate
//! limits waited out within a bound, and errors that never carry the token.
//!
//! octocrab's own retry is off (`RetryConfig::None`): it re-sends a POST that GitHub
//! committed but answered 5xx, which makes duplicate issues. Here only idempotent
//! requests (GET, PATCH) are retried; a POST that fails without a clear answer is
//! reported as [`GhError::Ambiguous`] and the caller re-lists before any retry.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use octocrab::service::middleware::retry::RetryConfig;
use octocrab::Octocrab;
use serde_json::Value as Json;

/// How long rate limits may be waited out in one run, unless configured.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(300);
/// The deadline of one request (connect, send, answer and body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Attempts for an idempotent request that meets a 5xx, a timeout or a reset.
const ATTEMPTS: u32 = 3;

/// What went wrong talking to GitHub. Messages never contain the token.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GhError {
    #[error("GitHub rejected the token (HTTP 401: {0}); set GITHUB_TOKEN to a valid token")]
    Unauthorized(String),
    #[error("GitHub's rate limit: {0}")]
    RateLimited(String),
    /// No clear answer (5xx, timeout, connection reset): the request may or may not
    /// have taken effect.
    #[error("no clear answer from GitHub to {what}: {detail}")]
    Ambiguous { what: String, detail: String },
    #[error("GitHub answered {status} to {what}: {message}")]
    Status {
        status: u16,
        what: String,
        message: String,
    },
    #[error("unexpected answer from GitHub to {what}: {detail}")]
    Decode { what: String, detail: String },
}

impl GhError {
    /// Errors after which no further request makes sense.
    #[must_use]
    pub fn is_fatal(&self) -> bool {
        matches!(self, GhError::Unauthorized(_) | GhError::RateLimited(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }

    fn idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

/// A complete answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    /// The `rel="next"` URL of the `Link` header.
    pub next: Option<String>,
    /// The request was redirected (e.g. `members/{user}` to `public_members/{user}`).
    pub redirected: bool,
}

impl Reply {
    /// The body as JSON.
    ///
    /// # Errors
    /// A body that is not JSON.
    pub fn json(&self, what: &str) -> Result<Json, GhError> {
        serde_json::from_str(&self.body).map_err(|e| GhError::Decode {
            what: what.to_owned(),
            detail: e.to_string(),
        })
    }

    /// GitHub's `message` field, or the start of the body.
    #[must_use]
    pub fn message(&self) -> String {
        serde_json::from_str::<Json>(&self.body)
            .ok()
            .and_then(|j| j.get("message").and_then(Json::as_str).map(str::to_owned))
            .unwrap_or_else(|| self.body.chars().take(200).collect())
    }
}

/// How to reach GitHub.
#[derive(Debug, Clone)]
pub struct Settings {
    pub api_url: String,
    pub timeout: Duration,
    pub max_wait: Duration,
}

/// A GitHub client for one run.
pub struct Client {
    octo: Octocrab,
    token: String,
    timeout: Duration,
    max_wait: Duration,
    waited: Mutex<Duration>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

impl Client {
    /// Builds the client. Must run inside a tokio runtime.
    ///
    /// # Errors
    /// A malformed API URL.
    pub fn new(token: &str, settings: &Settings) -> Result<Self, String> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let octo = Octocrab::builder()
            .personal_token(token.to_owned())
            .add_retry_config(RetryConfig::None)
            .set_connect_timeout(Some(settings.timeout.min(Duration::from_secs(10))))
            .set_read_timeout(Some(settings.timeout))
            .set_write_timeout(Some(settings.timeout))
            .base_uri(settings.api_url.as_str())
            .map_err(|_| format!("GITHUB_API_URL `{}` is not a valid URL", settings.api_url))?
            .build()
            .map_err(|e| scrub(&format!("cannot set up the GitHub client: {e}"), token))?;
        Ok(Self {
            octo,
            token: token.to_owned(),
            timeout: settings.timeout,
            max_wait: settings.max_wait,
            waited: Mutex::new(Duration::ZERO),
        })
    }

    /// Removes the token from any text before it is shown.
    #[must_use]
    pub fn scrub(&self, text: &str) -> String {
        scrub(text, &self.token)
    }

    /// Sends one request. `uri` is a path below the API root or an absolute URL
    /// (pagination links). Rate limits are waited out within the bound; 5xx and
    /// timeouts are retried for GET and PATCH only. 2xx, 3xx and 4xx other than 401
    /// and rate limits come back as a [`Reply`] for the caller to judge.
    ///
    /// # Errors
    /// 401, a rate limit beyond the bound, or no clear answer.
    pub async fn send(
        &self,
        method: Method,
        uri: &str,
        body: Option<&Json>,
    ) -> Result<Reply, GhError> {
        let what = format!("{} {}", method.name(), strip_query(uri));
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = tokio::time::timeout(self.timeout, self.once(method, uri, body)).await;
            let detail = match outcome {
                Err(_) => format!("no answer within {}s", self.timeout.as_secs()),
                Ok(Err(e)) => self.scrub(&e),
                Ok(Ok((reply, limit))) => {
                    if reply.status == 401 {
                        return Err(GhError::Unauthorized(self.scrub(&reply.message())));
                    }
                    if let Some(wait) = limit {
                        self.wait(wait, &what).await?;
                        attempt -= 1;
                        continue;
                    }
                    if reply.status < 500 {
                        return Ok(reply);
                    }
                    format!("HTTP {}: {}", reply.status, self.scrub(&reply.message()))
                }
            };
            if !method.idempotent() || attempt >= ATTEMPTS {
                return Err(GhError::Ambiguous { what, detail });
            }
            tokio::time::sleep(Duration::from_millis(300 * 2u64.pow(attempt))).await;
        }
    }

    async fn wait(&self, wait: Duration, what: &str) -> Result<(), GhError> {
        // At least a second: a `retry-after: 0` must not spin.
        let wait = wait.max(Duration::from_secs(1));
        let total = {
            let mut waited = self.waited.lock().unwrap_or_else(|e| e.into_inner());
            let total = *waited + wait;
            if total <= self.max_wait {
                *waited = total;
            }
            total
        };
        if total > self.max_wait {
            return Err(GhError::RateLimited(format!(
                "{what} must wait {}s, beyond the bound of {}s for this run",
                wait.as_secs(),
                self.max_wait.as_secs()
            )));
        }
        eprintln!(
            "wirebook: GitHub rate limit reached; waiting {}s before retrying {what}",
            wait.as_secs().max(1)
        );
        tokio::time::sleep(wait).await;
        Ok(())
    }

    /// One exchange: the reply and, for a rate-limit answer, how long to wait.
    async fn once(
        &self,
        method: Method,
        uri: &str,
        body: Option<&Json>,
    ) -> Result<(Reply, Option<Duration>), String> {
        let res = match method {
            Method::Get => self.octo._get(uri).await,
            Method::Post => self.octo._post(uri, body).await,
            Method::Patch => self.octo._patch(uri, body).await,
        }
        .map_err(|e| e.to_string())?;
        let status = res.status().as_u16();
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let next = header("link").and_then(|l| next_link(&l));
        let redirected = res
            .extensions()
            .get::<tower_http::follow_redirect::RequestUri>()
            .is_some_and(|u| u.0.path() != path_of(uri) && !u.0.path().ends_with(path_of(uri)));
        let retry_after = header("retry-after");
        let remaining = header("x-ratelimit-remaining");
        let reset = header("x-ratelimit-reset");
        let text = self
            .octo
            .body_to_string(res)
            .await
            .map_err(|e| e.to_string())?;
        let reply = Reply {
            status,
            body: text,
            next,
            redirected,
        };
        let limit = rate_limit_wait(
            status,
            retry_after.as_deref(),
            remaining.as_deref(),
            reset.as_deref(),
            &reply.message(),
            SystemTime::now(),
        );
        Ok((reply, limit))
    }
}

/// How long GitHub asks us to wait, when the answer is a rate limit.
fn rate_limit_wait(
    status: u16,
    retry_after: Option<&str>,
    remaining: Option<&str>,
    reset: Option<&str>,
    message: &str,
    now: SystemTime,
) -> Option<Duration> {
    if status != 403 && status != 429 {
        return None;
    }
    if let Some(secs) = retry_after.and_then(|s| s.trim().parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    if remaining.map(str::trim) == Some("0") {
        let now = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let reset = reset
            .and_then(|r| r.trim().parse::<u64>().ok())
            .unwrap_or(now + 60);
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    if status == 429 || message.to_lowercase().contains("rate limit") {
        return Some(Duration::from_secs(60));
    }
    None
}

/// The `rel="next"` target of a `Link` header.
#[must_use]
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == "rel=\"next\"")
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned()
            })
    })
}

/// The path of a request URI, absolute or relative to the API root.
fn path_of(uri: &str) -> &str {
    let no_query = strip_query(uri);
    match no_query.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => no_query,
    }
}

fn strip_query(uri: &str) -> &str {
    uri.split('?').next().unwrap_or(uri)
}

/// Replaces every occurrence of the token (and of a `Bearer`/`token` header value).
#[must_use]
pub fn scrub(text: &str, token: &str) -> String {
    if token.len() < 4 {
        return text.to_owned();
    }
    text.replace(token, "***")
}

/// Percent-encodes one path segment or query value.
#[must_use]
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_encoding() {
        let h = "<https://api.github.com/x?page=2>; rel=\"next\", <https://api.github.com/x?page=5>; rel=\"last\"";
        assert_eq!(
            next_link(h).as_deref(),
            Some("https://api.github.com/x?page=2")
        );
        assert_eq!(next_link("<https://a/x?page=1>; rel=\"prev\""), None);
        assert_eq!(enc("needs docs"), "needs%20docs");
        assert_eq!(enc("wirebook"), "wirebook");
    }

    #[test]
    fn rate_limits_are_recognised() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        assert_eq!(
            rate_limit_wait(403, Some("7"), None, None, "", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            rate_limit_wait(403, None, Some("0"), Some("1030"), "", now),
            Some(Duration::from_secs(31))
        );
        assert_eq!(
            rate_limit_wait(429, None, None, None, "", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            rate_limit_wait(
                403,
                None,
                Some("4999"),
                None,
                "Resource not accessible",
                now
            ),
            None
        );
        assert_eq!(rate_limit_wait(200, Some("5"), None, None, "", now), None);
    }

    #[test]
    fn the_token_is_scrubbed() {
        assert_eq!(
            scrub("auth ghp_secret123 failed", "ghp_secret123"),
            "auth *** failed"
        );
    }
}
