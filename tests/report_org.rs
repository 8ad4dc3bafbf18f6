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

// ---- the organization workflow ------------------------------------------------

/// The `run:` scripts of one job of examples/workflows/org-report.yml, in order.
fn workflow_runs(job: &str) -> Vec<String> {
    use wirebook::document::{parse, SourceText};
    let text = std::fs::read_to_string("examples/workflows/org-report.yml").unwrap();
    let parsed = parse(&SourceText::new(text));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems.len());
    let root = &parsed.documents[0].root;
    root.path(&["jobs", job, "steps"])
        .and_then(|s| s.as_seq())
        .unwrap_or_else(|| panic!("no steps in job {job}"))
        .iter()
        .filter_map(|step| step.get("run").and_then(|r| r.as_str()).map(str::to_owned))
        .collect()
}

/// Runs a workflow step's script with bash, wirebook on PATH, in `dir`.
fn run_step(script: &str, dir: &Path, env: &[(&str, &Path)], vars: &[(&str, &str)]) {
    let bin = assert_cmd::cargo::cargo_bin("wirebook");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.args(["-e", "-c", script])
        .current_dir(dir)
        .env("PATH", path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_org_workflow_scripts_build_one_dashboard() {
    let work = tempfile::tempdir().unwrap();
    let report_steps = workflow_runs("report");
    let dashboard_steps = workflow_runs("dashboard");
    assert_eq!((report_steps.len(), dashboard_steps.len()), (1, 1));
    let reports = work.path().join("reports");
    // The matrix: each repository checked out, reported, "uploaded" as its artifact.
    for repo in ["acme/shop", "acme/ops"] {
        let checkout = work.path().join(repo.replace('/', "_"));
        std::fs::create_dir_all(checkout.join("integrations")).unwrap();
        for f in ["shopify-orders.yaml", "legacy-payroll.yaml"] {
            std::fs::copy(
                format!("examples/integrations/{f}"),
                checkout.join("integrations").join(f),
            )
            .unwrap();
        }
        let github_env = checkout.join("github-env");
        run_step(
            &report_steps[0],
            &checkout,
            &[("GITHUB_ENV", &github_env)],
            &[
                ("REPOSITORY", repo),
                ("GITHUB_REPOSITORY", "acme/dashboard"),
            ],
        );
        let env = std::fs::read_to_string(&github_env).unwrap();
        let artifact = env.trim().strip_prefix("ARTIFACT=").unwrap();
        assert!(artifact.starts_with("wirebook-report-acme--"), "{artifact}");
        std::fs::create_dir_all(reports.join(artifact)).unwrap();
        std::fs::copy(
            checkout.join("wirebook-report.json"),
            reports.join(artifact).join("wirebook-report.json"),
        )
        .unwrap();
    }
    // The final job: one HTML page and one Markdown dashboard, also the job summary.
    let summary = work.path().join("summary.md");
    std::fs::write(&summary, "").unwrap();
    run_step(
        &dashboard_steps[0],
        work.path(),
        &[("GITHUB_STEP_SUMMARY", &summary)],
        &[],
    );
    let md = std::fs::read_to_string(work.path().join("dashboard.md")).unwrap();
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), md);
    assert!(
        md.starts_with("# Integration status\n\n4 integrations"),
        "{md}"
    );
    for repo in ["acme/shop", "acme/ops"] {
        assert_eq!(
            md.matches(&format!("`{repo}` ·")).count(),
            2,
            "{repo}: {md}"
        );
    }
    assert!(
        !md.contains("acme/dashboard"),
        "--repo wins over GITHUB_REPOSITORY"
    );
    let html = std::fs::read_to_string(work.path().join("dashboard.html")).unwrap();
    assert_eq!(html.matches("<code class=\"repo\">").count(), 4);
}

// ---- docs/report.md ------------------------------------------------------------

/// `(name, [(command, expected output)])` for each `<!-- console: NAME -->` block.
fn console_blocks(doc: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(at) = rest.find("<!-- console: ") {
        rest = &rest[at + "<!-- console: ".len()..];
        let (name, after) = rest
            .split_once(" -->\n```console\n")
            .expect("a console block");
        let end = after.find("\n```\n").expect("unterminated block");
        let mut steps: Vec<(String, String)> = Vec::new();
        for line in after[..end].lines() {
            match line.strip_prefix("$ ") {
                Some(cmd) => steps.push((cmd.to_owned(), String::new())),
                None => {
                    let last = steps.last_mut().expect("output before any command");
                    last.1.push_str(line);
                    last.1.push('\n');
                }
            }
        }
        out.push((name.to_owned(), steps));
        rest = &after[end..];
    }
    out
}

#[test]
fn docs_console_blocks_are_what_wirebook_prints() {
    let doc = std::fs::read_to_string("docs/report.md").unwrap();
    let blocks = console_blocks(&doc);
    let names: Vec<&str> = blocks.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["generated organization", "merge"]);
    let bin = assert_cmd::cargo::cargo_bin("wirebook");
    let root = std::env::current_dir().unwrap();
    for (name, steps) in blocks {
        if name == "generated organization" && org().is_none() {
            continue; // no python3
        }
        let dir = tempfile::tempdir().unwrap();
        for link in ["examples", "scripts"] {
            std::os::unix::fs::symlink(root.join(link), dir.path().join(link)).unwrap();
        }
        for (cmd, expected) in steps {
            let out = Command::new("bash")
                .args(["-o", "pipefail", "-c", &format!("{cmd} 2>&1")])
                .current_dir(dir.path())
                .env(
                    "PATH",
                    format!(
                        "{}:{}",
                        bin.parent().unwrap().display(),
                        std::env::var("PATH").unwrap_or_default()
                    ),
                )
                .env_remove("GITHUB_REPOSITORY")
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            // A terminal shows the calendar's CRLF line ends like LF.
            let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
            assert_eq!(
                text.trim_end(),
                expected.trim_end(),
                "docs/report.md ({name}): `{cmd}` prints something else"
            );
        }
    }
}
