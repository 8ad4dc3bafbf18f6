//! `wirebook report`: snapshots of the Markdown and JSON for examples/, the ICS
//! feed read back by an independent parser (the `icalendar` crate), the Mermaid
//! graph checked by a syntax test and rendered by mermaid-cli, and the HTML page
//! driven in headless Chromium (tests/browser/html.mjs).
//!
//! The browser tests need Debian's `chromium`, Node and `npm install` in
//! tests/browser (see docs/report.md). Without them they are skipped with a note,
//! unless `CI=true`, where they fail.

mod report_support;

use assert_cmd::cargo::CommandCargoExt;
use icalendar::parser::{read_calendar, unfold, Component};
use report_support::{
    browser_check, check_mermaid, mermaid_of, mmdc, need_browser, out_dir, render_mermaid, report,
    wirebook, TODAY,
};
use serde_json::Value;
use std::process::Command;

fn examples(format: &str) -> String {
    report(&["examples"], format)
}

const HOSTILE: &str = "tests/report_fixtures";

#[test]
fn markdown_for_examples() {
    let md = examples("markdown");
    insta::assert_snapshot!("examples_markdown", md);

    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| **")).collect();
    assert_eq!(rows.len(), 2, "{md}");
    // Most urgent first: legacy-payroll's review is overdue (due 2026-06-02).
    assert!(rows[0].contains("`legacy-payroll`"), "{}", rows[0]);
    assert!(rows[0].contains("🔴 **2026-06-02** (overdue by 171 days)"));
    assert!(rows[1].contains("`shopify-orders`"));
    assert!(rows[1].contains("🟢 2027-01-02 (due in 43 days)"));
    assert_eq!(
        rows[1].matches("✅").count(),
        4,
        "shopify's four steps are done"
    );
    for row in &rows {
        assert_eq!(row.matches(" | ").count(), 10, "11 cells: {row}");
    }
    let graph = md.split("```mermaid\n").nth(1).expect("a mermaid block");
    let graph = graph.split("```").next().unwrap();
    assert!(graph.starts_with("flowchart LR\n"));
    assert!(graph.contains(
        "app_shopify -->|\"Customer orders and refunds · every 15 minutes\"| app_quickbooks_online"
    ));
    assert!(graph
        .contains("app_payrollpro -->|\"Salary payment instructions · monthly\"| app_bank_sftp"));
    check_mermaid(graph);
}

#[test]
fn json_for_examples() {
    let text = examples("json");
    insta::assert_snapshot!("examples_json", text);

    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["today"], TODAY);
    let items = v["integrations"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let legacy = &items[0];
    assert_eq!(legacy["id"], "legacy-payroll");
    assert_eq!(legacy["review"]["state"], "overdue");
    assert_eq!(legacy["review"]["next_due"], "2026-06-02");
    assert_eq!(legacy["review"]["days_until_due"], -171);
    assert_eq!(legacy["urgency"], 0);
    let shopify = &items[1];
    assert_eq!(shopify["id"], "shopify-orders");
    assert_eq!(shopify["tier"], "critical");
    assert_eq!(
        shopify["owners"],
        serde_json::json!(["@alice", "@it-admins"])
    );
    assert_eq!(shopify["review"]["next_due"], "2027-01-02");
    assert_eq!(shopify["review"]["interval"], "3 months");
    let steps = shopify["steps"].as_array().unwrap();
    let keys: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(keys, ["primary", "secondary", "validation", "security"]);
    assert!(steps.iter().all(|s| s["state"] == "completed"));
    // SPEC section 1: secondary is due 5 days after primary's completion (11-03).
    assert_eq!(steps[1]["deadline"], "2026-11-08");
    assert_eq!(shopify["data_flows"].as_array().unwrap().len(), 2);
    for item in items {
        let f = &item["findings"];
        let listed = f["items"].as_array().unwrap();
        for (sev, key) in [
            ("error", "errors"),
            ("warning", "warnings"),
            ("info", "infos"),
        ] {
            let n = listed.iter().filter(|d| d["severity"] == sev).count();
            assert_eq!(f[key].as_u64().unwrap() as usize, n);
        }
    }
    assert_eq!(v["graph"]["apps"].as_array().unwrap().len(), 6);
    assert_eq!(v["graph"]["edges"].as_array().unwrap().len(), 3);
}

fn events<'a>(cal: &'a [Component<'a>]) -> Vec<&'a Component<'a>> {
    cal.iter().filter(|c| c.name == "VEVENT").collect()
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> String {
    c.find_prop(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .val
        .as_str()
        .to_owned()
}

fn check_ics_lines(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare newline in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
}

#[test]
fn ics_is_read_back_by_the_icalendar_crate() {
    let text = examples("ics");
    check_ics_lines(&text);
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).expect("valid iCalendar");
    let version = cal.properties.iter().find(|p| p.name.as_str() == "VERSION");
    assert_eq!(version.unwrap().val.as_str(), "2.0");
    assert!(cal.properties.iter().any(|p| p.name.as_str() == "PRODID"));
    let events = events(&cal.components);
    assert_eq!(events.len(), 2);
    let by_uid = |uid: &str| {
        *events
            .iter()
            .find(|e| prop(e, "UID") == uid)
            .unwrap_or_else(|| panic!("no event {uid}"))
    };
    let shopify = by_uid("shopify-orders@acme.integrations.wirebook");
    assert_eq!(prop(shopify, "DTSTART"), "20270102");
    let start = shopify.find_prop("DTSTART").unwrap();
    assert!(start
        .params
        .iter()
        .any(|p| p.key.as_str() == "VALUE" && p.val.as_ref().map(|v| v.as_str()) == Some("DATE")));
    assert_eq!(prop(shopify, "DTEND"), "20270103");
    assert_eq!(prop(shopify, "DTSTAMP"), "20261120T000000Z");
    let summary = prop(shopify, "SUMMARY");
    assert!(
        summary.contains("Shopify order sync (shopify-orders)"),
        "{summary}"
    );
    let description = shopify
        .find_prop("DESCRIPTION")
        .unwrap()
        .val
        .clone()
        .unescape_text();
    let description = description.as_str();
    assert!(
        description.contains("Owners: @alice, @it-admins"),
        "{description}"
    );
    assert!(description.contains("File: examples/integrations/shopify-orders.yaml"));
    let legacy = by_uid("legacy-payroll@acme.integrations.wirebook");
    assert_eq!(prop(legacy, "DTSTART"), "20260602");
    assert!(prop(legacy, "SUMMARY").starts_with("Review overdue"));
    // Reproducible: same input, same bytes.
    assert_eq!(text, examples("ics"));
}

#[test]
fn ics_escapes_and_folds_hostile_text() {
    let text = report(&[HOSTILE], "ics");
    check_ics_lines(&text);
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).expect("valid iCalendar");
    let events = events(&cal.components);
    assert_eq!(events.len(), 2);
    let hostile = events
        .iter()
        .find(|e| prop(e, "UID") == "hostile-names@acme.integrations.wirebook")
        .unwrap();
    // Due 2026-11-10 + 2 weeks.
    assert_eq!(prop(hostile, "DTSTART"), "20261124");
    let summary = hostile
        .find_prop("SUMMARY")
        .unwrap()
        .val
        .clone()
        .unescape_text();
    assert_eq!(
        summary.as_str(),
        "Review due: Pipes | quotes \" and <script>alert(1)</script>; commas, semicolons \\ backslash (hostile-names)"
    );
    // Never reviewed: the reminder is today.
    let never = events
        .iter()
        .find(|e| prop(e, "UID") == "never-reviewed@acme.integrations.wirebook")
        .unwrap();
    assert_eq!(prop(never, "DTSTART"), "20261120");
}

#[test]
fn mermaid_survives_hostile_names() {
    let md = report(&[HOSTILE], "markdown");
    let graph = md.split("```mermaid\n").nth(1).unwrap();
    let graph = graph.split("```").next().unwrap();
    check_mermaid(graph);
    assert!(graph.contains("app_end[\"end\"]"), "{graph}");
    assert!(graph.contains("app_a_quoted_app[\"A #34;quoted#34; app\"]"));
    // The table keeps 11 cells even with pipes in the title, and no raw HTML.
    let row = md.lines().find(|l| l.contains("hostile-names")).unwrap();
    assert_eq!(row.replace("\\|", "").matches(" | ").count(), 10, "{row}");
    assert!(!row.contains("<script>"));
}

// ---- browser-based checks -------------------------------------------------

#[test]
fn html_page_in_headless_chromium() {
    let Some((chromium, browser)) = need_browser() else {
        return;
    };
    let dir = out_dir();
    let html = dir.join("report.html");
    let json = dir.join("report.json");
    for (format, path) in [("html", &html), ("json", &json)] {
        let status = wirebook()
            .args(["report", "examples", HOSTILE, "--format", format, "-o"])
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("<script>alert"), "hostile title escaped");
    let out = browser_check(&chromium, &browser, &html, &json, "report");
    assert!(out.contains("ok: 4 rows"), "{out}");
}

#[test]
fn mermaid_renders_with_mermaid_cli() {
    let Some((_, browser)) = need_browser() else {
        return;
    };
    let Some(mmdc) = mmdc(&browser) else {
        return;
    };
    for (name, paths) in [("examples", vec!["examples"]), ("hostile", vec![HOSTILE])] {
        let md = report(&paths, "markdown");
        let svg = render_mermaid(&mmdc, &browser, name, mermaid_of(&md));
        if name == "examples" {
            for label in [
                "Shopify",
                "QuickBooks Online",
                "Customer orders and refunds · every 15 minutes",
            ] {
                assert!(svg.contains(label), "{label} not drawn");
            }
        } else {
            // Entity codes are decoded back into the original characters.
            assert!(svg.contains("A \"quoted\" app") || svg.contains("A &quot;quoted&quot; app"));
            assert!(svg.contains("rows | with pipes; #hash"));
        }
    }
}

// ---- CLI behaviour ------------------------------------------------------------

#[test]
fn output_file_and_today() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("status.md");
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .args(["--today", "2026-12-01", "report", "examples", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "-o writes nothing to stdout");
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("(as of 2026-12-01)"));
    assert!(md.contains("2027-01-02 (due in 32 days)"), "{md}");
}

#[test]
fn secrets_never_appear() {
    let token = "ghp_Rk7mQ2xLp9vTz4Wn8Bt3sYh6Jd1Fc5Ga0EuK";
    let dir = tempfile::tempdir().unwrap();
    let doc = format!(
        "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata:\n  id: leaky\n  title: \"Sync with {token}\"\n  owners: [\"@a\"]\nspec:\n  primary:\n    app: Leaky\n    access:\n      credential_format: \"{token}\"\n  secondary:\n    - app: Other\n      data_flows:\n        - {{from: Leaky, to: Other, data: \"token {token}\", frequency: daily}}\n  validation:\n    review: {{last_reviewed: 2026-11-01}}\n"
    );
    std::fs::write(dir.path().join("leaky.yaml"), doc).unwrap();
    let path = dir.path().to_str().unwrap();
    for format in ["markdown", "html", "json", "ics"] {
        let text = report(&[path], format);
        let unfolded = text.replace("\r\n ", "");
        assert!(
            !unfolded.contains(&token[4..12]),
            "{format} leaks the secret:\n{text}"
        );
        assert!(
            unfolded.contains("ghp"),
            "{format}: the masked prefix is shown"
        );
    }
}

#[test]
fn empty_directory_reports_nothing_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    assert!(report(&[path], "markdown").contains("No wirebook documents found."));
    let v: Value = serde_json::from_str(&report(&[path], "json")).unwrap();
    assert_eq!(v["integrations"].as_array().unwrap().len(), 0);
    let ics = report(&[path], "ics");
    assert!(read_calendar(&unfold(&ics)).is_ok());
    assert!(report(&[path], "html").contains("No wirebook documents found."));
}
