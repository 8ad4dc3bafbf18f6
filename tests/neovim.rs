//! A real editor as the client (SPEC section 9): Debian's Neovim (0.7, headless) starts
//! `wirebook server`, opens a document and receives its diagnostics, which must be the
//! findings `check --offline --format json` reports, at the same places (Neovim turns
//! the server's UTF-16 positions into byte columns, so a line with `😀 café` checks the
//! conversion end to end). Skipped with a note without `nvim`; fails if `CI=true`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const TODAY: &str = "2026-11-20";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn have_nvim() -> bool {
    let found = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            !in_ci(),
            "CI=true but nvim is missing (apt-get install neovim)"
        );
        eprintln!("note: skipping the Neovim test: nvim not found (apt-get install neovim)");
    }
    found
}

/// The example with gaps, and a finding after non-ASCII text on its line.
fn document() -> String {
    let text = std::fs::read_to_string("examples/integrations/shopify-orders.yaml").unwrap();
    let start = text.find("metadata:\n").unwrap();
    let end = text.find("spec:\n").unwrap();
    let flow = "metadata: {title: \"😀 café\", id: shopify-orders, tier: critcal}\n";
    format!("{}{flow}{}", &text[..start], &text[end..])
        .replace(
            "img/shopify-webhooks.png",
            "https://wiki.acme.example/shopify.png",
        )
        .replace("    contains_pii: true\n", "    contains_pii: yes\n")
        .replace(
            "    purpose: Storefront; source of every customer order\n",
            "",
        )
}

fn run_with_deadline(cmd: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let until = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > until {
            let _ = child.kill();
            panic!("nvim did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn neovim_receives_the_findings_check_reports() {
    if !have_nvim() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let doc = root.join("shop.yaml");
    let text = document();
    std::fs::write(&doc, &text).unwrap();
    let cli = Command::new(env!("CARGO_BIN_EXE_wirebook"))
        .current_dir(&root)
        .args([
            "check",
            "--offline",
            "--format",
            "json",
            "--today",
            TODAY,
            "shop.yaml",
        ])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // (rule, 0-based line, 0-based byte column) as Neovim counts them.
    let mut expected: Vec<(String, u64, u64)> = cli["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = f["line"].as_u64().unwrap() - 1;
            let chars = f["column"].as_u64().unwrap() as usize - 1;
            let l = lines[line as usize];
            let byte = l.char_indices().nth(chars).map_or(l.len(), |(i, _)| i);
            (f["rule"].as_str().unwrap().to_owned(), line, byte as u64)
        })
        .collect();
    expected.sort();
    assert!(
        expected.len() >= 3 && expected.iter().any(|(r, ..)| r == "WB002"),
        "{cli:#}"
    );
    let out = root.join("nvim-out.jsonl");
    let xdg = tempfile::tempdir().unwrap();
    let hover_line = lines
        .iter()
        .position(|l| l.starts_with("    contains_pii:"))
        .unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editor/nvim-lsp.lua");
    let started = Instant::now();
    let output = run_with_deadline(
        Command::new("nvim")
            .args(["--headless", "--clean", "-c"])
            .arg(format!("luafile {}", script.display()))
            .current_dir(&root)
            .env("WIREBOOK_BIN", env!("CARGO_BIN_EXE_wirebook"))
            .env("WIREBOOK_DOC", &doc)
            .env("WIREBOOK_OUT", &out)
            .env("WIREBOOK_ROOT", &root)
            .env("WIREBOOK_TODAY", TODAY)
            .env("WIREBOOK_COUNT", expected.len().to_string())
            .env("WIREBOOK_HOVER_LINE", hover_line.to_string())
            .env("XDG_CONFIG_HOME", xdg.path().join("config"))
            .env("XDG_DATA_HOME", xdg.path().join("data"))
            .env("XDG_STATE_HOME", xdg.path().join("state"))
            .env("XDG_CACHE_HOME", xdg.path().join("cache")),
        Duration::from_secs(90),
    );
    let printed = std::fs::read_to_string(&out).unwrap_or_default();
    eprintln!(
        "nvim exited {} after {:.2} s; it received:\n{printed}",
        output.status,
        started.elapsed().as_secs_f64()
    );
    assert!(
        output.status.success(),
        "nvim failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records: Vec<Value> = printed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut got: Vec<(String, u64, u64)> = records
        .iter()
        .filter(|r| r.get("code").is_some())
        .map(|r| {
            assert_eq!(r["source"], "wirebook");
            (
                r["code"].as_str().unwrap().to_owned(),
                r["lnum"].as_u64().unwrap(),
                r["col"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, expected);
    let tier = lines.iter().position(|l| l.contains("critcal")).unwrap() as u64;
    let col = lines[tier as usize].find("critcal").unwrap() as u64;
    let wb002 = records
        .iter()
        .find(|r| r["code"] == "WB002" && r["lnum"] == tier)
        .expect("the enum finding on the tier line");
    assert_eq!(
        (wb002["col"].as_u64(), wb002["end_col"].as_u64()),
        (Some(col), Some(col + 7))
    );
    let hover = records
        .iter()
        .find_map(|r| r["hover"].as_str())
        .unwrap_or_default();
    assert!(hover.contains("Is any of it PII?"), "hover: {hover}");
}
