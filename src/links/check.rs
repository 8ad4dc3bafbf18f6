//! One attempt at one URL: HEAD (GET when HEAD is refused), redirects followed by
//! hand so every hop passes the link-local guard, and the answer classified as
//! final or worth retrying.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use reqwest::Method;
use tokio::sync::Semaphore;
use url::{Host, Url};

use super::resolve::{is_link_local, DnsFailure, GuardedResolver, LinkLocalRefused};

/// Most redirects followed for one URL.
pub const MAX_REDIRECTS: usize = 10;

/// What a URL finally did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP answer (after any redirects).
    Status {
        status: u16,
        /// Where a leading run of 301/308 redirects points (the address to write instead).
        moved_to: Option<String>,
        /// Status of the first permanent redirect (301 or 308).
        moved_status: Option<u16>,
        /// The last URL asked, when redirects were followed.
        final_url: Option<String>,
    },
    /// No usable answer.
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Timed out after every retry (WB502).
    Timeout { attempts: u32 },
    /// Anything else (WB501), with the reason.
    Broken(String),
}

/// The result of one attempt.
#[derive(Debug)]
pub enum Attempt {
    Done(Outcome),
    /// Worth another try; `outcome` is what to report if none is left.
    Retry {
        outcome: Outcome,
        /// The server's `Retry-After`, already capped, with its host.
        retry_after: Option<(String, Duration)>,
        /// The server asked us to slow down (429): the host gets fewer slots.
        throttled_host: Option<String>,
    },
}

/// State shared by every check of a run.
pub struct Shared {
    pub client: reqwest::Client,
    pub timeout: Duration,
    pub per_host: usize,
    pub retry_after_cap: Duration,
    pub resolver: GuardedResolver,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    head_refused: Mutex<HashSet<String>>,
    /// HTTP requests sent (or attempted: a refused connection counts).
    pub requests: AtomicUsize,
    /// Warnings for the user (capped Retry-After…), printed once each.
    pub warnings: Mutex<Vec<String>>,
}

impl Shared {
    /// Builds the client.
    ///
    /// # Errors
    /// The TLS stack could not be set up.
    pub fn new(
        timeout: Duration,
        per_host: usize,
        retry_after_cap: Duration,
        resolver: GuardedResolver,
    ) -> Result<Self, reqwest::Error> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(concat!("wirebook/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .timeout(timeout)
            .no_proxy()
            .pool_max_idle_per_host(per_host)
            .dns_resolver(Arc::new(resolver.clone()))
            .build()?;
        Ok(Self {
            client,
            timeout,
            per_host,
            retry_after_cap,
            resolver,
            hosts: Mutex::new(HashMap::new()),
            head_refused: Mutex::new(HashSet::new()),
            requests: AtomicUsize::new(0),
            warnings: Mutex::new(Vec::new()),
        })
    }

    fn host_slots(&self, host: &str) -> Arc<Semaphore> {
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        hosts
            .entry(host.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }

    fn warn(&self, message: String) {
        let mut w = self
            .warnings
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !w.contains(&message) {
            w.push(message);
        }
    }

    fn refuses_head(&self, host: &str) -> bool {
        self.head_refused
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(host)
    }

    /// One request, holding one of the host's slots (a redirect may change host).
    async fn send(&self, method: Method, url: &Url) -> Result<reqwest::Response, reqwest::Error> {
        let slots = self.host_slots(&host_key(url));
        let _permit = slots.acquire_owned().await;
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.client.request(method, url.clone()).send().await
    }

    /// One attempt at `url`, following redirects. `use_get` skips HEAD.
    pub async fn attempt(&self, url: &Url, use_get: &mut bool, attempts: u32) -> Attempt {
        let mut current = url.clone();
        let mut visited: Vec<String> = vec![current.to_string()];
        let mut moved_to: Option<String> = None;
        let mut moved_status: Option<u16> = None;
        let mut still_permanent = true;
        for _hop in 0..=MAX_REDIRECTS {
            if let Some(reason) = refuse_before_request(&current) {
                return Attempt::Done(Outcome::Failed(Failure::Broken(reason)));
            }
            let host = host_key(&current);
            let head = !*use_get && !self.refuses_head(&host);
            let method = if head { Method::HEAD } else { Method::GET };
            let mut response = match self.send(method, &current).await {
                Ok(r) => r,
                Err(e) => return self.error_attempt(&e, attempts),
            };
            let mut status = response.status();
            if head && status.as_u16() >= 400 && !matches!(status.as_u16(), 401 | 429 | 503) {
                // Many servers refuse or mishandle HEAD (405, 501, but also 403,
                // 404, 500…): ask again with GET, whose answer counts, and remember
                // hosts that say so plainly. 401 asks for credentials, 429 and 503
                // mean "later": none of them is about HEAD.
                if matches!(status.as_u16(), 405 | 501) {
                    self.head_refused
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(host.clone());
                }
                *use_get = true;
                response = match self.send(Method::GET, &current).await {
                    Ok(r) => r,
                    Err(e) => return self.error_attempt(&e, attempts),
                };
                status = response.status();
            }
            let code = status.as_u16();
            let headers = response.headers().clone();
            drop(response);
            let final_url = (visited.len() > 1).then(|| current.to_string());
            if status.is_redirection() {
                if let Some(next) = location(&headers, &current) {
                    let permanent = matches!(code, 301 | 308);
                    if still_permanent && permanent {
                        moved_to = Some(next.to_string());
                        moved_status.get_or_insert(code);
                    } else {
                        still_permanent = false;
                    }
                    let key = next.to_string();
                    if visited.contains(&key) {
                        visited.push(key);
                        return Attempt::Done(Outcome::Failed(Failure::Broken(format!(
                            "redirect loop: {}",
                            visited.join(" → ")
                        ))));
                    }
                    visited.push(key);
                    current = next;
                    continue;
                }
            }
            let outcome = Outcome::Status {
                status: code,
                moved_to: moved_to.clone(),
                moved_status,
                final_url,
            };
            if code == 429 || status.is_server_error() {
                let retry_after = retry_after(&headers).map(|d| {
                    if d > self.retry_after_cap {
                        self.warn(format!(
                            "{host} asked to wait {}s (Retry-After); waiting {}s at most",
                            d.as_secs(),
                            self.retry_after_cap.as_secs()
                        ));
                        self.retry_after_cap
                    } else {
                        d
                    }
                });
                return Attempt::Retry {
                    outcome,
                    retry_after: retry_after.map(|d| (host.clone(), d)),
                    throttled_host: (code == 429).then_some(host),
                };
            }
            return Attempt::Done(outcome);
        }
        Attempt::Done(Outcome::Failed(Failure::Broken(format!(
            "more than {MAX_REDIRECTS} redirects: {} → …",
            visited[..3.min(visited.len())].join(" → ")
        ))))
    }

    fn error_attempt(&self, e: &reqwest::Error, attempts: u32) -> Attempt {
        let (reason, kind) = describe_error(e);
        match kind {
            ErrorKind::Timeout => Attempt::Retry {
                outcome: Outcome::Failed(Failure::Timeout {
                    attempts: attempts + 1,
                }),
                retry_after: None,
                throttled_host: None,
            },
            ErrorKind::Transient => Attempt::Retry {
                outcome: Outcome::Failed(Failure::Broken(reason)),
                retry_after: None,
                throttled_host: None,
            },
            ErrorKind::Final => Attempt::Done(Outcome::Failed(Failure::Broken(reason))),
        }
    }
}

/// The host (and port) a URL is counted under for the per-host limit.
#[must_use]
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// Reasons to make no request at all: a scheme other than http(s), no host, or a
/// link-local address written as an IP literal.
#[must_use]
pub fn refuse_before_request(url: &Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Some(format!("unsupported scheme `{}`", url.scheme()));
    }
    let ip: Option<IpAddr> = match url.host() {
        None => return Some("the URL has no host".to_owned()),
        Some(Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        Some(Host::Domain(_)) => None,
    };
    if ip.is_some_and(is_link_local) {
        return Some(format!(
            "link-local address refused ({}): 169.254.0.0/16 and fe80::/10 are never fetched",
            url.host_str().unwrap_or_default()
        ));
    }
    None
}

fn location(headers: &HeaderMap, base: &Url) -> Option<Url> {
    let value = headers.get(LOCATION)?.to_str().ok()?;
    let mut next = base.join(value.trim()).ok()?;
    next.set_fragment(None);
    Some(next)
}

/// `Retry-After` as seconds or an HTTP date.
#[must_use]
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    Timeout,
    Transient,
    Final,
}

/// A readable reason for a failed request and whether it is worth retrying.
fn describe_error(e: &reqwest::Error) -> (String, ErrorKind) {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut chain = Vec::new();
    while let Some(mut err) = source {
        // io::Error wraps errors (often an io::Error around an io::Error) and its
        // `source()` skips the wrapped error itself: unwrap those layers by hand.
        while let Some(inner) = err
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .filter(|i| {
                i.downcast_ref::<std::io::Error>().is_some()
                    || i.downcast_ref::<rustls::Error>().is_some()
            })
        {
            err = inner;
        }
        if let Some(ll) = err.downcast_ref::<LinkLocalRefused>() {
            return (
                format!("{ll}: 169.254.0.0/16 and fe80::/10 are never fetched"),
                ErrorKind::Final,
            );
        }
        if let Some(dns) = err.downcast_ref::<DnsFailure>() {
            return (dns.to_string(), ErrorKind::Final);
        }
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return (format!("TLS error: {tls}"), ErrorKind::Final);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return ("connection refused".to_owned(), ErrorKind::Final)
                }
                std::io::ErrorKind::TimedOut => {
                    return ("timed out".to_owned(), ErrorKind::Timeout)
                }
                std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::UnexpectedEof => {
                    return (format!("connection reset: {io}"), ErrorKind::Transient)
                }
                _ => {}
            }
        }
        let text = err.to_string();
        if chain.last() != Some(&text) {
            chain.push(text);
        }
        source = err.source();
    }
    if e.is_timeout() {
        return ("timed out".to_owned(), ErrorKind::Timeout);
    }
    let reason = chain.join(": ");
    let lower = reason.to_ascii_lowercase();
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return (format!("TLS error: {reason}"), ErrorKind::Final);
    }
    if e.is_connect() {
        return (format!("cannot connect: {reason}"), ErrorKind::Final);
    }
    // Closed or reset mid-answer: worth another try.
    (format!("connection error: {reason}"), ErrorKind::Transient)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        h.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let d = retry_after(&h).unwrap();
        assert!(
            d > Duration::from_secs(27) && d <= Duration::from_secs(30),
            "{d:?}"
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(30));
        h.insert(RETRY_AFTER, HeaderValue::from_str(&past).unwrap());
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn literal_link_local_and_odd_schemes_are_refused() {
        for u in [
            "http://169.254.169.254/latest/meta-data",
            "http://[fe80::1]/",
            "http://2852039166/",
        ] {
            let reason = refuse_before_request(&Url::parse(u).unwrap()).unwrap();
            assert!(
                reason.contains("link-local address refused"),
                "{u}: {reason}"
            );
        }
        assert!(refuse_before_request(&Url::parse("ftp://x.example/").unwrap()).is_some());
        assert!(refuse_before_request(&Url::parse("https://x.example/").unwrap()).is_none());
    }

    #[test]
    fn host_keys_include_ports() {
        assert_eq!(
            host_key(&Url::parse("http://127.0.0.1:8080/a").unwrap()),
            "127.0.0.1:8080"
        );
        assert_eq!(
            host_key(&Url::parse("https://Example.com/a").unwrap()),
            "example.com"
        );
    }
}
