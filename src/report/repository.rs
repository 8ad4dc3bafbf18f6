//! Which repository a report's documents live in (`owner/name`), so that rows of
//! several repositories stay apart in `report --merge`: `--repo`, else
//! `GITHUB_REPOSITORY`, else the `origin` remote of the checked path, else none.
//! A remote URL is reduced to its path: credentials and hosts never leave here.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long `git config` may take (it reads a local file; this only guards a hang).
const GIT_DEADLINE: Duration = Duration::from_secs(10);

/// `owner/name` when `s` is one: path segments of letters, digits, `-`, `_`, `.`.
#[must_use]
pub fn valid(s: &str) -> Option<String> {
    let s = s.trim().trim_matches('/');
    let segments: Vec<&str> = s.split('/').collect();
    let ok = segments.len() >= 2
        && segments.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
    ok.then(|| s.to_owned())
}

/// The `owner/name` of a git remote URL: `https://github.com/o/n.git`,
/// `git@github.com:o/n.git`, `ssh://git@host:22/o/n`, `https://token@host/o/n`.
/// Local paths and URLs without a repository path give `None`.
#[must_use]
pub fn from_remote_url(url: &str) -> Option<String> {
    let url = url.trim();
    let path = if let Some((scheme, rest)) = url.split_once("://") {
        if scheme.eq_ignore_ascii_case("file") {
            return None;
        }
        // host[:port] (after any user:password@) ends at the first '/'.
        let (_, path) = rest.split_once('/')?;
        path
    } else {
        // scp-like `[user@]host:path`; a ':' after a '/' is a local path.
        let colon = url.find(':')?;
        // A single letter before ':' is a Windows drive, not a host.
        if url[..colon].contains('/') || colon <= 1 {
            return None;
        }
        &url[colon + 1..]
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    valid(path)
}

/// The directory whose git remote names the repository of `path`.
fn dir_of(path: &Path) -> &Path {
    if path.is_dir() {
        path
    } else {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }
}

/// `git config --get remote.origin.url` in `dir`, with a deadline.
fn origin_url(dir: &Path) -> Option<String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["config", "--get", "remote.origin.url"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let out = child.wait_with_output().ok()?;
                return status
                    .success()
                    .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned());
            }
            Ok(None) if start.elapsed() < GIT_DEADLINE => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// The repository of the documents under `path`: `GITHUB_REPOSITORY` when set and
/// valid, else the `origin` remote of `path`'s git repository, else `None`.
#[must_use]
pub fn detect(path: &Path) -> Option<String> {
    if let Some(r) = std::env::var("GITHUB_REPOSITORY")
        .ok()
        .and_then(|v| valid(&v))
    {
        return Some(r);
    }
    origin_url(dir_of(path)).and_then(|u| from_remote_url(&u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_urls_become_owner_name() {
        for url in [
            "https://github.com/acme/integrations.git",
            "https://github.com/acme/integrations",
            "https://github.com/acme/integrations/",
            "http://github.example.com:8080/acme/integrations.git",
            "git@github.com:acme/integrations.git",
            "github.com:acme/integrations",
            "ssh://git@github.com/acme/integrations.git",
            "ssh://git@github.com:22/acme/integrations",
            "https://x-access-token:ghs_secret123@github.com/acme/integrations.git",
            "https://user@github.com/acme/integrations.git?x=1",
        ] {
            assert_eq!(
                from_remote_url(url).as_deref(),
                Some("acme/integrations"),
                "{url}"
            );
        }
        assert_eq!(
            from_remote_url("https://gitlab.com/acme/platform/docs.git").as_deref(),
            Some("acme/platform/docs")
        );
    }

    #[test]
    fn local_and_odd_remotes_are_not_repositories() {
        for url in [
            "/srv/git/integrations.git",
            "../integrations",
            "file:///srv/git/acme/integrations.git",
            "C:/repos/x",
            "https://github.com/",
            "https://github.com/acme",
            "git@github.com:acme",
            "",
            "https://github.com/acme/../etc",
        ] {
            assert_eq!(from_remote_url(url), None, "{url}");
        }
    }

    #[test]
    fn valid_names() {
        assert_eq!(valid("acme/shop").as_deref(), Some("acme/shop"));
        assert_eq!(
            valid(" acme/shop.docs_1 ").as_deref(),
            Some("acme/shop.docs_1")
        );
        assert_eq!(valid("acme"), None);
        assert_eq!(valid("acme/sh op"), None);
        assert_eq!(valid("acme//shop"), None);
    }

    #[test]
    fn a_directory_without_git_has_no_remote() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(origin_url(dir.path()), None);
    }
}
