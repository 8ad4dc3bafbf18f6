//! Helpers shared by the report tests (`tests/report.rs`, `tests/report_org.rs`):
//! running wirebook, the Mermaid syntax check, mermaid-cli and the headless browser.
#![allow(dead_code)] // each test crate uses a part

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

pub const TODAY: &str = "2026-11-20";

/// One headless browser at a time: several at once on a small machine only make
/// each slower than its deadline.
pub fn browser_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
/// The repository the tests' reports record (through `GITHUB_REPOSITORY`).
pub const REPO: &str = "acme/integrations";

/// `wirebook --today TODAY`, with `GITHUB_REPOSITORY` set to [`REPO`].
pub fn wirebook() -> Command {
    let mut cmd = Command::cargo_bin("wirebook").unwrap();
    cmd.env("GITHUB_REPOSITORY", REPO).args(["--today", TODAY]);
    cmd
}

/// Runs `cmd`, expects success, returns stdout.
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn report(paths: &[&str], format: &str) -> String {
    stdout(wirebook().args(["report", "--format", format]).args(paths))
}

/// The Mermaid source of a Markdown report.
pub fn mermaid_of(md: &str) -> &str {
    let graph = md.split("```mermaid\n").nth(1).expect("a mermaid block");
    graph.split("```").next().unwrap()
}

/// A small parser for the Mermaid this tool writes: node declarations and edges,
/// identifiers safe, labels quoted with nothing inside that could close them.
pub fn check_mermaid(graph: &str) -> usize {
    let node = regex::Regex::new(r#"^  (app_[a-z0-9_]*)\["([^"]*)"\]$"#).unwrap();
    let edge = regex::Regex::new(r#"^  (app_[a-z0-9_]*) -->(?:\|"([^"|]*)"\|)? (app_[a-z0-9_]*)$"#)
        .unwrap();
    let entity = regex::Regex::new(r"#(\d+);").unwrap();
    let mut lines = graph.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    let mut declared = Vec::new();
    let mut edges = 0;
    for line in lines {
        let label = if let Some(c) = node.captures(line) {
            let id = c[1].to_owned();
            assert!(!declared.contains(&id), "duplicate node {id}");
            declared.push(id);
            c.get(2)
        } else if let Some(c) = edge.captures(line) {
            for end in [&c[1], &c[3]] {
                assert!(declared.iter().any(|d| d == end), "undeclared {end}");
            }
            edges += 1;
            c.get(2)
        } else {
            panic!("not a node or an edge: {line:?}");
        };
        let label = label.map_or("", |m| m.as_str());
        assert!(!label.contains(['<', '>', '`', '|', '"']), "{label:?}");
        let without: String = entity.replace_all(label, "").into_owned();
        assert!(!without.contains('#'), "bare # in {label:?}");
    }
    assert!(!declared.is_empty() && edges > 0);
    edges
}

// ---- browser-based checks -------------------------------------------------

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// What the browser tests need, or why they cannot run.
pub fn browser_tools() -> Result<(PathBuf, PathBuf), String> {
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()));
    if !chromium.is_file() {
        return Err(format!(
            "{} not found (apt-get install chromium)",
            chromium.display()
        ));
    }
    let dir = PathBuf::from("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir() {
        return Err("tests/browser/node_modules missing (cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=1 npm install)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node not found".into());
    }
    Ok((chromium, dir))
}

/// Skips with a note outside CI; fails in CI.
pub fn need_browser() -> Option<(PathBuf, PathBuf)> {
    match browser_tools() {
        Ok(t) => Some(t),
        Err(why) if in_ci() => panic!("CI=true but the browser test cannot run: {why}"),
        Err(why) => {
            eprintln!("note: skipping the browser test: {why}");
            None
        }
    }
}

/// Runs a command with a deadline; returns its combined output on success.
pub fn run_with_deadline(cmd: &mut Command, limit: Duration) -> String {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(status.success(), "{cmd:?} failed ({status}):\n{text}");
            return text;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// mermaid-cli, or `None` (with a note) when it is not installed outside CI.
pub fn mmdc(browser: &Path) -> Option<PathBuf> {
    let mmdc = browser.join("node_modules/.bin/mmdc");
    if mmdc.is_file() {
        return Some(mmdc);
    }
    assert!(!in_ci(), "CI=true but {} is missing", mmdc.display());
    eprintln!(
        "note: skipping the Mermaid render: {} missing",
        mmdc.display()
    );
    None
}

/// Renders `graph` with mermaid-cli to SVG; fails on a Mermaid error.
pub fn render_mermaid(mmdc: &Path, browser: &Path, name: &str, graph: &str) -> String {
    let _one = browser_lock();
    let dir = out_dir();
    let input = dir.join(format!("{name}.mmd"));
    let output = dir.join(format!("{name}.svg"));
    std::fs::write(&input, graph).unwrap();
    let _ = std::fs::remove_file(&output);
    run_with_deadline(
        Command::new(mmdc)
            .arg("-p")
            .arg(browser.join("puppeteer-config.json"))
            .arg("-i")
            .arg(&input)
            .arg("-o")
            .arg(&output)
            .arg("-q"),
        Duration::from_secs(300),
    );
    let svg = std::fs::read_to_string(&output).unwrap();
    assert!(
        !svg.contains("Syntax error"),
        "{name}: Mermaid reports a syntax error"
    );
    for limit in ["Maximum text size", "Edge limit exceeded", "Too many edges"] {
        assert!(!svg.contains(limit), "{name}: Mermaid says {limit}");
    }
    svg
}

/// Drives `html` in headless Chromium against `json` (tests/browser/html.mjs);
/// screenshots go to target/report-screenshots/NAME-*.png. Returns its output.
pub fn browser_check(
    chromium: &Path,
    browser: &Path,
    html: &Path,
    json: &Path,
    name: &str,
) -> String {
    let _one = browser_lock();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-screenshots");
    let out = run_with_deadline(
        Command::new("node")
            .arg(browser.join("html.mjs"))
            .arg(html)
            .arg(json)
            .arg(&shots)
            .arg(name)
            .env("CHROMIUM", chromium),
        Duration::from_secs(300),
    );
    eprintln!("{out}");
    assert!(shots.join(format!("{name}-desktop.png")).is_file());
    out
}
