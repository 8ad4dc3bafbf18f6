//! Runs the GitHub Action's shell steps (`action/install.sh`, `action/entrypoint.sh`) the
//! way a runner does: inputs as `INPUT_*` variables, the runner's `GITHUB_*` variables,
//! against the binary cargo just built.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_wirebook");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn doc(id: &str, app: &str, extra_metadata: &str, connects: &str) -> String {
    format!(
        "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata:\n  id: {id}\n  title: {id}\n{extra_metadata}\
         spec:\n  primary:\n    app: {app}\n    connects_to: [{connects}]\n"
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A repository whose last commit changes `changed.yaml` and adds `dup-new.yaml`, whose
/// ID collides with the unchanged `dup-old.yaml`; `stale.yaml` has a finding but is not
/// touched, and `books.yaml` is referenced by the changed document.
fn repo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git(p, &["init", "-q", "-b", "main"]);
    std::fs::write(p.join("changed.yaml"), doc("changed", "Shopify", "", "")).unwrap();
    std::fs::write(
        p.join("stale.yaml"),
        doc("stale", "Slack", "  colour: red\n", ""),
    )
    .unwrap();
    std::fs::write(
        p.join("books.yaml"),
        doc("books", "QuickBooks", "  flavour: mint\n", ""),
    )
    .unwrap();
    std::fs::write(p.join("dup-old.yaml"), doc("dup", "Zendesk", "", "")).unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-qm", "base"]);
    let base = git(p, &["rev-parse", "HEAD"]);
    std::fs::write(
        p.join("changed.yaml"),
        doc("changed", "Shopify", "  colour: blue\n", "QuickBooks"),
    )
    .unwrap();
    std::fs::write(p.join("dup-new.yaml"), doc("dup", "Jira", "", "")).unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-qm", "change"]);
    (dir, base)
}

struct Runner {
    dir: tempfile::TempDir,
    env: HashMap<String, String>,
}

impl Runner {
    /// The variables a runner sets for a `pull_request` job.
    fn new(workspace: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut env = HashMap::new();
        for (k, v) in [
            ("GITHUB_ACTIONS", "true"),
            ("CI", "true"),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", "acme/docs"),
            ("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "X64"),
            ("WIREBOOK_BIN", BIN),
            ("NO_COLOR", "1"),
        ] {
            env.insert(k.to_owned(), v.to_owned());
        }
        let files = [
            ("GITHUB_OUTPUT", "output"),
            ("GITHUB_STEP_SUMMARY", "summary.md"),
            ("GITHUB_PATH", "path"),
            ("RUNNER_TEMP", "tmp"),
        ];
        for (k, name) in files {
            env.insert(k.to_owned(), dir.path().join(name).display().to_string());
        }
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        env.insert("GITHUB_WORKSPACE".into(), workspace.display().to_string());
        env.insert("GITHUB_ACTION_PATH".into(), root().display().to_string());
        Self { dir, env }
    }

    fn set(&mut self, k: &str, v: &str) -> &mut Self {
        self.env.insert(k.to_owned(), v.to_owned());
        self
    }

    fn run(&self, script: &str, cwd: &Path) -> Output {
        let mut cmd = Command::new("bash");
        cmd.arg(root().join("action").join(script)).current_dir(cwd);
        for k in [
            "GITHUB_TOKEN",
            "GH_TOKEN",
            "GITHUB_API_URL",
            "GITHUB_BASE_REF",
            "INPUT_FORMAT",
        ] {
            cmd.env_remove(k);
        }
        cmd.envs(&self.env);
        cmd.output().unwrap()
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }

    /// `key=value` lines of `$GITHUB_OUTPUT`; the last one wins, as on a runner.
    fn outputs(&self) -> HashMap<String, String> {
        self.file("output")
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// What `wirebook check --format json` reports in `dir`, for the expected numbers.
fn json_check(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(["check", "--offline", "--format", "json"])
        .args(extra)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_OUTPUT")
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn pull_request_mode_writes_summary_and_outputs_for_changed_documents() {
    let (repo, base) = repo();
    let mut runner = Runner::new(repo.path());
    runner
        .set("INPUT_COMMAND", "check")
        .set("INPUT_OFFLINE", "true")
        .set("INPUT_FORMAT", "json")
        .set("INPUT_CHANGED_SINCE", &base);
    let out = runner.run("entrypoint.sh", repo.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");

    let expected = json_check(repo.path(), &["--changed-since", &base]);
    let findings = expected["findings"].as_array().unwrap();
    let files: Vec<&str> = findings
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    // Changed, referenced, and the unchanged half of a duplicate ID; never the stale file.
    assert!(files.contains(&"changed.yaml"), "{expected}");
    assert!(files.contains(&"books.yaml"), "{expected}");
    assert!(findings
        .iter()
        .any(|f| f["file"] == "dup-old.yaml" && f["rule"] == "WB004"));
    assert!(!files.contains(&"stale.yaml"), "{expected}");
    let whole = json_check(repo.path(), &[]);
    assert!(whole["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["file"] == "stale.yaml"));

    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "1");
    assert_eq!(outputs["findings"], findings.len().to_string());
    assert_eq!(
        outputs["errors"],
        expected["summary"]["errors"].to_string(),
        "{outputs:?}"
    );

    let summary = runner.file("summary.md");
    assert!(summary.starts_with("## wirebook"), "{summary}");
    assert!(
        summary.contains(&format!("changed since `{base}`")),
        "{summary}"
    );
    assert!(
        summary.contains("| WB004 | duplicate-id | ❌ error | 2 |"),
        "{summary}"
    );
    assert!(summary.contains("### Findings in the changed documents"));
    for f in findings {
        let url = format!(
            "https://github.com/acme/docs/blob/0123456789abcdef0123456789abcdef01234567/{}#L{}",
            f["file"].as_str().unwrap(),
            f["line"]
        );
        assert!(summary.contains(&url), "no {url} in {summary}");
    }
    assert!(!summary.contains("stale.yaml"), "{summary}");
}

#[test]
fn pull_request_mode_annotates_with_the_github_format() {
    let (repo, base) = repo();
    let mut runner = Runner::new(repo.path());
    runner
        .set("INPUT_OFFLINE", "true")
        .set("INPUT_CHANGED_SINCE", &base);
    let out = runner.run("entrypoint.sh", repo.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let errors = stdout.lines().filter(|l| l.starts_with("::error ")).count();
    assert!(
        errors > 0 && errors <= 10,
        "GitHub shows 10 errors per step: {stdout}"
    );
    // Every finding of the changed documents is in the log: as an annotation, or (past
    // GitHub's cap) as a plain line counted by the closing notice.
    let mentions = |file: &str, rule: &str| {
        stdout.lines().any(|l| {
            (l.contains(&format!("file={file},")) && l.contains(&format!("title={rule} ")))
                || (l.starts_with(&format!("{file}:")) && l.contains(rule))
        })
    };
    assert!(mentions("changed.yaml", "WB002"), "{stdout}");
    assert!(mentions("dup-old.yaml", "WB004"), "{stdout}");
    if stdout
        .lines()
        .any(|l| !l.starts_with("::") && l.contains(": error WB"))
    {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("::notice::wirebook: ")),
            "cut findings are counted by a closing notice: {stdout}"
        );
    }
    assert!(!stdout.contains("stale.yaml"), "{stdout}");
    assert!(runner.file("summary.md").contains("## wirebook"));
    assert_eq!(runner.outputs()["exit-code"], "1");
}

/// A listener on 127.0.0.1 that counts every connection made to it.
fn listener() -> (String, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let seen = hits.clone();
    std::thread::spawn(move || {
        for stream in l.incoming().flatten() {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, hits)
}

#[test]
fn sweep_on_a_pull_request_runs_as_check_and_writes_nothing_to_github() {
    let (repo, _) = repo();
    let (api, hits) = listener();
    let mut runner = Runner::new(repo.path());
    runner
        .set("INPUT_COMMAND", "sweep")
        .set("INPUT_OFFLINE", "true")
        .set("INPUT_FORMAT", "json")
        .set("GITHUB_API_URL", &api)
        .set("GITHUB_TOKEN", "ghs_secretsecretsecretsecret");
    let out = runner.run("entrypoint.sh", repo.path());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("::notice title=wirebook::pull_request event: sweep runs as check"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    // It ran check: a findings report and a summary, and never a connection to the API.
    assert!(stdout.contains("\"findings\""));
    assert!(runner.file("summary.md").contains("## wirebook"));
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the GitHub API was contacted"
    );
    assert!(!stdout.contains("ghs_secret") && !text(&out.stderr).contains("ghs_secret"));
}

/// A stand-in binary that records its arguments and whether it saw a token.
fn recorder(dir: &Path) -> PathBuf {
    let path = dir.join("wirebook");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{0}/args'\necho \"token=${{GITHUB_TOKEN:-none}}\" >> '{0}/args'\nexit 0\n",
            dir.display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&path).status().unwrap();
    path
}

#[test]
fn inputs_become_arguments_and_only_scheduled_runs_sweep() {
    let work = tempfile::tempdir().unwrap();
    let fake = recorder(work.path());
    let mut runner = Runner::new(work.path());
    runner
        .set("WIREBOOK_BIN", fake.to_str().unwrap())
        .set("INPUT_COMMAND", "sweep")
        .set("INPUT_PATHS", "integrations  legacy/*.yaml\nmore")
        .set("INPUT_CONFIG", "ci/wirebook.toml")
        .set("INPUT_OFFLINE", "true")
        .set("GITHUB_TOKEN", "tok");
    runner.set("GITHUB_EVENT_NAME", "schedule");
    let out = runner.run("entrypoint.sh", work.path());
    assert!(out.status.success(), "{out:?}");
    runner.set("GITHUB_EVENT_NAME", "pull_request");
    runner.run("entrypoint.sh", work.path());
    runner
        .set("INPUT_COMMAND", "check")
        .set("INPUT_OFFLINE", "false")
        .set("INPUT_SARIF_FILE", "out/wirebook.sarif");
    runner.run("entrypoint.sh", work.path());
    runner
        .set("INPUT_COMMAND", "report")
        .set("INPUT_CONFIG", "");
    runner.run("entrypoint.sh", work.path());
    let args = std::fs::read_to_string(work.path().join("args")).unwrap();
    assert_eq!(
        args,
        "--config ci/wirebook.toml sweep --offline integrations legacy/*.yaml more\ntoken=tok\n\
         --config ci/wirebook.toml check --offline --format github integrations legacy/*.yaml more\ntoken=none\n\
         --config ci/wirebook.toml check --format sarif integrations legacy/*.yaml more\ntoken=none\n\
         report --format markdown integrations legacy/*.yaml more\ntoken=none\n"
    );
    assert!(work.path().join("out/wirebook.sarif").exists());
    assert_eq!(runner.outputs()["sarif-file"], "out/wirebook.sarif");

    // install: wirebook is on PATH for later steps, and nothing runs.
    runner.set("INPUT_COMMAND", "install");
    let out = runner.run("entrypoint.sh", work.path());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(work.path().join("args")).unwrap(),
        args
    );
    assert_eq!(runner.outputs()["exit-code"], "0");

    runner.set("INPUT_COMMAND", "deploy");
    let out = runner.run("entrypoint.sh", work.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("::error title=wirebook::input command must be"));
}

#[test]
fn fail_on_decides_the_step_result() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        doc("a", "Shopify", "  colour: red\n", ""),
    )
    .unwrap();
    let mut runner = Runner::new(dir.path());
    runner
        .set("INPUT_OFFLINE", "true")
        .set("INPUT_FORMAT", "json")
        .set("INPUT_FAIL_ON", "never");
    let out = runner.run("entrypoint.sh", dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(runner.outputs()["exit-code"], "1");
    runner.set("INPUT_FAIL_ON", "warning");
    assert_eq!(
        runner.run("entrypoint.sh", dir.path()).status.code(),
        Some(1)
    );

    std::fs::write(dir.path().join("a.yaml"), doc("a", "Shopify", "", "")).unwrap();
    let clean = json_check(dir.path(), &[]);
    let total = clean["findings"].as_array().unwrap().len();
    runner.set("INPUT_FAIL_ON", "info");
    let code = runner.run("entrypoint.sh", dir.path()).status.code();
    assert_eq!(code, Some(i32::from(total > 0)), "{clean}");
}

/// Serves `files` over HTTP on 127.0.0.1; anything else is a 404.
fn serve(files: HashMap<String, Vec<u8>>) -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in l.incoming().flatten() {
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let path = req.split_whitespace().nth(1).unwrap_or("").to_owned();
            let (status, body) = match files.get(&path) {
                Some(b) => ("200 OK", b.clone()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    url
}

fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// A release tarball and its sha256. The binary inside is a small stand-in that answers
/// `--version` like wirebook (the real debug build is too big to pack in every test run).
fn tarball(dir: &Path) -> (Vec<u8>, String) {
    let stage = dir.join("stage/wirebook-dist");
    std::fs::create_dir_all(&stage).unwrap();
    let bin = stage.join("wirebook");
    std::fs::write(&bin, format!("#!/bin/sh\necho 'wirebook {}'\n", version())).unwrap();
    Command::new("chmod").arg("+x").arg(&bin).status().unwrap();
    let tgz = dir.join("asset.tar.gz");
    let ok = Command::new("tar")
        .arg("-czf")
        .arg(&tgz)
        .arg("-C")
        .arg(dir.join("stage"))
        .arg("wirebook-dist")
        .status()
        .unwrap();
    assert!(ok.success());
    let sum = Command::new("sha256sum").arg(&tgz).output().unwrap();
    let sum = text(&sum.stdout).split(' ').next().unwrap().to_owned();
    (std::fs::read(tgz).unwrap(), sum)
}

fn install_runner(work: &Path, release: &str) -> Runner {
    let mut runner = Runner::new(work);
    runner.env.remove("WIREBOOK_BIN");
    runner.set("WIREBOOK_RELEASE_URL", release);
    runner
}

#[test]
fn install_verifies_the_checksum_of_the_release_asset() {
    let work = tempfile::tempdir().unwrap();
    let (bytes, sum) = tarball(work.path());
    let v = version();
    let asset = format!("/v{v}/wirebook-{v}-x86_64-unknown-linux-musl.tar.gz");
    let mut files = HashMap::new();
    files.insert(asset.clone(), bytes.clone());
    files.insert(
        format!("{asset}.sha256"),
        format!("{sum}  wirebook-{v}-x86_64-unknown-linux-musl.tar.gz\n").into_bytes(),
    );
    let runner = install_runner(work.path(), &serve(files));
    let out = runner.run("install.sh", work.path());
    assert!(out.status.success(), "{out:?}");
    let bin = runner.outputs()["bin"].clone();
    assert!(bin.ends_with("/bin/wirebook"), "{bin}");
    assert!(bin.starts_with(&runner.env["RUNNER_TEMP"]));
    let ran = Command::new(&bin).arg("--version").output().unwrap();
    assert!(text(&ran.stdout).contains(v));
    assert!(runner
        .file("path")
        .contains(Path::new(&bin).parent().unwrap().to_str().unwrap()));

    // A tampered asset is refused and nothing is installed.
    let mut files = HashMap::new();
    let mut evil = bytes;
    evil.extend_from_slice(b"tampered");
    files.insert(asset.clone(), evil);
    files.insert(format!("{asset}.sha256"), sum.into_bytes());
    let runner = install_runner(work.path(), &serve(files));
    let out = runner.run("install.sh", work.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(text(&out.stdout).contains("sha256 mismatch"), "{out:?}");
    assert!(!runner.outputs().contains_key("bin"));
}

#[test]
fn install_falls_back_to_cargo_when_the_release_has_no_asset() {
    let work = tempfile::tempdir().unwrap();
    let fakebin = work.path().join("fakebin");
    std::fs::create_dir(&fakebin).unwrap();
    // A cargo that records its arguments and "builds" by copying the real binary.
    std::fs::write(
        fakebin.join("cargo"),
        format!(
            "#!/bin/sh\necho \"$@\" > '{log}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\n\
             mkdir -p \"$root/bin\" && cp '{BIN}' \"$root/bin/wirebook\"\n",
            log = work.path().join("cargo.log").display()
        ),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(fakebin.join("cargo"))
        .status()
        .unwrap();
    let mut runner = install_runner(work.path(), &serve(HashMap::new()));
    let path = format!("{}:{}", fakebin.display(), std::env::var("PATH").unwrap());
    runner.set("PATH", &path).set("INPUT_VERSION", "v9.9.9");
    let out = runner.run("install.sh", work.path());
    assert!(out.status.success(), "{out:?}");
    let log = std::fs::read_to_string(work.path().join("cargo.log")).unwrap();
    assert!(
        log.starts_with(&format!(
            "install --locked --path {} --root ",
            root().display()
        )),
        "{log}"
    );
    assert!(text(&out.stderr)
        .contains("release v9.9.9 has no wirebook-9.9.9-x86_64-unknown-linux-musl.tar.gz"));
    assert!(
        runner.outputs()["bin"].contains("wirebook-9.9.9-x86_64-unknown-linux-musl/bin/wirebook")
    );
}

#[test]
fn install_uses_a_given_binary_without_downloading() {
    let work = tempfile::tempdir().unwrap();
    let runner = Runner::new(work.path());
    let out = runner.run("install.sh", work.path());
    assert!(out.status.success(), "{out:?}");
    assert_eq!(runner.outputs()["bin"], BIN);
}
