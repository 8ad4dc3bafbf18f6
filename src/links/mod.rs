//! Link checking (WB501–WB503): every URL of every checked document is requested
//! once per run, and the answer is reported at every place the URL is written.
//!
//! - [`extract`] finds URLs and their exact spans,
//! - [`schedule`] decides what runs when (global and per-host limits, retries),
//! - [`check`] makes one attempt at one URL (HEAD, GET fallback, redirects),
//! - [`resolve`] refuses link-local addresses, also behind names and redirects,
//! - [`cache`] keeps recent successes between runs.
//!
//! URLs are read before secrets are masked ([`crate::engine::CheckedDoc::urls`]), so a
//! masked value is never requested; a URL that is itself a detected credential (a
//! webhook) is not checked. URL userinfo is never sent: a link check has no business
//! logging in. A URL with userinfo is checked without it,
//! and a 401 or 403 then counts as reachable (the server asked for the credentials the
//! URL carries), as for a `login_url`.

pub mod cache;
pub mod check;
pub mod extract;
pub mod resolve;
pub mod schedule;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;

use crate::config::{Config, LinksConfig};
use crate::document::Span;
use crate::engine::Run;
use crate::rules::{BrokenLink, Finding, LinkRedirected, LinkTimeout, RuleMeta};

pub use check::{Failure, Outcome};

/// How a run is carried out, beyond `[links]`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// First retry delay; doubles per retry, half of it jitter.
    pub backoff_base: Duration,
    /// Longest `Retry-After` honoured (longer ones are cut, with a warning).
    pub retry_after_cap: Duration,
    /// Draw a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
    /// Read and write the cache.
    pub use_cache: bool,
    /// Fixed addresses for names (tests); the link-local guard still applies.
    pub resolve: HashMap<String, Vec<IpAddr>>,
}

impl Settings {
    /// Defaults for a configuration: backoff starts at a 40th of the timeout
    /// (500 ms for the default 20 s, never under 10 ms or over 1 s).
    #[must_use]
    pub fn for_config(links: &LinksConfig) -> Self {
        Self {
            backoff_base: (links.timeout / 40)
                .clamp(Duration::from_millis(10), Duration::from_secs(1)),
            retry_after_cap: Duration::from_secs(60),
            progress: false,
            use_cache: true,
            resolve: HashMap::new(),
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// URL occurrences in the documents.
    pub found: usize,
    /// Distinct URLs among them (after removing fragments and userinfo).
    pub unique: usize,
    /// Distinct URLs skipped by `exclude`.
    pub excluded: usize,
    /// Distinct URLs requested in this run.
    pub checked: usize,
    /// Distinct URLs answered from the cache.
    pub cached: usize,
    /// Distinct URLs with a WB501 or WB502 finding.
    pub broken: usize,
    /// HTTP requests made (redirect hops, GET fallbacks and retries included).
    pub requests: usize,
    pub elapsed: Duration,
}

impl Stats {
    /// `links: 12 found, 9 unique, …` for stderr.
    #[must_use]
    pub fn line(&self) -> String {
        format!(
            "links: {} found, {} unique, {} checked, {} cached, {} excluded, {} broken ({} requests, {:.1}s)",
            self.found,
            self.unique,
            self.checked,
            self.cached,
            self.excluded,
            self.broken,
            self.requests,
            self.elapsed.as_secs_f64()
        )
    }
}

/// What a link check produced.
#[derive(Debug, Default)]
pub struct Report {
    /// `(file index, document index, finding)` for [`Run::extend`].
    pub findings: Vec<(usize, usize, Finding)>,
    pub stats: Stats,
    /// For stderr: capped waits, an unreadable cache…
    pub warnings: Vec<String>,
}

struct Place {
    file: usize,
    doc: usize,
    span: Span,
    login: bool,
    /// Where the URL's value is (the run may have released the tree).
    pointer: String,
}

struct Unique {
    url: Url,
    /// What to show: the URL as written, unless it carried userinfo.
    shown: String,
    places: Vec<Place>,
    /// Userinfo was removed before checking.
    had_userinfo: bool,
}

/// What one place gets from one outcome.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Ok,
    Moved { status: u16, to: String },
    Broken(String),
    Timeout(u32),
}

fn accepted(status: u16, accept: &[(u16, u16)]) -> bool {
    accept.iter().any(|&(lo, hi)| (lo..=hi).contains(&status))
}

fn verdict(outcome: &Outcome, auth_ok: bool, accept: &[(u16, u16)]) -> Verdict {
    match outcome {
        Outcome::Status {
            status,
            moved_to,
            moved_status,
            final_url,
        } => {
            if accepted(*status, accept) || (auth_ok && matches!(status, 401 | 403)) {
                match (moved_to, moved_status) {
                    (Some(to), Some(s)) => Verdict::Moved {
                        status: *s,
                        to: to.clone(),
                    },
                    _ => Verdict::Ok,
                }
            } else {
                let reason = reqwest::StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                let after = final_url
                    .as_ref()
                    .map(|u| format!(" (after redirects, at {u})"))
                    .unwrap_or_default();
                Verdict::Broken(format!("HTTP {status} {reason}{after}").replace("  ", " "))
            }
        }
        Outcome::Failed(Failure::Broken(reason)) => Verdict::Broken(reason.clone()),
        Outcome::Failed(Failure::Timeout { attempts }) => Verdict::Timeout(*attempts),
    }
}

fn finding(verdict: &Verdict, shown: &str, span: Span, timeout: Duration) -> Option<Finding> {
    let meta: &'static RuleMeta;
    let (message, help) = match verdict {
        Verdict::Ok => return None,
        Verdict::Moved { status, to } => {
            meta = &LinkRedirected::META;
            (
                format!("`{shown}` permanently redirects ({status}) to `{to}`"),
                format!("replace the link with `{to}`"),
            )
        }
        Verdict::Broken(reason) => {
            meta = &BrokenLink::META;
            (
                format!("`{shown}` is broken: {reason}"),
                "fix or remove the link; if the page moved, link to its new address (or add a pattern to [links] exclude)".to_owned(),
            )
        }
        Verdict::Timeout(attempts) => {
            meta = &LinkTimeout::META;
            (
                format!(
                    "`{shown}` did not answer within {} ({attempts} attempts)",
                    fmt_duration(timeout)
                ),
                "check the site by hand; raise [links] timeout if it is only slow".to_owned(),
            )
        }
    };
    Some(Finding::new(meta, span, message).help(help))
}

/// WB503's fix (SPEC section 8): the URL as written replaced by where it moved, keeping
/// its fragment. None for a URL with user-info or one written with escapes.
fn redirect_fix(span: Span, written: &str, to: &str) -> Option<crate::diagnostic::Fix> {
    let old = Url::parse(written).ok()?;
    if !old.username().is_empty() || old.password().is_some() || written.contains('*') {
        return None;
    }
    let mut new = Url::parse(to).ok()?;
    if new.fragment().is_none() {
        new.set_fragment(old.fragment());
    }
    let to = new.to_string();
    (to != written).then(|| crate::diagnostic::Fix {
        applicability: crate::diagnostic::Applicability::Unsafe,
        description: format!("replace the link with `{to}`"),
        changes: vec![crate::diagnostic::Change::ReplaceText {
            span,
            from: written.to_owned(),
            to,
        }],
    })
}

fn fmt_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

fn any_link_rule_on(config: &Config, path: &str) -> bool {
    [&BrokenLink::META, &LinkTimeout::META, &LinkRedirected::META]
        .iter()
        .any(|m| config.level(m.id, m.severity, Path::new(path)).is_some())
}

/// Collects the run's URLs, grouped by normalized URL; invalid ones become findings.
fn collect(run: &Run, config: &Config, report: &mut Report) -> Vec<Unique> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut uniques: Vec<Unique> = Vec::new();
    for (fi, file) in run.files.iter().enumerate() {
        if !any_link_rule_on(config, &file.path) {
            continue;
        }
        for doc in &file.documents {
            for occ in doc.urls.iter().cloned() {
                report.stats.found += 1;
                let mut url = match Url::parse(&occ.raw) {
                    Ok(u) => u,
                    Err(e) => {
                        let mut f = Finding::new(
                            &BrokenLink::META,
                            occ.span,
                            format!("`{}` is not a valid URL: {e}", occ.raw),
                        )
                        .help("correct the URL");
                        f.pointer = Some(occ.pointer.clone());
                        report.findings.push((fi, doc.index, f));
                        continue;
                    }
                };
                url.set_fragment(None);
                let had_userinfo = !url.username().is_empty() || url.password().is_some();
                let _ = url.set_username("");
                let _ = url.set_password(None);
                let key = url.to_string();
                let place = Place {
                    file: fi,
                    doc: doc.index,
                    span: occ.span,
                    login: occ.login,
                    pointer: occ.pointer,
                };
                if let Some(&i) = by_key.get(&key) {
                    uniques[i].places.push(place);
                } else {
                    by_key.insert(key.clone(), uniques.len());
                    uniques.push(Unique {
                        shown: if had_userinfo { key } else { occ.raw },
                        url,
                        places: vec![place],
                        had_userinfo,
                    });
                }
            }
        }
    }
    report.stats.unique = uniques.len();
    uniques
}

/// Checks every URL of `run` (blocking: builds its own tokio runtime).
///
/// # Errors
/// The runtime or the HTTP client could not be built.
pub fn check_blocking(run: &Run, config: &Config, settings: &Settings) -> Result<Report, String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the link checker: {e}"))?;
    let report = rt.block_on(check_run(run, config, settings));
    // A name lookup stuck in the system resolver (already timed out for us) must
    // not keep the process alive.
    rt.shutdown_timeout(Duration::from_secs(1));
    report
}

/// Checks every URL of `run`.
///
/// # Errors
/// The HTTP client could not be built.
pub async fn check_run(run: &Run, config: &Config, settings: &Settings) -> Result<Report, String> {
    let started = Instant::now();
    let links = &config.links;
    let mut report = Report::default();
    let uniques = collect(run, config, &mut report);

    let (mut cache, warning) = if settings.use_cache && !uniques.is_empty() {
        let (c, w) = cache::Cache::load(&links.cache, links.cache_max_age);
        (Some(c), w)
    } else {
        (None, None)
    };
    report.warnings.extend(warning);
    let now = cache::now_secs();

    let auth_ok = |u: &Unique, p: &Place| p.login || u.had_userinfo;
    let all_ok = |u: &Unique, o: &Outcome| {
        u.places.iter().all(|p| {
            matches!(
                verdict(o, auth_ok(u, p), &links.accept),
                Verdict::Ok | Verdict::Moved { .. }
            )
        })
    };

    let mut outcomes: Vec<Option<Outcome>> = vec![None; uniques.len()];
    let mut to_check = Vec::new();
    for (i, u) in uniques.iter().enumerate() {
        let key = u.url.as_str();
        if links
            .exclude
            .iter()
            .any(|re| re.is_match(&u.shown) || re.is_match(key))
        {
            report.stats.excluded += 1;
            continue;
        }
        if let Some(e) = cache.as_ref().and_then(|c| c.get(key, now)) {
            let o = Outcome::Status {
                status: e.status,
                moved_to: e.moved_to.clone(),
                moved_status: e.moved_status,
                final_url: None,
            };
            // A cached answer that would now be a failure (accept changed, a new
            // place needs 2xx) is checked again: failures are never reused.
            if all_ok(u, &o) {
                outcomes[i] = Some(o);
                report.stats.cached += 1;
                continue;
            }
        }
        to_check.push((i, u.url.clone()));
    }
    report.stats.checked = to_check.len();

    if !to_check.is_empty() {
        let resolver = resolve::GuardedResolver {
            timeout: links.timeout,
            overrides: Arc::new(settings.resolve.clone()),
        };
        let shared = Arc::new(
            check::Shared::new(
                links.timeout,
                links.per_host,
                settings.retry_after_cap,
                resolver,
            )
            .map_err(|e| format!("cannot set up HTTP client: {e}"))?,
        );
        let bar = progress_bar(settings.progress, to_check.len());
        let limits = schedule::Limits {
            max_concurrency: links.max_concurrency,
            per_host: links.per_host,
            retries: links.retries,
            backoff_base: settings.backoff_base,
        };
        let tick = || {
            if let Some(b) = &bar {
                b.inc(1);
            }
        };
        for (i, outcome) in schedule::run(shared.clone(), to_check, limits, &tick).await {
            if let Some(c) = cache.as_mut() {
                let key = uniques[i].url.as_str();
                match &outcome {
                    Outcome::Status {
                        status,
                        moved_to,
                        moved_status,
                        ..
                    } if all_ok(&uniques[i], &outcome) => c.insert(
                        key.to_owned(),
                        cache::Entry {
                            checked: now,
                            status: *status,
                            moved_to: moved_to.clone(),
                            moved_status: *moved_status,
                        },
                    ),
                    _ => c.remove(key),
                }
            }
            outcomes[i] = Some(outcome);
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        report.stats.requests = shared.requests.load(std::sync::atomic::Ordering::Relaxed);
        report.warnings.extend(
            shared
                .warnings
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .drain(..),
        );
    }

    for (u, outcome) in uniques.iter().zip(&outcomes) {
        let Some(outcome) = outcome else { continue };
        let mut broken = false;
        for p in &u.places {
            let v = verdict(outcome, auth_ok(u, p), &links.accept);
            broken |= matches!(v, Verdict::Broken(_) | Verdict::Timeout(_));
            if let Some(mut f) = finding(&v, &u.shown, p.span, links.timeout) {
                if let Verdict::Moved { to, .. } = &v {
                    // The masked source (a run may have released it: read again).
                    let source = run.files[p.file].source_text();
                    let written = source
                        .as_ref()
                        .and_then(|s| s.text().get(p.span.start..p.span.end));
                    f.fix = written.and_then(|w| redirect_fix(p.span, w, to));
                }
                f.pointer = Some(p.pointer.clone());
                report.findings.push((p.file, p.doc, f));
            }
        }
        report.stats.broken += usize::from(broken);
    }

    if let Some(c) = cache {
        if report.stats.checked > 0 {
            if let Err(e) = c.save(now) {
                report.warnings.push(format!(
                    "could not write the link cache {}: {e}",
                    links.cache.display()
                ));
            }
        }
    }
    report.stats.elapsed = started.elapsed();
    Ok(report)
}

/// A bar on stderr for more than a few URLs, only on a terminal.
fn progress_bar(wanted: bool, len: usize) -> Option<indicatif::ProgressBar> {
    if !wanted || len <= 5 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("checking links {bar:30} {pos}/{len} {elapsed}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Outcome {
        Outcome::Status {
            status: code,
            moved_to: None,
            moved_status: None,
            final_url: None,
        }
    }

    #[test]
    fn verdicts() {
        let accept = [(200, 299)];
        assert_eq!(verdict(&status(204), false, &accept), Verdict::Ok);
        assert!(
            matches!(verdict(&status(404), false, &accept), Verdict::Broken(r) if r == "HTTP 404 Not Found")
        );
        assert_eq!(
            verdict(&status(403), true, &accept),
            Verdict::Ok,
            "login page"
        );
        assert!(matches!(
            verdict(&status(403), false, &accept),
            Verdict::Broken(_)
        ));
        assert_eq!(
            verdict(&status(404), false, &[(200, 299), (404, 404)]),
            Verdict::Ok
        );
        let moved = Outcome::Status {
            status: 200,
            moved_to: Some("https://new.example/".into()),
            moved_status: Some(308),
            final_url: Some("https://new.example/".into()),
        };
        assert_eq!(
            verdict(&moved, false, &accept),
            Verdict::Moved {
                status: 308,
                to: "https://new.example/".into()
            }
        );
        assert_eq!(
            verdict(
                &Outcome::Failed(Failure::Timeout { attempts: 4 }),
                false,
                &accept
            ),
            Verdict::Timeout(4)
        );
    }
}
