//! `wirebook report` at the scale of an organization and across repositories:
//! on an organization from `scripts/gen-org.py` (1,000 integrations over 150
//! apps), the Mermaid graph stays within GitHub's limits and renders with
//! mermaid-cli, and the HTML page fits or zooms, highlights an app's flows and
//! filters in headless Chromium; `--merge` keeps the rows of several repositories
//! apart; the repository comes from `--repo`, `GITHUB_REPOSITORY` or the git remote.
//!
//! The generator needs python3; the browser tests as in tests/report.rs. Without
//! them the tests print a note and pass, unless `CI=true`.

mod report_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use assert_cmd::cargo::CommandCargoExt;
use report_support::{
    browser_check, check_mermaid, in_ci, mermaid_of, mmdc, need_browser, out_dir, render_mermaid,
    report, stdout, wirebook, REPO, TODAY,
};
use serde_json::Value;

/// The generated organization (1,000 integrations, 150 apps), made once per run.
fn org() -> Option<&'static Path> {
    static ORG: OnceLock<Option<PathBuf>> = OnceLock::new();
    ORG.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("org-1000");
        let _ = std::fs::remove_dir_all(&dir);
        match Command::new("python3")
            .arg("scripts/gen-org.py")
            .arg(&dir)
            .args(["--seed", "1", "--today", TODAY])
            .output()
        {
            Ok(out) if out.status.success() => {
                eprintln!("{}", String::from_utf8_lossy(&out.stdout).trim());
                Some(dir)
            }
            Ok(out) => panic!(
                "gen-org.py failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) if in_ci() => panic!("CI=true but python3 cannot run: {e}"),
            Err(e) => {
                eprintln!("note: skipping: python3 cannot run: {e}");
                None
            }
        }
    })
    .as_deref()
}

fn org_report(format: &str) -> Option<String> {
    Some(report(&[org()?.to_str().unwrap()], format))
}

#[test]
fn generated_org_is_valid_and_shaped_like_an_organization() {
    let Some(json) = org_report("json") else {
        return;
    };
    let v: Value = serde_json::from_str(&json).unwrap();
    let rows = v["integrations"].as_array().unwrap();
    assert_eq!(rows.len(), 1000);
    let apps = v["graph"]["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 150, "150 apps, mixed spellings counted once");
    let flows: usize = rows
        .iter()
        .map(|r| r["data_flows"].as_array().unwrap().len())
        .sum();
    assert!(
        (1800..=2400).contains(&flows),
        "about 2 flows per integration: {flows}"
    );
    for r in rows {
        let schema_or_yaml = r["findings"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "WB001" || f["rule"] == "WB002")
            .count();
        assert_eq!(schema_or_yaml, 0, "{} is not a valid document", r["file"]);
    }
    // Hubs: the busiest app is in far more flows than the median app.
    let mut per: Vec<u64> = apps
        .iter()
        .map(|a| {
            v["graph"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["from"] == a["id"] || e["to"] == a["id"])
                .map(|e| e["flows"].as_u64().unwrap())
                .sum()
        })
        .collect();
    per.sort_unstable();
    assert!(
        per[149] > 10 * per[75],
        "fan-in/out: max {} median {}",
        per[149],
        per[75]
    );
    // Mixed spellings became one app, shown as written most often.
    let names: Vec<&str> = apps.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"ShipStation") && !names.contains(&"shipstation"));
    let spelled: Vec<&str> = rows
        .iter()
        .flat_map(|r| r["apps"].as_array().unwrap())
        .filter_map(Value::as_str)
        .filter(|a| a.trim().eq_ignore_ascii_case("shipstation"))
        .collect();
    assert!(
        spelled.iter().any(|s| *s != "ShipStation"),
        "the generator mixes spellings"
    );
    // A few people hold many integrations alone.
    let alone = rows
        .iter()
        .filter(|r| r["owners"] == serde_json::json!(["@dave"]))
        .count();
    assert!(alone >= 30, "@dave alone on {alone}");
    let overdue = v["summary"]["review_overdue"].as_u64().unwrap();
    assert!((150..=500).contains(&overdue), "{overdue} overdue");
}

#[test]
fn mermaid_stays_within_githubs_limits_on_the_generated_org() {
    let (Some(md), Some(json)) = (org_report("markdown"), org_report("json")) else {
        return;
    };
    let v: Value = serde_json::from_str(&json).unwrap();
    let full_edges = v["graph"]["edges"].as_array().unwrap().len();
    assert!(
        full_edges > 500,
        "the full graph is past the limit: {full_edges}"
    );
    let graph = mermaid_of(&md);
    let edges = check_mermaid(graph);
    eprintln!(
        "mermaid: full graph {full_edges} edges; shown {edges} edges, {} characters",
        graph.len()
    );
    assert!(edges <= 500, "{edges} edges");
    assert!(
        edges <= 200,
        "{edges} edges: past 200 arrows Mermaid's layout takes minutes"
    );
    assert!(graph.len() <= 50_000, "{} characters", graph.len());
    assert!(
        graph.contains("other apps\"]"),
        "the rest is folded into one node"
    );
    let note = md.split("```").last().unwrap();
    assert!(note.contains("busiest apps"), "{note}");
    assert!(note.contains("`wirebook report --format html`") && note.contains("--format json"));
    // The hubs are kept by name.
    for hub in ["NetSuite", "Snowflake", "Okta"] {
        assert!(graph.contains(&format!("[\"{hub}\"]")), "{hub} kept");
    }
}

#[test]
fn generated_org_mermaid_renders_with_mermaid_cli() {
    let Some((_, browser)) = need_browser() else {
        return;
    };
    let Some(mmdc) = mmdc(&browser) else {
        return;
    };
    let Some(md) = org_report("markdown") else {
        return;
    };
    let svg = render_mermaid(&mmdc, &browser, "org", mermaid_of(&md));
    for hub in ["NetSuite", "Snowflake", "other apps"] {
        assert!(svg.contains(hub), "{hub} not drawn");
    }
}

#[test]
fn generated_org_html_in_headless_chromium() {
    let Some(dir) = org() else {
        return;
    };
    let out = out_dir();
    let (html, json) = (out.join("org.html"), out.join("org.json"));
    for (format, path) in [("html", &html), ("json", &json)] {
        stdout(
            wirebook()
                .args(["report", "--format", format, "-o"])
                .arg(path)
                .arg(dir),
        );
    }
    let size = std::fs::metadata(&html).unwrap().len();
    eprintln!("html: {size} bytes");
    assert!(size < 5_000_000, "the page is {size} bytes");
    let Some((chromium, browser)) = need_browser() else {
        return;
    };
    let out = browser_check(&chromium, &browser, &html, &json, "org");
    assert!(out.contains("ok: 1000 rows, 150 apps"), "{out}");
    assert!(out.contains("filter: 1000 rows in"), "{out}");
}

// ---- many repositories --------------------------------------------------------

/// `report --format json` of `paths` as repository `repo`, written to `dir/name`.
fn json_for(dir: &Path, name: &str, repo: &str, paths: &[&str]) -> PathBuf {
    let path = dir.join(name);
    stdout(
        wirebook()
            .env("GITHUB_REPOSITORY", repo)
            .args(["report", "--format", "json", "-o"])
            .arg(&path)
            .args(paths),
    );
    path
}

fn merge(files: &[&Path], format: &str) -> String {
    stdout(
        wirebook()
            .args(["report", "--format", format, "--merge"])
            .args(files),
    )
}

#[test]
fn merged_repositories_keep_their_rows_apart() {
    let dir = tempfile::tempdir().unwrap();
    let a = json_for(dir.path(), "a.json", "acme/shop", &["examples"]);
    let b = json_for(dir.path(), "b.json", "acme/ops", &["examples"]);
    let va: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    let merged: Value = serde_json::from_str(&merge(&[&a, &b], "json")).unwrap();
    let rows = merged["integrations"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        4,
        "two repositories with the same two ids: four rows"
    );
    for id in ["shopify-orders", "legacy-payroll"] {
        let mut repos: Vec<&str> = rows
            .iter()
            .filter(|r| r["id"] == id)
            .map(|r| r["repository"].as_str().unwrap())
            .collect();
        repos.sort_unstable();
        assert_eq!(repos, ["acme/ops", "acme/shop"], "{id}");
        let original = va["integrations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap();
        for r in rows.iter().filter(|r| r["id"] == id) {
            assert_eq!(
                r["findings"], original["findings"],
                "{id} keeps its findings"
            );
            assert_eq!(r["review"], original["review"]);
            assert_eq!(r["steps"], original["steps"]);
        }
    }
    assert_eq!(merged["summary"]["integrations"], 4);
    assert_eq!(
        merged["graph"]["apps"], va["graph"]["apps"],
        "one graph of the same apps"
    );
    let edges: Vec<u64> = merged["graph"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["flows"].as_u64().unwrap())
        .collect();
    assert!(
        edges.iter().all(|&n| n == 2),
        "each flow counted from both: {edges:?}"
    );

    // Markdown and ICS tell the repositories apart too.
    let md = merge(&[&a, &b], "markdown");
    assert!(
        md.contains("`acme/shop` · `examples/integrations/shopify-orders.yaml`"),
        "{md}"
    );
    assert!(md.contains("`acme/ops` · `examples/integrations/shopify-orders.yaml`"));
    let ics = merge(&[&a, &b], "ics");
    assert!(ics.contains("UID:shopify-orders@acme.shop.wirebook"));
    assert!(ics.contains("UID:shopify-orders@acme.ops.wirebook"));
    // A single repository's report does not repeat its name on every row.
    assert!(!report(&["examples"], "markdown").contains("`acme/integrations` ·"));
}

#[test]
fn merged_html_passes_the_browser_checks() {
    if org().is_none() {
        return; // no python3
    }
    let out = out_dir();
    // An organization split in two repositories, plus the examples in both.
    let two = out.join("org-two");
    let _ = std::fs::remove_dir_all(&two);
    let status = Command::new("python3")
        .arg("scripts/gen-org.py")
        .arg(&two)
        .args(["--integrations", "300", "--apps", "60", "--repos", "2"])
        .status()
        .unwrap();
    assert!(status.success());
    let a = json_for(
        &out,
        "merge-a.json",
        "acme/shop",
        &[two.join("repo-01").to_str().unwrap(), "examples"],
    );
    let b = json_for(
        &out,
        "merge-b.json",
        "acme/ops",
        &[two.join("repo-02").to_str().unwrap(), "examples"],
    );
    let (html, json) = (out.join("merged.html"), out.join("merged.json"));
    for (format, path) in [("html", &html), ("json", &json)] {
        stdout(
            wirebook()
                .args(["report", "--format", format, "-o"])
                .arg(path)
                .arg("--merge")
                .args([&a, &b]),
        );
    }
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["integrations"].as_array().unwrap().len(), 304);
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(
        page.matches("<code class=\"repo\">acme/shop</code>")
            .count(),
        152
    );
    let Some((chromium, browser)) = need_browser() else {
        return;
    };
    let out = browser_check(&chromium, &browser, &html, &json, "merged");
    assert!(out.contains("ok: 304 rows"), "{out}");
}

#[test]
fn bad_merge_input_is_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = json_for(dir.path(), "good.json", "acme/shop", &["examples"]);
    let text = std::fs::read_to_string(&good).unwrap();
    let check = dir.path().join("check.json");
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .args(["check", "--offline", "--format", "json", "examples"])
        .output()
        .unwrap();
    std::fs::write(&check, out.stdout).unwrap();
    let cases = [
        ("notes.json", "# not json".to_owned(), "not JSON"),
        (
            "check.json",
            String::new(),
            "looks like `wirebook check --format json`",
        ),
        (
            "newer.json",
            text.replacen("\"version\": 1", "\"version\": 7", 1),
            "report version 7 is newer",
        ),
        (
            "truncated.json",
            text[..text.len() / 2].to_owned(),
            "not JSON",
        ),
    ];
    for (name, body, expect) in cases {
        let path = dir.path().join(name);
        if !body.is_empty() {
            std::fs::write(&path, body).unwrap();
        }
        let out = wirebook()
            .args(["report", "--format", "html", "--merge"])
            .arg(&good)
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name}: nothing half-written");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&path.display().to_string()), "{name}: {err}");
        assert!(err.contains(expect), "{name}: {err}");
    }
    // --merge and paths do not mix.
    let out = wirebook()
        .args(["report", "examples", "--merge"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---- which repository ---------------------------------------------------------

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn repository_of(cmd: &mut Command) -> Value {
    let v: Value = serde_json::from_str(&stdout(cmd)).unwrap();
    v["integrations"][0]["repository"].clone()
}

#[test]
fn repository_from_flag_environment_or_git_remote() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/integrations/legacy-payroll.yaml",
        dir.path().join("legacy-payroll.yaml"),
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let json = |env: Option<&str>, extra: &[&str]| {
        let mut cmd = Command::cargo_bin("wirebook").unwrap();
        cmd.env_remove("GITHUB_REPOSITORY")
            .args(["--today", TODAY, "report", "--format", "json", path])
            .args(extra);
        if let Some(e) = env {
            cmd.env("GITHUB_REPOSITORY", e);
        }
        repository_of(&mut cmd)
    };
    assert_eq!(
        json(None, &[]),
        Value::Null,
        "not a git repository, no environment"
    );
    let ics = stdout(
        Command::cargo_bin("wirebook")
            .unwrap()
            .env_remove("GITHUB_REPOSITORY")
            .args(["--today", TODAY, "report", "--format", "ics", path]),
    );
    assert!(ics.contains("UID:legacy-payroll@wirebook"));

    git(dir.path(), &["init", "-q"]);
    assert_eq!(
        json(None, &[]),
        Value::Null,
        "a repository without a remote"
    );
    git(
        dir.path(),
        &[
            "remote",
            "add",
            "origin",
            "https://x-access-token:ghs_abcdef123456@github.com/acme/payroll-docs.git",
        ],
    );
    assert_eq!(
        json(None, &[]),
        "acme/payroll-docs",
        "from the origin remote"
    );
    let text = stdout(
        Command::cargo_bin("wirebook")
            .unwrap()
            .env_remove("GITHUB_REPOSITORY")
            .args(["--today", TODAY, "report", "--format", "json", path]),
    );
    assert!(
        !text.contains("ghs_"),
        "the remote's credential never appears"
    );
    assert_eq!(
        json(Some("acme/from-env"), &[]),
        "acme/from-env",
        "GITHUB_REPOSITORY wins"
    );
    assert_eq!(
        json(Some("acme/from-env"), &["--repo", "acme/flag"]),
        "acme/flag",
        "--repo wins"
    );
    let out = wirebook()
        .args(["report", path, "--repo", "not a repo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("OWNER/NAME"));
    // The helper's environment is what the other tests see.
    assert_eq!(
        repository_of(wirebook().args(["report", "--format", "json", path])),
        REPO
    );
}
