//! `wirebook sweep` and `check --github` against a stateful fake GitHub on 127.0.0.1.

mod fake_github;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use fake_github::Fake;
use serde_json::Value;
use tempfile::TempDir;

const TOKEN: &str = "ghs_wirebookTestToken0123456789abcdefXYZ";
const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

/// A complete document (clean under every rule as of 2026-11-29) whose owners are
/// `owners`: a departed owner is its only gap (WB308). Owners start on line 7.
fn doc(id: &str, title: &str, owners: &[&str]) -> String {
    let owners: String = owners.iter().map(|o| format!("    - \"{o}\"\n")).collect();
    format!(
        r#"apiVersion: wirebook.dev/v1
kind: Integration
metadata:
  id: {id}
  title: {title}
  owners:
{owners}  tier: high
spec:
  primary:
    app: Shopify
    purpose: Storefront; source of every customer order
    access:
      login_url: https://admin.shopify.com/store/acme
      credential_format: Okta SSO for staff; Admin API token for the sync
    connects_to: [QuickBooks Online]
    secrets:
      - name: SHOPIFY_ADMIN_TOKEN
        purpose: Admin API access for order export
        stored_in: vault://kv/integrations/shopify/admin-token
        rotated_on: 2026-09-01
    screenshot: shot.png
    links: [https://shopify.dev/docs/api/admin-rest]
  secondary:
    - app: QuickBooks Online
      relationship: Accounting; receives orders and refunds from Shopify
      data_flows:
        - from: Shopify
          to: QuickBooks Online
          data: Customer orders and refunds
          frequency: every 15 minutes
          mechanism: webhook
          on_failure: Orders pile up in the webhook queue; replay them from the admin
      access:
        who_has_access: ["@acme/finance"]
        grants_access: "@bob"
      known_issues:
        - issue: Sync fails when a SKU is missing in QuickBooks
          workaround: Create the SKU in QuickBooks, then replay the webhook
  validation:
    checks:
      new_member_login: {{result: pass, checked_on: 2026-10-02, by: "@bob"}}
      links_work: {{result: pass, checked_on: 2026-10-02, by: "@bob"}}
      data_syncing: {{result: pass, checked_on: 2026-10-02, by: "@bob"}}
      troubleshooting_tested: {{result: pass, checked_on: 2026-10-02, by: "@bob"}}
    review:
      last_reviewed: 2026-10-02
      interval: 3 months
      reviewed_by: "@bob"
    contacts:
      technical: "@alice"
      access_requests: "@bob"
      billing: billing@acme.example
  security:
    auth_method: oauth
    credential_storage: HashiCorp Vault, kv/integrations/shopify
    data_accessed: Orders, customer names, e-mail and postal addresses
    contains_pii: true
    sensitive_business_data: true
    vendor_certifications:
      - {{name: SOC 2 Type II, evidence: https://www.shopify.com/security, expires_on: 2027-03-31}}
    encryption: {{in_transit: true, at_rest: true}}
    approved_by: "@dave"
    approved_on: 2026-03-10
    access_revocation: Offboarding checklist step 7 removes the staff account and rotates the token
    least_privilege: true
    compliance:
      frameworks: [GDPR, PCI-DSS]
      notes: Customer data stays in the EU store; DPA signed 2025-11
      vendor_docs: [https://www.shopify.com/legal/dpa]
"#
    )
}

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
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("wirebook.toml"), "").unwrap();
        std::fs::write(dir.path().join("shot.png"), b"png").unwrap();
        let fake = Fake::start(TOKEN);
        {
            let mut s = fake.lock();
            s.members = ["alice", "bob", "dave"].map(str::to_owned).into();
            s.teams = [("acme".to_owned(), "finance".to_owned())].into();
        }
        Self { dir, fake }
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.path().join(file), text).unwrap();
    }

    fn run_as(&self, token: &str, envs: &[(&str, &str)], args: &[&str]) -> Out {
        let mut cmd = Command::cargo_bin("wirebook").unwrap();
        cmd.current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("GITHUB_TOKEN", token)
            .env("GITHUB_REPOSITORY", "acme/docs")
            .env("GITHUB_API_URL", &self.fake.url)
            .env("GITHUB_SERVER_URL", "https://github.example")
            .env("GITHUB_SHA", SHA)
            .env("GITHUB_WORKSPACE", self.dir.path())
            .env("NO_COLOR", "1")
            .args(["--today", "2026-11-29"])
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
        assert!(
            !out.stdout.contains(token) && !out.stderr.contains(token),
            "token leaked"
        );
        out
    }

    fn sweep(&self, extra: &[&str]) -> Out {
        self.sweep_env(&[], extra)
    }

    fn sweep_env(&self, envs: &[(&str, &str)], extra: &[&str]) -> Out {
        let mut args = vec!["sweep", "--offline"];
        args.extend_from_slice(extra);
        args.push(".");
        self.run_as(TOKEN, envs, &args)
    }

    fn writes(&self) -> usize {
        self.fake.lock().writes()
    }

    /// No issue body or comment holds the token.
    fn assert_no_token_on_github(&self) {
        let s = self.fake.lock();
        for i in &s.issues {
            assert!(!i.body.contains(TOKEN) && !i.title.contains(TOKEN));
        }
        for (_, c) in &s.comments {
            assert!(!c.contains(TOKEN));
        }
        for r in &s.requests {
            assert!(!r.body.contains(TOKEN) && !r.query.contains(TOKEN));
        }
    }
}

fn marker_issue(id: &str, fp: &str) -> String {
    format!("<!-- wirebook:id={id} fp={fp} -->\nold text")
}

#[test]
fn first_sweep_creates_one_issue_per_document_with_gaps_and_a_second_writes_nothing() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    w.write(
        "b.yaml",
        &doc("billing-sync", "Billing sync", &["@erin", "@bob"]),
    );
    w.write("c.yaml", &doc("clean-one", "Clean", &["@alice", "@dave"]));
    let out = w.sweep(&[]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    {
        let s = w.fake.lock();
        assert_eq!(s.labels, vec!["wirebook".to_owned()], "label created");
        let open = s.open();
        assert_eq!(open.len(), 2, "{:#?}", s.issues);
        let shop = open
            .iter()
            .find(|i| {
                i.title == "Integration docs need attention: Shopify order sync (shop-orders)"
            })
            .expect("issue for shop-orders");
        assert!(
            shop.body.starts_with("<!-- wirebook:id=shop-orders fp="),
            "{}",
            shop.body
        );
        assert!(
            shop.body.contains("### Step 3 · Validation"),
            "{}",
            shop.body
        );
        assert!(shop.body.contains("- [ ] "));
        assert!(
            shop.body.contains("`@carol` (metadata.owners)"),
            "{}",
            shop.body
        );
        assert!(
            shop.body.contains(&format!(
                "(https://github.example/acme/docs/blob/{SHA}/a.yaml#L8)"
            )),
            "{}",
            shop.body
        );
        assert!(shop.body.contains("Owners: @alice, @carol"));
        assert_eq!(shop.labels, vec!["wirebook".to_owned()]);
        // carol left, so only alice can be assigned; the sweep did not fail on her.
        assert_eq!(shop.assignees, vec!["alice".to_owned()]);
        // The fake answers in GitHub's shape: octocrab's strict model reads it.
        let first = s
            .requests
            .iter()
            .find(|r| r.method == "POST" && r.path.ends_with("/issues"));
        assert!(first.is_some());
    }
    let before = w.writes();
    let again = w.sweep(&[]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert_eq!(w.writes(), before, "a second sweep makes no write request");
    assert!(again.stdout.contains("already match"), "{}", again.stdout);
    w.assert_no_token_on_github();
}

#[test]
fn the_fake_speaks_githubs_shape() {
    let w = World::new();
    w.fake
        .lock()
        .add_issue("t", &marker_issue("x", "00"), true, &["wirebook"]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let octo = octocrab::Octocrab::builder()
            .personal_token(TOKEN.to_owned())
            .base_uri(w.fake.url.as_str())
            .unwrap()
            .build()
            .unwrap();
        let page = octo
            .issues("acme", "docs")
            .list()
            .state(octocrab::params::State::All)
            .send()
            .await
            .expect("octocrab reads the fake's issues");
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].number, 1);
        let c = octo
            .issues("acme", "docs")
            .create_comment(1, "hello")
            .await
            .expect("octocrab reads the fake's comment");
        assert_eq!(c.body.as_deref(), Some("hello"));
    });
}

#[test]
fn changed_fixed_and_regressed_documents_edit_close_and_reopen_the_same_issue() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    assert_eq!(w.sweep(&[]).code, 1);
    assert_eq!(w.fake.lock().issues.len(), 1);

    // Changed: a second departed owner. The body is edited in place.
    w.write(
        "a.yaml",
        &doc(
            "shop-orders",
            "Shopify order sync",
            &["@alice", "@carol", "@erin"],
        ),
    );
    let before = w.fake.lock().requests.len();
    let out = w.sweep(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    {
        let s = w.fake.lock();
        let writes: Vec<_> = s.requests[before..]
            .iter()
            .filter(|r| r.is_write())
            .collect();
        assert_eq!(writes.len(), 1, "{writes:#?}");
        assert_eq!(
            (writes[0].method.as_str(), writes[0].path.as_str()),
            ("PATCH", "/repos/acme/docs/issues/1")
        );
        assert_eq!(s.issues.len(), 1);
        assert!(s.issues[0].body.contains("`@erin`"), "{}", s.issues[0].body);
    }

    // Fixed: closed with a comment.
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@dave"]),
    );
    let out = w.sweep(&[]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    {
        let s = w.fake.lock();
        assert_eq!(s.issues[0].state, "closed");
        assert_eq!(s.comments.len(), 1);
        assert_eq!(s.comments[0].0, 1);
        assert!(
            s.comments[0].1.contains("no gaps left"),
            "{}",
            s.comments[0].1
        );
    }

    // Regression: the same issue reopens; no new issue.
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    assert_eq!(w.sweep(&[]).code, 1);
    {
        let s = w.fake.lock();
        assert_eq!(s.issues.len(), 1);
        assert_eq!(s.issues[0].state, "open");
        assert!(!s.issues[0].body.contains("`@erin`"));
    }
    w.assert_no_token_on_github();
}

#[test]
fn a_502_after_the_create_was_stored_leaves_exactly_one_open_issue() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    w.fake.lock().creates_then_502 = 1;
    let out = w.sweep(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("confirmed by listing again"),
        "{}",
        out.stdout
    );
    let rerun = w.sweep(&[]);
    assert_eq!(rerun.code, 1, "{}", rerun.stderr);
    let s = w.fake.lock();
    assert_eq!(s.open().len(), 1, "{:#?}", s.issues);
    let creates = s
        .requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/repos/acme/docs/issues")
        .count();
    assert_eq!(creates, 1, "the create is never re-sent blindly");
}

#[test]
fn a_create_that_times_out_after_being_stored_is_found_by_listing_again() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    w.fake.lock().creates_then_hang = 1;
    let out = w.sweep_env(&[("WIREBOOK_GITHUB_TIMEOUT", "1s")], &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("confirmed by listing again"),
        "{}",
        out.stdout
    );
    assert_eq!(w.sweep(&[]).code, 1);
    let s = w.fake.lock();
    assert_eq!(s.issues.len(), 1, "{:#?}", s.issues);
    assert_eq!(s.writes(), 2, "label and one create, nothing more");
}

#[test]
fn membership_the_token_cannot_see_is_not_called_departed() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    // The token is outside the organization: GitHub redirects to public membership,
    // where only alice is listed. carol may well be a private member.
    w.fake.lock().members_redirect = Some(["alice".to_owned()].into());
    let out = w.run_as(
        TOKEN,
        &[],
        &[
            "check",
            "--github",
            "--offline",
            "--format",
            "json",
            "a.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("cannot see private organization membership"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("@carol"), "{}", out.stderr);
}

#[test]
fn nobody_being_a_member_is_taken_for_a_token_problem() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    w.fake.lock().members.clear();
    let out = w.run_as(
        TOKEN,
        &[],
        &[
            "check",
            "--github",
            "--offline",
            "--format",
            "json",
            "a.yaml",
        ],
    );
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "WB308" || f["message"].as_str().unwrap().contains("team")),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("members: read"), "{}", out.stderr);
}

#[test]
fn a_rejected_assignee_does_not_fail_the_sweep() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    w.fake.lock().falsely_assignable = ["carol".to_owned()].into();
    let out = w.sweep(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let s = w.fake.lock();
    assert_eq!(s.open().len(), 1);
    assert!(s.open()[0].assignees.is_empty());
    let creates = s
        .requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/repos/acme/docs/issues")
        .count();
    assert_eq!(
        creates, 2,
        "the create is repeated without assignees after the 422"
    );
}

#[test]
fn duplicates_keep_the_oldest_and_close_the_others() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    {
        let mut s = w.fake.lock();
        s.labels.push("wirebook".into());
        s.add_issue(
            "first",
            &marker_issue("shop-orders", "00"),
            true,
            &["wirebook"],
        );
        s.add_issue(
            "copy",
            &marker_issue("shop-orders", "00"),
            true,
            &["wirebook"],
        );
    }
    assert_eq!(w.sweep(&[]).code, 1);
    let s = w.fake.lock();
    assert_eq!(s.issues[0].state, "open");
    assert!(
        s.issues[0].title.contains("Shopify order sync"),
        "updated in place"
    );
    assert_eq!(s.issues[1].state, "closed");
    assert!(s
        .comments
        .iter()
        .any(|(n, c)| *n == 2 && c.contains("Duplicate of #1")));
    assert_eq!(s.issues.len(), 2, "nothing created");
}

#[test]
fn a_secondary_rate_limit_is_waited_out() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    w.fake.lock().rate_limited_creates = 1;
    let started = Instant::now();
    let out = w.sweep(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(out.stderr.contains("rate limit"), "{}", out.stderr);
    assert_eq!(w.fake.lock().open().len(), 1);
}

#[test]
fn a_primary_rate_limit_is_waited_out_until_the_reset() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    w.fake.lock().primary_limited_lists = 1;
    let out = w.sweep(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("rate limit"), "{}", out.stderr);
    let s = w.fake.lock();
    assert_eq!(s.open().len(), 1);
    let lists = s
        .requests
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/repos/acme/docs/issues")
        .count();
    assert_eq!(lists, 2, "the listing is sent again after the reset");
}

#[test]
fn a_rate_limit_beyond_the_bound_exits_2_saying_what_was_not_done() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    {
        let mut s = w.fake.lock();
        s.rate_limited_creates = 1;
        s.retry_after = 600;
    }
    let started = Instant::now();
    let out = w.sweep_env(&[("WIREBOOK_GITHUB_MAX_WAIT", "2s")], &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(
        out.stderr.contains("could not be brought in line"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("not done:") && out.stderr.contains("create"),
        "{}",
        out.stderr
    );
    assert!(w.fake.lock().open().is_empty());
}

#[test]
fn a_bad_token_exits_2_with_a_clear_message_and_writes_nothing() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    let bad = "ghp_notTheRightToken0000000000000000000000";
    let out = w.run_as(bad, &[], &["sweep", "--offline", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("rejected the token"), "{}", out.stderr);
    assert!(out.stderr.contains("GITHUB_TOKEN"), "{}", out.stderr);
    assert_eq!(w.writes(), 0);
    assert!(w.fake.lock().issues.is_empty());
}

#[test]
fn more_than_100_existing_issues_are_paged_through() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    {
        let mut s = w.fake.lock();
        s.labels.push("wirebook".into());
        for i in 0..139 {
            s.add_issue(
                &format!("old {i}"),
                &marker_issue(&format!("old-{i}"), "00"),
                true,
                &["wirebook"],
            );
        }
        // A pull request with a marker is not an issue.
        let pr = s.add_issue(
            "PR",
            &marker_issue("shop-orders", "00"),
            true,
            &["wirebook"],
        );
        s.issues[pr as usize - 1].pull_request = true;
        for _ in 0..10 {
            s.add_issue("unrelated", "no marker", true, &["bug"]);
        }
        s.add_issue(
            "ours",
            &marker_issue("shop-orders", "00"),
            true,
            &["wirebook"],
        );
    }
    let out = w.sweep(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let s = w.fake.lock();
    assert!(
        s.requests
            .iter()
            .any(|r| r.path == "/repos/acme/docs/issues" && r.query.contains("page=2")),
        "second page fetched"
    );
    let writes: Vec<_> = s.requests.iter().filter(|r| r.is_write()).collect();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    assert_eq!(
        writes[0].path, "/repos/acme/docs/issues/151",
        "the issue on page 2 is updated"
    );
    assert!(s.issues[139].pull_request && s.issues[139].state == "open");
}

#[test]
fn a_departed_owner_yields_wb308_at_the_right_line() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    let out = w.run_as(
        TOKEN,
        &[],
        &[
            "check",
            "--github",
            "--offline",
            "--format",
            "json",
            "a.yaml",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let findings: Vec<&Value> = json["findings"].as_array().unwrap().iter().collect();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = findings[0];
    assert_eq!(f["rule"], "WB308");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(8), Some(7))
    );
    assert_eq!(f["document"], "shop-orders");
    assert_eq!(w.writes(), 0, "check --github only reads");

    // Without --github nothing is asked and nothing is reported.
    let before = w.fake.lock().requests.len();
    let offline = w.run_as(
        TOKEN,
        &[],
        &["check", "--offline", "--format", "json", "a.yaml"],
    );
    assert_eq!(offline.code, 0, "{}", offline.stdout);
    assert_eq!(w.fake.lock().requests.len(), before);

    // Members and teams are each asked once per run.
    let s = w.fake.lock();
    let asked = |p: &str| s.requests.iter().filter(|r| r.path == p).count();
    assert_eq!(
        asked("/orgs/acme/members/alice"),
        1,
        "alice is named twice, asked once"
    );
    assert_eq!(asked("/orgs/acme/teams/finance"), 1);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice", "@carol"]),
    );
    let out = w.sweep(&["--dry-run"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("dry run"), "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "create    Integration docs need attention: Shopify order sync (shop-orders)"
        ),
        "{}",
        out.stdout
    );
    assert_eq!(w.writes(), 0);
}

#[test]
fn max_issues_caps_creations() {
    let w = World::new();
    for i in 0..3 {
        w.write(
            &format!("d{i}.yaml"),
            &doc(&format!("doc-{i}"), "Doc", &["@alice", "@carol"]),
        );
    }
    let out = w.sweep(&["--max-issues", "2"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(w.fake.lock().open().len(), 2);
    assert!(out.stdout.contains("--max-issues"), "{}", out.stdout);
}

#[test]
fn missing_token_or_repository_is_exit_2() {
    let w = World::new();
    w.write(
        "a.yaml",
        &doc("shop-orders", "Shopify order sync", &["@alice"]),
    );
    let mut cmd = Command::cargo_bin("wirebook").unwrap();
    let out = cmd
        .current_dir(w.dir.path())
        .env_clear()
        .env("GITHUB_REPOSITORY", "acme/docs")
        .args(["sweep", "--offline", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GITHUB_TOKEN is not set"));
    assert!(Path::new(&w.dir.path().join("a.yaml")).exists());
}
