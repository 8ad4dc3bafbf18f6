//! `wirebook offboard @handle --issue` against the stateful fake GitHub on 127.0.0.1:
//! one issue per person, created once, untouched when the plan is unchanged, edited
//! when it changes, closed when nobody names the person any more, never duplicated
//! after an ambiguous create, and left alone by the sweep.

mod fake_github;

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use fake_github::Fake;
use tempfile::TempDir;

const TOKEN: &str = "ghs_wirebookOffboardToken0123456789abcdefXYZ";
const SHA: &str = "0123456789abcdef0123456789abcdef01234567";
const TITLE: &str = "Handover before @dave leaves";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

struct World {
    dir: TempDir,
    fake: Fake,
}

impl World {
    /// A repository holding the fixture organization.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("wirebook.toml"), "").unwrap();
        let org = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/org_fixtures");
        for entry in std::fs::read_dir(org).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
        let fake = Fake::start(TOKEN);
        fake.lock().members = ["alice", "bob", "dave", "ciso", "erin"]
            .map(str::to_owned)
            .into();
        Self { dir, fake }
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from}");
        std::fs::write(path, text.replace(from, to)).unwrap();
    }

    fn run(&self, envs: &[(&str, &str)], args: &[&str]) -> Out {
        let mut cmd = Command::cargo_bin("wirebook").unwrap();
        cmd.current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_REPOSITORY", "acme/docs")
            .env("GITHUB_API_URL", &self.fake.url)
            .env("GITHUB_SERVER_URL", "https://github.example")
            .env("GITHUB_SHA", SHA)
            .env("GITHUB_WORKSPACE", self.dir.path())
            .env("NO_COLOR", "1")
            .args(["--today", "2026-11-20"])
            .args(args)
            .timeout(Duration::from_secs(120));
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let out = Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN),
            "token leaked"
        );
        let s = self.fake.lock();
        for i in &s.issues {
            assert!(!i.body.contains(TOKEN) && !i.title.contains(TOKEN));
        }
        for (_, c) in &s.comments {
            assert!(!c.contains(TOKEN));
        }
        out
    }

    fn offboard(&self) -> Out {
        self.run(&[], &["offboard", "@dave", "--issue", "."])
    }

    fn writes(&self) -> Vec<(String, String)> {
        self.fake
            .lock()
            .requests
            .iter()
            .filter(|r| r.is_write())
            .map(|r| (r.method.clone(), r.path.clone()))
            .collect()
    }
}

fn w(method: &str, path: &str) -> (String, String) {
    (method.to_owned(), path.to_owned())
}

#[test]
fn create_then_no_write_then_update_then_close() {
    let world = World::new();
    // 1. Create: the label, then one issue.
    let out = world.offboard();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("# Handover before @dave leaves\n"),
        "the plan on stdout"
    );
    assert!(
        out.stderr.contains(&format!("created   #1 {TITLE}")),
        "{}",
        out.stderr
    );
    assert_eq!(
        world.writes(),
        [
            w("POST", "/repos/acme/docs/labels"),
            w("POST", "/repos/acme/docs/issues")
        ]
    );
    let body = {
        let s = world.fake.lock();
        assert_eq!(s.issues.len(), 1);
        let issue = &s.issues[0];
        assert_eq!(issue.title, TITLE);
        assert_eq!(issue.labels, ["wirebook"]);
        assert_eq!(issue.state, "open");
        assert!(issue.assignees.is_empty());
        issue.body.clone()
    };
    let marker = body.lines().next().unwrap();
    assert!(
        marker.starts_with("<!-- wirebook:handover=@dave fp=") && marker.ends_with(" -->"),
        "{marker}"
    );
    assert!(body.contains(&format!(
        "- [ ] owner · `/metadata/owners/0` · [bank-export.yaml:6](https://github.example/acme/docs/blob/{SHA}/bank-export.yaml#L6) · **nobody else**"
    )), "{body}");
    assert!(body.contains("**@dave is the only person among its owners and contacts.**"));
    assert!(body.contains(
        "Candidates, most involved first: @acme/finance (access-requests contact, grants access), @ciso (approver)."
    ));
    assert!(!body.contains("# Handover before"), "the title says it");

    // 2. Same plan, a new commit: nothing is written.
    let out = world.run(
        &[("GITHUB_SHA", "fedcba9876543210fedcba9876543210fedcba98")],
        &["offboard", "@DAVE", "--issue", "."],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("already matches the plan (#1, unchanged)"),
        "{}",
        out.stderr
    );
    assert_eq!(world.writes().len(), 2, "no write for an unchanged plan");

    // 3. The plan changes (@erin joins quickbooks-bank's owners): the body is edited.
    world.edit(
        "quickbooks-bank.yaml",
        "owners: [\"@DAVE\"]",
        "owners: [\"@DAVE\", \"@erin\"]",
    );
    let out = world.offboard();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("updated   #1 {TITLE}")),
        "{}",
        out.stderr
    );
    assert_eq!(
        world.writes()[2..],
        [w("PATCH", "/repos/acme/docs/issues/1")]
    );
    {
        let s = world.fake.lock();
        assert_eq!(s.issues.len(), 1);
        assert!(
            s.issues[0].body.contains("· also @erin"),
            "{}",
            s.issues[0].body
        );
        assert_ne!(s.issues[0].body.lines().next(), Some(marker));
    }

    // 4. Nobody names @dave any more: closed with a comment.
    for file in [
        "shopify-orders.yaml",
        "quickbooks-bank.yaml",
        "bank-export.yaml",
    ] {
        let path = world.dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace("\"@Dave\"", "\"@erin\"")
            .replace("\"@DAVE\"", "\"@erin\"")
            .replace("\"@dave\"", "\"@erin\"");
        std::fs::write(path, text).unwrap();
    }
    let out = world.offboard();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out
        .stdout
        .contains("No document names @dave: nothing to hand over."));
    assert!(
        out.stderr.contains(&format!("closed    #1 {TITLE}")),
        "{}",
        out.stderr
    );
    assert_eq!(
        world.writes()[3..],
        [
            w("POST", "/repos/acme/docs/issues/1/comments"),
            w("PATCH", "/repos/acme/docs/issues/1")
        ]
    );
    {
        let s = world.fake.lock();
        assert_eq!(s.issues[0].state, "closed");
        assert_eq!(s.comments.len(), 1);
        assert!(s.comments[0]
            .1
            .contains("No wirebook document names `@dave` any more"));
    }
    // And a rerun with nobody to hand over writes nothing.
    let out = world.offboard();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(world.writes().len(), 5);
}

#[test]
fn a_502_after_the_create_was_stored_leaves_exactly_one_issue() {
    let world = World::new();
    world.fake.lock().creates_then_502 = 1;
    let out = world.offboard();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("confirmed by listing again"),
        "{}",
        out.stderr
    );
    let rerun = world.offboard();
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert!(rerun.stderr.contains("unchanged"), "{}", rerun.stderr);
    let s = world.fake.lock();
    assert_eq!(s.open().len(), 1, "{:#?}", s.issues);
    let creates = s
        .requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/repos/acme/docs/issues")
        .count();
    assert_eq!(creates, 1, "the create is never re-sent blindly");
}

#[test]
fn one_issue_per_person_and_the_sweep_leaves_them_alone() {
    let world = World::new();
    assert_eq!(world.offboard().code, 0);
    let out = world.run(&[], &["offboard", "bob", "--issue", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let handovers: Vec<(u64, String, String)> = world
        .fake
        .lock()
        .issues
        .iter()
        .map(|i| (i.number, i.title.clone(), i.body.clone()))
        .collect();
    let titles: Vec<&str> = handovers.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(titles, [TITLE, "Handover before @bob leaves"]);

    // The sweep files its own issues for the documents' gaps and touches neither.
    let sweep = world.run(&[], &["sweep", "--offline", "."]);
    assert_ne!(sweep.code, 2, "{}", sweep.stderr);
    let s = world.fake.lock();
    assert!(s.issues.len() > 2, "the sweep opened issues for the gaps");
    for (number, title, body) in &handovers {
        let now = s.issues.iter().find(|i| i.number == *number).unwrap();
        assert_eq!(
            (&now.title, &now.body, now.state.as_str()),
            (title, body, "open")
        );
        assert!(!s.requests.iter().any(|r| r.is_write()
            && r.path
                .starts_with(&format!("/repos/acme/docs/issues/{number}"))));
    }
}

#[test]
fn a_failure_exits_2_saying_what_was_and_was_not_done() {
    let world = World::new();
    {
        let mut s = world.fake.lock();
        s.rate_limited_creates = 1;
        s.retry_after = 600;
    }
    let out = world.run(
        &[("WIREBOOK_GITHUB_MAX_WAIT", "1s")],
        &["offboard", "@dave", "--issue", "."],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("# Handover before @dave leaves"),
        "the plan is still printed"
    );
    assert!(
        out.stderr.contains("GitHub could not be brought in line"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("  done: nothing"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("  not done:\n    create    {TITLE}")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("Rerun `wirebook offboard --issue`"));
    assert!(world.fake.lock().issues.is_empty());

    // Without a token nothing is attempted.
    let out = world.run(
        &[("GITHUB_TOKEN", "")],
        &["offboard", "@dave", "--issue", "."],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("GITHUB_TOKEN is not set"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("nothing was written to GitHub"));
}

#[test]
fn a_bad_token_exits_2_and_writes_nothing() {
    let world = World::new();
    let out = world.run(
        &[("GITHUB_TOKEN", "ghs_notTheRightToken0123456789abcdefghij")],
        &["offboard", "@dave", "--issue", "."],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("rejected the token"), "{}", out.stderr);
    assert!(out.stderr.contains("Nothing was written"), "{}", out.stderr);
    assert!(!out.stderr.contains("ghs_notTheRightToken"));
    assert!(world.writes().is_empty());
}
