//! Link checking (WB501–WB503) against HTTP servers started here on 127.0.0.1.
//! Every server counts the requests it gets, so the tests assert how many were made.
//! Nothing here needs the internet: `.invalid` names never resolve (RFC 6761), and
//! link-local addresses are refused before any request.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

// ---------------------------------------------------------------- the server

#[derive(Default)]
struct Counts {
    /// path → (HEAD, GET, other)
    by_path: HashMap<String, (usize, usize, usize)>,
    /// Requests that carried credentials or another client's name.
    authorization: usize,
    user_agents: Vec<String>,
    in_flight: usize,
    /// Most requests in progress at once.
    peak: usize,
    /// When the last request arrived.
    last: Option<Instant>,
}

#[derive(Clone)]
struct Server {
    addr: SocketAddr,
    counts: Arc<Mutex<Counts>>,
}

impl Server {
    fn start() -> Self {
        let counts = Arc::new(Mutex::new(Counts::default()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let state = counts.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new().fallback(handle).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        Self { addr, counts }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// (HEAD, GET) requests made to `path`.
    fn count(&self, path: &str) -> (usize, usize) {
        let c = self.counts.lock().unwrap();
        c.by_path.get(path).map_or((0, 0), |&(h, g, _)| (h, g))
    }

    fn total(&self, path: &str) -> usize {
        let (h, g) = self.count(path);
        h + g
    }

    fn all_requests(&self) -> usize {
        let c = self.counts.lock().unwrap();
        c.by_path.values().map(|&(h, g, o)| h + g + o).sum()
    }
}

fn redirect(status: StatusCode, to: &str) -> Response {
    let mut h = HeaderMap::new();
    h.insert("location", to.parse().unwrap());
    (status, h).into_response()
}

async fn handle(
    State(counts): State<Arc<Mutex<Counts>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    let n = {
        let mut c = counts.lock().unwrap();
        c.authorization += usize::from(headers.contains_key("authorization"));
        let ua = headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if !c.user_agents.contains(&ua) {
            c.user_agents.push(ua);
        }
        c.in_flight += 1;
        c.peak = c.peak.max(c.in_flight);
        c.last = Some(Instant::now());
        let e = c.by_path.entry(path.clone()).or_default();
        match method {
            Method::HEAD => e.0 += 1,
            Method::GET => e.1 += 1,
            _ => e.2 += 1,
        }
        e.0 + e.1 + e.2
    };
    let response = respond(&path, &method, n).await;
    counts.lock().unwrap().in_flight -= 1;
    response
}

async fn respond(path: &str, method: &Method, n: usize) -> Response {
    if path.starts_with("/page/") {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if path.starts_with("/once-429/") && n == 1 {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "1".parse().unwrap());
        return (StatusCode::TOO_MANY_REQUESTS, h).into_response();
    }
    if path.starts_with("/slow-600/") {
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    match path {
        "/404" => StatusCode::NOT_FOUND.into_response(),
        "/410" => StatusCode::GONE.into_response(),
        "/500-then-200" if n == 1 => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        "/503-twice" if n <= 2 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        "/always-503" => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        "/429-then-200" if n == 1 => {
            let mut h = HeaderMap::new();
            h.insert("retry-after", "1".parse().unwrap());
            (StatusCode::TOO_MANY_REQUESTS, h).into_response()
        }
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            StatusCode::OK.into_response()
        }
        "/301" => redirect(StatusCode::MOVED_PERMANENTLY, "/moved-here"),
        "/308-chain" => redirect(StatusCode::PERMANENT_REDIRECT, "/301"),
        "/302" => redirect(StatusCode::FOUND, "/ok"),
        "/301-to-404" => redirect(StatusCode::MOVED_PERMANENTLY, "/404"),
        "/loop-a" => redirect(StatusCode::FOUND, "/loop-b"),
        "/loop-b" => redirect(StatusCode::FOUND, "/loop-a"),
        "/to-metadata" => redirect(
            StatusCode::FOUND,
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        ),
        "/head-405" if *method == Method::HEAD => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        "/head-404" if *method == Method::HEAD => StatusCode::NOT_FOUND.into_response(),
        "/login" => StatusCode::UNAUTHORIZED.into_response(),
        "/forbidden" => StatusCode::FORBIDDEN.into_response(),
        _ => (StatusCode::OK, "hello").into_response(),
    }
}

/// A port that refuses connections: bound, then closed.
fn refused_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

// ---------------------------------------------------------------- the CLI

fn doc(id: &str, login_url: Option<&str>, links: &[String], purpose: &str) -> String {
    let links = links
        .iter()
        .map(|l| format!("      - {l}\n"))
        .collect::<String>();
    let login = login_url
        .map(|u| format!("    access:\n      login_url: {u}\n"))
        .unwrap_or_default();
    format!(
        "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata:\n  id: {id}\n  title: Test {id}\nspec:\n  primary:\n    app: App\n    purpose: \"{purpose}\"\n{login}    links:\n{links}"
    )
}

const FAST: &str = "[links]\ntimeout = \"1s\"\nretries = 2\n";

struct Outcome {
    findings: Vec<Value>,
    stderr: String,
    code: i32,
    elapsed: Duration,
}

impl Outcome {
    fn links(&self) -> Vec<(String, String, u64, u64, String)> {
        self.findings
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("WB5"))
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["help"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    fn rules(&self) -> Vec<String> {
        self.links().into_iter().map(|l| l.0).collect()
    }
}

/// The test documents are minimal: every offline rule is turned off so that findings
/// and exit codes are the link checker's alone.
fn offline_rules_off() -> String {
    let mut t = String::from("[rules]\n");
    for rule in wirebook::rules::RULES {
        if !rule.meta().id.starts_with("WB5") {
            t.push_str(&format!("{} = \"off\"\n", rule.meta().id));
        }
    }
    t
}

fn check_in(dir: &Path, config: &str, docs: &[String], extra: &[&str]) -> Outcome {
    std::fs::write(
        dir.join("wirebook.toml"),
        format!("{}{config}", offline_rules_off()),
    )
    .unwrap();
    for (i, d) in docs.iter().enumerate() {
        std::fs::write(dir.join(format!("doc{i}.yaml")), d).unwrap();
    }
    let started = Instant::now();
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .args(["check", "--format", "json", "--today", "2026-11-29"])
        .args(extra)
        .arg(".")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "JSON output ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Outcome {
        findings: json["findings"].as_array().unwrap().clone(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap(),
        elapsed,
    }
}

fn check(config: &str, docs: &[String]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    check_in(dir.path(), config, docs, &[])
}

fn one(server: &Server, path: &str) -> Outcome {
    check(FAST, &[doc("one", None, &[server.url(path)], "x")])
}

// ---------------------------------------------------------------- the cases

#[test]
fn ok_is_one_head_and_no_finding() {
    let s = Server::start();
    let o = one(&s, "/ok");
    assert_eq!(o.rules(), Vec::<String>::new());
    assert_eq!(s.count("/ok"), (1, 0), "one HEAD, nothing else");
    assert!(
        o.stderr
            .contains("links: 1 found, 1 unique, 1 checked, 0 cached"),
        "{}",
        o.stderr
    );
    assert_eq!(
        o.stderr.lines().count(),
        1,
        "no progress bar off a terminal: {:?}",
        o.stderr
    );
    let agents = s.counts.lock().unwrap().user_agents.clone();
    assert_eq!(agents, [format!("wirebook/{}", env!("CARGO_PKG_VERSION"))]);
}

#[test]
fn not_found_and_gone_are_broken_at_the_url() {
    let s = Server::start();
    let d = doc("gone", None, &[s.url("/404"), s.url("/410")], "x");
    let o = check(FAST, std::slice::from_ref(&d));
    let links = o.links();
    assert_eq!(o.rules(), ["WB501", "WB501"]);
    assert!(links[0].1.contains("HTTP 404 Not Found"), "{links:?}");
    assert!(links[1].1.contains("HTTP 410 Gone"), "{links:?}");
    // Exactly at the URL: line and column of its first character.
    let line = d.lines().position(|l| l.contains("/404")).unwrap() + 1;
    let col = d.lines().nth(line - 1).unwrap().find("http").unwrap() + 1;
    assert_eq!((links[0].2, links[0].3), (line as u64, col as u64));
    assert_eq!(o.code, 1);
    // HEAD said 404, so GET was asked too (servers often refuse HEAD): 2 each, no retry.
    assert_eq!(s.count("/404"), (1, 1));
    assert_eq!(s.count("/410"), (1, 1));
}

#[test]
fn a_500_then_200_is_retried_without_finding() {
    let s = Server::start();
    let o = one(&s, "/500-then-200");
    assert_eq!(o.rules(), Vec::<String>::new());
    assert_eq!(s.total("/500-then-200"), 2);
}

#[test]
fn a_503_is_retried_with_backoff_then_succeeds() {
    let s = Server::start();
    let o = one(&s, "/503-twice");
    assert_eq!(o.rules(), Vec::<String>::new());
    assert_eq!(s.count("/503-twice"), (3, 0), "503 is not a HEAD refusal");
}

#[test]
fn always_503_is_broken_after_the_retries() {
    let s = Server::start();
    let o = one(&s, "/always-503");
    let links = o.links();
    assert_eq!(o.rules(), ["WB501"]);
    assert!(links[0].1.contains("HTTP 503"), "{links:?}");
    assert_eq!(s.total("/always-503"), 3, "1 + retries (2)");
}

#[test]
fn retry_after_is_honoured_then_ok() {
    let s = Server::start();
    let o = one(&s, "/429-then-200");
    assert_eq!(o.rules(), Vec::<String>::new());
    assert_eq!(s.total("/429-then-200"), 2);
    assert!(
        o.elapsed >= Duration::from_secs(1),
        "waited: {:?}",
        o.elapsed
    );
}

#[test]
fn slow_beyond_the_timeout_is_a_timeout_after_retries() {
    let s = Server::start();
    let o = check(
        "[links]\ntimeout = \"300ms\"\nretries = 1\n",
        &[doc("slow", None, &[s.url("/slow")], "x")],
    );
    let links = o.links();
    assert_eq!(o.rules(), ["WB502"], "{}", o.stderr);
    assert!(
        links[0].1.contains("within 300ms (2 attempts)"),
        "{links:?}"
    );
    assert_eq!(s.total("/slow"), 2);
    assert_eq!(o.code, 0, "WB502 is a warning");
    assert!(o.elapsed < Duration::from_secs(10));
}

#[test]
fn permanent_redirects_name_the_new_location() {
    let s = Server::start();
    let d = doc("moved", None, &[s.url("/301"), s.url("/308-chain")], "x");
    let o = check(FAST, &[d]);
    let links = o.links();
    assert_eq!(o.rules(), ["WB503", "WB503"]);
    let new = s.url("/moved-here");
    assert!(
        links[0].1.contains("(301)") && links[0].4.contains(&new),
        "{links:?}"
    );
    // A chain of permanent redirects names the end of the chain.
    assert!(
        links[1].1.contains("(308)") && links[1].4.contains(&new),
        "{links:?}"
    );
    assert_eq!(o.code, 0, "WB503 is info");
}

#[test]
fn temporary_redirect_is_fine_but_a_redirect_to_a_404_is_not() {
    let s = Server::start();
    let d = doc("temp", None, &[s.url("/302"), s.url("/301-to-404")], "x");
    let o = check(FAST, &[d]);
    let links = o.links();
    assert_eq!(o.rules(), ["WB501"], "{links:?}");
    assert!(links[0].1.contains("404") && links[0].1.contains("/301-to-404"));
    assert_eq!(s.count("/302"), (1, 0));
    assert_eq!(s.count("/ok"), (1, 0));
}

#[test]
fn redirect_loop_is_broken() {
    let s = Server::start();
    let o = one(&s, "/loop-a");
    let links = o.links();
    assert_eq!(o.rules(), ["WB501"]);
    assert!(links[0].1.contains("redirect loop"), "{links:?}");
    assert_eq!(s.total("/loop-a"), 1);
    assert_eq!(s.total("/loop-b"), 1);
}

#[test]
fn head_405_falls_back_to_get() {
    let s = Server::start();
    let d = doc(
        "head",
        None,
        &[
            s.url("/head-405"),
            s.url("/head-404"),
            s.url("/head-405?again"),
        ],
        "x",
    );
    // One at a time, so the order is known.
    let o = check(&format!("{FAST}per_host = 1\n"), &[d]);
    assert_eq!(o.rules(), Vec::<String>::new());
    // The host said 405 once; afterwards it gets GET directly.
    assert_eq!(s.count("/head-405"), (1, 2));
    assert_eq!(s.count("/head-404"), (0, 1));
}

#[test]
fn refused_connection_and_invalid_host_are_broken() {
    let port = refused_port();
    let d = doc(
        "down",
        None,
        &[
            format!("http://127.0.0.1:{port}/"),
            "https://nothing-here.invalid/docs".to_owned(),
        ],
        "x",
    );
    let o = check(FAST, &[d]);
    let links = o.links();
    assert_eq!(o.rules(), ["WB501", "WB501"], "{links:?}");
    assert!(links[0].1.contains("connection refused"), "{links:?}");
    assert!(links[1].1.contains("DNS"), "{links:?}");
    assert!(
        o.elapsed < Duration::from_secs(10),
        "no retries: {:?}",
        o.elapsed
    );
}

#[test]
fn link_local_is_never_requested_even_after_a_redirect() {
    let s = Server::start();
    let d = doc(
        "meta",
        None,
        &[
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            s.url("/to-metadata"),
        ],
        "x",
    );
    let o = check(FAST, &[d]);
    let links = o.links();
    assert_eq!(o.rules(), ["WB501", "WB501"]);
    for l in &links {
        assert!(l.1.contains("link-local address refused"), "{links:?}");
    }
    // One request in all: the redirecting page. The metadata address got none.
    assert_eq!(s.all_requests(), 1);
    assert!(o.stderr.contains("(1 requests"), "{}", o.stderr);
}

#[test]
fn shared_url_is_requested_once_and_reported_everywhere() {
    let s = Server::start();
    let bad = s.url("/404");
    let docs: Vec<String> = (0..12)
        .map(|i| {
            doc(
                &format!("doc-{i}"),
                None,
                &[bad.clone(), s.url("/ok")],
                &format!("see {bad} and {}#part", s.url("/ok")),
            )
        })
        .collect();
    let o = check(FAST, &docs);
    assert_eq!(o.rules().len(), 24, "two places per document");
    let files: std::collections::BTreeSet<_> = o
        .findings
        .iter()
        .filter(|f| f["rule"] == "WB501")
        .map(|f| f["file"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(files.len(), 12);
    assert_eq!(s.count("/404"), (1, 1), "HEAD + GET once for 24 places");
    assert_eq!(s.count("/ok"), (1, 0), "fragment ignored: one URL");
    assert!(
        o.stderr.contains("links: 48 found, 2 unique"),
        "{}",
        o.stderr
    );
}

#[test]
fn login_url_accepts_401_and_403_but_links_do_not() {
    let s = Server::start();
    let d = doc("login", Some(&s.url("/login")), &[s.url("/forbidden")], "x");
    let o = check(FAST, &[d]);
    let links = o.links();
    assert_eq!(o.rules(), ["WB501"], "{links:?}");
    assert!(links[0].1.contains("403"));
}

#[test]
fn offline_makes_no_request() {
    let s = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let d = doc(
        "off",
        Some(&s.url("/login")),
        &[s.url("/404"), s.url("/ok")],
        "x",
    );
    let o = check_in(dir.path(), FAST, &[d], &["--offline"]);
    assert_eq!(o.rules(), Vec::<String>::new());
    assert_eq!(s.all_requests(), 0);
    assert!(!o.stderr.contains("links:"));
    assert!(!dir.path().join(".wirebook-cache.json").exists());
}

#[test]
fn cache_reuses_successes_and_rechecks_failures() {
    let s = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let config = format!("{FAST}cache = \"cache/links.json\"\n");
    let d = doc(
        "cached",
        None,
        &[s.url("/ok"), s.url("/404"), s.url("/301")],
        "x",
    );
    let first = check_in(dir.path(), &config, std::slice::from_ref(&d), &[]);
    assert_eq!(first.rules(), ["WB501", "WB503"]);
    let text = std::fs::read_to_string(dir.path().join("cache/links.json")).unwrap();
    assert!(
        text.contains("/ok") && text.contains("/301") && !text.contains("/404"),
        "{text}"
    );
    let before = (s.total("/ok"), s.total("/404"), s.total("/301"));
    let second = check_in(dir.path(), &config, std::slice::from_ref(&d), &[]);
    assert_eq!(
        second.rules(),
        ["WB501", "WB503"],
        "same findings from the cache"
    );
    assert_eq!(s.total("/ok"), before.0, "success reused");
    assert_eq!(s.total("/301"), before.2, "redirect reused");
    assert_eq!(s.total("/404"), before.1 + 2, "failure checked again");
    assert!(
        second.stderr.contains("1 checked, 2 cached"),
        "{}",
        second.stderr
    );

    // Expired entries are checked again.
    let old = format!("{FAST}cache = \"cache/links.json\"\ncache_max_age = \"0s\"\n");
    std::thread::sleep(Duration::from_millis(1100));
    check_in(dir.path(), &old, std::slice::from_ref(&d), &[]);
    assert_eq!(s.total("/ok"), before.0 + 1);

    // A corrupt cache is ignored with a warning.
    std::fs::write(dir.path().join("cache/links.json"), "{ nope").unwrap();
    let fourth = check_in(dir.path(), &config, &[d], &[]);
    assert!(fourth.stderr.contains("corrupt"), "{}", fourth.stderr);
    assert_eq!(fourth.rules(), ["WB501", "WB503"]);
}

#[test]
fn excluded_urls_and_screenshots_are_not_requested() {
    let s = Server::start();
    let d = format!(
        "{}    screenshot: {}\n",
        doc("ex", None, &[s.url("/404"), s.url("/ok")], "x"),
        s.url("/img.png")
    );
    let config = format!("{FAST}exclude = [\"/40[0-9]$\"]\n");
    let o = check(&config, &[d]);
    assert_eq!(o.rules(), Vec::<String>::new());
    assert_eq!(s.total("/404"), 0);
    assert_eq!(s.total("/img.png"), 0);
    assert!(o.stderr.contains("1 excluded"), "{}", o.stderr);
}

#[test]
fn quiet_prints_no_summary_and_json_stays_clean() {
    let s = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let o = check_in(
        dir.path(),
        FAST,
        &[doc("q", None, &[s.url("/ok")], "x")],
        &["--quiet"],
    );
    assert_eq!(o.stderr, "");
}

// ---------------------------------------------------------------- the library

mod library {
    use super::*;
    use wirebook::config::Config;
    use wirebook::engine::{check_texts, Options};
    use wirebook::links::{check_run, Settings};

    fn run_lib(
        config: &str,
        docs: &[String],
        resolve: HashMap<String, Vec<IpAddr>>,
    ) -> wirebook::links::Report {
        run_with(config, docs, resolve, |_| {})
    }

    fn run_with(
        config: &str,
        docs: &[String],
        resolve: HashMap<String, Vec<IpAddr>>,
        tweak: impl FnOnce(&mut Settings),
    ) -> wirebook::links::Report {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::from_toml(config, "wirebook.toml", dir.path().to_owned()).unwrap();
        let mut config = config;
        config.links.cache = dir.path().join("cache.json");
        let files: Vec<(String, String)> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("doc{i}.yaml"), d.clone()))
            .collect();
        let options = Options {
            today: wirebook::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        let run = check_texts(&files, &config, &options);
        let mut settings = Settings::for_config(&config.links);
        settings.backoff_base = Duration::from_millis(5);
        settings.resolve = resolve;
        tweak(&mut settings);
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(check_run(&run, &config, &settings)).unwrap()
    }

    #[test]
    fn a_name_resolving_to_link_local_is_refused_without_a_connection() {
        let s = Server::start();
        let port = s.addr.port();
        let mut resolve = HashMap::new();
        resolve.insert(
            "metadata.test".to_owned(),
            vec![
                "127.0.0.1".parse().unwrap(),
                "169.254.169.254".parse().unwrap(),
            ],
        );
        resolve.insert("fine.test".to_owned(), vec!["127.0.0.1".parse().unwrap()]);
        let d = doc(
            "dns",
            None,
            &[
                format!("http://metadata.test:{port}/secret"),
                format!("http://fine.test:{port}/ok"),
            ],
            "x",
        );
        let report = run_lib(FAST, &[d], resolve);
        let messages: Vec<_> = report
            .findings
            .iter()
            .map(|(_, _, f)| f.message.clone())
            .collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("link-local address refused"),
            "{messages:?}"
        );
        // The same server behind a safe name answered; the refused name reached nothing.
        assert_eq!(s.total("/ok"), 1);
        assert_eq!(s.total("/secret"), 0);
    }

    #[test]
    fn many_urls_on_one_host_respect_per_host_and_finish_in_one_pass() {
        let s = Server::start();
        let urls: Vec<String> = (0..40).map(|i| s.url(&format!("/page/{i}"))).collect();
        let report = run_lib(
            "[links]\ntimeout = \"2s\"\nper_host = 4\n",
            &[doc("many", None, &urls, "x")],
            HashMap::new(),
        );
        assert!(report.findings.is_empty());
        assert_eq!(report.stats.requests, 40);
        assert_eq!(report.stats.unique, 40);
        assert_eq!(s.all_requests(), 40);
        assert_eq!(
            s.counts.lock().unwrap().peak,
            4,
            "per_host is used and never exceeded"
        );
    }

    #[test]
    fn twenty_429s_with_retry_after_wait_per_url_not_per_run() {
        let s = Server::start();
        let urls: Vec<String> = (0..20).map(|i| s.url(&format!("/once-429/{i}"))).collect();
        let started = Instant::now();
        let report = run_lib(
            "[links]\ntimeout = \"2s\"\n",
            &[doc("rl", None, &urls, "x")],
            HashMap::new(),
        );
        let took = started.elapsed();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!(s.all_requests(), 40, "one 429 and one 200 each");
        assert!(
            took >= Duration::from_secs(1),
            "Retry-After honoured: {took:?}"
        );
        assert!(
            took < Duration::from_millis(2500),
            "not serialized per host: {took:?}"
        );
    }

    #[test]
    fn a_long_retry_after_is_capped_with_a_warning() {
        let s = Server::start();
        let started = Instant::now();
        let report = run_with(
            FAST,
            &[doc("cap", None, &[s.url("/once-429/x")], "x")],
            HashMap::new(),
            |settings| settings.retry_after_cap = Duration::from_millis(200),
        );
        assert!(report.findings.is_empty());
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        assert!(
            report.warnings[0].contains("asked to wait 1s"),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn tls_failure_is_broken() {
        let s = Server::start();
        let url = format!("https://{}/ok", s.addr);
        let report = run_lib(FAST, &[doc("tls", None, &[url], "x")], HashMap::new());
        let messages: Vec<_> = report
            .findings
            .iter()
            .map(|(_, _, f)| (f.rule.id, f.message.clone()))
            .collect();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].0, "WB501");
        assert!(messages[0].1.contains("TLS error"), "{messages:?}");
    }

    #[test]
    fn a_slow_host_does_not_hold_up_another() {
        let slow = Server::start();
        let fast = Server::start();
        let mut urls: Vec<String> = (0..6)
            .map(|i| slow.url(&format!("/slow-600/{i}")))
            .collect();
        urls.extend((0..20).map(|i| fast.url(&format!("/fast/{i}"))));
        let started = Instant::now();
        let report = run_lib(
            "[links]\ntimeout = \"3s\"\nmax_concurrency = 4\nper_host = 2\n",
            &[doc("mixed", None, &urls, "x")],
            HashMap::new(),
        );
        assert!(report.findings.is_empty());
        let fast_done = fast.counts.lock().unwrap().last.unwrap() - started;
        let slow_done = slow.counts.lock().unwrap().last.unwrap() - started;
        assert!(slow_done >= Duration::from_millis(1000), "{slow_done:?}");
        assert!(
            fast_done < Duration::from_millis(900),
            "fast host waited: {fast_done:?}"
        );
        assert_eq!(slow.counts.lock().unwrap().peak, 2);
    }

    #[test]
    fn userinfo_is_never_sent_and_401_then_counts_as_reachable() {
        let s = Server::start();
        let with_user = format!("http://admin:hunt****@{}/login", s.addr);
        let report = run_lib(
            FAST,
            &[doc("user", None, &[with_user], "x")],
            HashMap::new(),
        );
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!(s.count("/login"), (1, 0), "401 is not a HEAD refusal");
        assert_eq!(
            s.counts.lock().unwrap().authorization,
            0,
            "no credentials sent"
        );
    }
}
