//! `wirebook people`, `offboard` and `show` on the small hand-written organization in
//! tests/org_fixtures (five documents: a flow chain Shopify → QuickBooks Online →
//! Bank Export → Treasury Sheet across three of them, @dave written three ways, a
//! team that is the only other contact, people holding integrations alone, and two
//! secrets pasted into bank-export.yaml), and the examples in docs/organization.md
//! and README.md, which must equal the real output.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::{json, Value};

const TODAY: &str = "2026-11-20";
const ORG: &str = "tests/org_fixtures";
/// The secrets pasted into bank-export.yaml (a URL password and a GitHub token).
const SECRETS: [&str; 2] = ["S3cr3tPassw0rd", "ghp_Zq7Rw2Lx9Vb4Nc6Md1Kf8Hj3Gt5Ys0Pa2Ue4"];

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn wirebook(args: &[&str]) -> Out {
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(args: &[&str]) -> String {
    let out = wirebook(args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

/// `(id, [roles], alone)` of each integration of the person at `people[index]`.
fn held(p: &Value) -> Vec<(String, Vec<String>, bool)> {
    p["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let roles = i["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect();
            (
                i["id"].as_str().unwrap().to_owned(),
                roles,
                i["alone"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn people_names_everyone_once_with_roles_and_who_holds_integrations_alone() {
    let v = json_of(&["people", ORG, "--format", "json"]);
    assert_eq!(
        v["summary"],
        json!({"integrations": 5, "people": 7, "single_person": 3})
    );
    let order: Vec<(&str, &str, u64)> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["person"].as_str().unwrap(),
                p["kind"].as_str().unwrap(),
                p["alone"].as_u64().unwrap(),
            )
        })
        .collect();
    // @Dave, @DAVE and @dave are one person (shown in the most common spelling),
    // @Bob and @bob too; people holding integrations alone come first.
    assert_eq!(
        order,
        [
            ("@dave", "user", 1),
            ("@bob", "user", 1),
            ("@acme/finance", "team", 0),
            ("@ciso", "user", 0),
            ("@alice", "user", 0),
            ("@erin", "user", 0),
            ("billing@acme.example", "email", 0),
        ]
    );
    assert_eq!(
        held(&v["people"][0]),
        [
            (
                "bank-export".to_owned(),
                strs(&["owner", "technical_contact", "billing_contact"]),
                true
            ),
            (
                "quickbooks-bank".to_owned(),
                strs(&["owner", "technical_contact", "has_access"]),
                false
            ),
            ("shopify-orders".to_owned(), strs(&["owner"]), false),
        ]
    );
    assert_eq!(
        held(&v["people"][1]),
        [
            (
                "shipstation-labels".to_owned(),
                strs(&[
                    "owner",
                    "technical_contact",
                    "access_requests_contact",
                    "billing_contact"
                ]),
                true
            ),
            (
                "shopify-orders".to_owned(),
                strs(&["has_access", "reviewer"]),
                false
            ),
        ]
    );
    assert_eq!(
        held(&v["people"][4]),
        [(
            "shopify-orders".to_owned(),
            strs(&[
                "owner",
                "technical_contact",
                "access_requests_contact",
                "grants_access",
                "assignee"
            ]),
            false
        )]
    );
    assert_eq!(
        v["single_person"],
        json!([
            {"id": "helpdesk", "title": "Zendesk help desk", "file": "tests/org_fixtures/helpdesk.yaml", "document": 0, "person": null},
            {"id": "shipstation-labels", "title": "ShipStation tracking sync", "file": "tests/org_fixtures/shipstation-labels.yaml", "document": 0, "person": "@bob"},
            {"id": "bank-export", "title": "Bank export to treasury", "file": "tests/org_fixtures/bank-export.yaml", "document": 0, "person": "@dave"},
        ])
    );
}

#[test]
fn the_single_person_integrations_are_the_ones_wb307_warns_about() {
    let check = wirebook(&["check", "--offline", "--format", "json", ORG]);
    let v: Value = serde_json::from_str(&check.stdout).unwrap();
    let mut wb307: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "WB307")
        .map(|f| f["document"].as_str().unwrap())
        .collect();
    wb307.sort_unstable();
    let people = json_of(&["people", ORG, "--format", "json"]);
    let mut single: Vec<&str> = people["single_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    single.sort_unstable();
    assert_eq!(single, wb307);
    assert_eq!(single, ["bank-export", "helpdesk", "shipstation-labels"]);
}

#[test]
fn offboard_marks_fields_nobody_else_holds_and_proposes_the_documents_other_people() {
    let v = json_of(&["offboard", "@DaVe", ORG, "--format", "json"]);
    assert_eq!(v["person"], "@dave");
    assert_eq!(
        v["summary"],
        json!({"documents": 3, "fields": 7, "sole_fields": 6, "alone": 1})
    );
    let docs = v["documents"].as_array().unwrap();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["bank-export", "quickbooks-bank", "shopify-orders"]);
    let fields = |d: &Value| -> Vec<(String, String, u64, bool)> {
        d["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["role"].as_str().unwrap().to_owned(),
                    f["pointer"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    f["sole"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let f = |role: &str, pointer: &str, line: u64, sole: bool| {
        (role.to_owned(), pointer.to_owned(), line, sole)
    };
    // bank-export holds @dave alone and names nobody else at all.
    assert_eq!(docs[0]["alone"], true);
    assert_eq!(
        fields(&docs[0]),
        [
            f("owner", "/metadata/owners/0", 6, true),
            f(
                "technical_contact",
                "/spec/validation/contacts/technical",
                32,
                true
            ),
            f(
                "billing_contact",
                "/spec/validation/contacts/billing",
                34,
                true
            ),
        ]
    );
    assert_eq!(docs[0]["candidates"], json!([]));
    // quickbooks-bank: the team @acme/finance is the only other contact, so it is the
    // first candidate; the approver follows.
    assert_eq!(docs[1]["alone"], false);
    assert_eq!(
        fields(&docs[1]),
        [
            f("owner", "/metadata/owners/0", 6, true),
            f(
                "has_access",
                "/spec/secondary/0/access/who_has_access/0",
                26,
                true
            ),
            f(
                "technical_contact",
                "/spec/validation/contacts/technical",
                32,
                true
            ),
        ]
    );
    assert_eq!(docs[1]["fields"][1]["app"], "Bank Export");
    assert_eq!(
        docs[1]["candidates"],
        json!([
            {"person": "@acme/finance", "mentions": 2, "roles": ["access_requests_contact", "grants_access"]},
            {"person": "@ciso", "mentions": 1, "roles": ["approver"]},
        ])
    );
    // shopify-orders: @alice shares the owner list, so that field is not sole.
    assert_eq!(
        fields(&docs[2]),
        [f("owner", "/metadata/owners/1", 7, false)]
    );
    assert_eq!(docs[2]["fields"][0]["others"], json!(["@alice"]));
    let cands: Vec<&str> = docs[2]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["person"].as_str().unwrap())
        .collect();
    assert_eq!(
        cands,
        [
            "@alice",
            "@bob",
            "@acme/finance",
            "billing@acme.example",
            "@ciso"
        ]
    );
}

#[test]
fn offboard_markdown_and_any_spelling_of_the_handle() {
    let md = ok(&["offboard", "dave", ORG]);
    assert_eq!(ok(&["offboard", "@DAVE", ORG]), md);
    assert!(md.starts_with("# Handover before @dave leaves\n\n@dave is named in 3 documents, in 7 fields; 6 of them name nobody else, and 1 integration depends on @dave alone.\n"), "{md}");
    assert!(md.contains("- [ ] owner · `/metadata/owners/0` · `tests/org_fixtures/bank-export.yaml:6` · **nobody else**\n"));
    assert!(md.contains("- [ ] has access (Bank Export) · `/spec/secondary/0/access/who_has_access/0` · `tests/org_fixtures/quickbooks-bank.yaml:26` · **nobody else**\n"));
    assert!(md.contains("- [ ] owner · `/metadata/owners/1` · `tests/org_fixtures/shopify-orders.yaml:7` · also @alice\n"));
    assert!(md.contains("Candidates, most involved first: @acme/finance (access-requests contact, grants access), @ciso (approver).\n"));
    assert!(md.contains("Candidates: nobody else is named in this document.\n"));
    let unknown = wirebook(&["offboard", "@daev", ORG]);
    assert_eq!(unknown.code, 0);
    assert_eq!(
        unknown.stdout,
        "# Handover before @daev leaves\n\nNo document names @daev: nothing to hand over.\n"
    );
    assert!(
        unknown.stderr.contains("did you mean @dave?"),
        "{}",
        unknown.stderr
    );
    let nobody = wirebook(&["offboard", "@", ORG]);
    assert_eq!(nobody.code, 2);
    assert!(nobody.stderr.contains("names nobody"));
}

fn reach(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path: Vec<&str> = r["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            format!("{} ({})", path.join(" → "), r["distance"])
        })
        .collect()
}

#[test]
fn show_follows_flows_downstream_across_three_documents_and_upstream() {
    let v = json_of(&["show", "shopify", ORG, "--format", "json"]);
    assert_eq!(v["match"], "app");
    assert_eq!(v["app"], "Shopify");
    assert_eq!(
        reach(&v, "downstream"),
        [
            "Shopify → QuickBooks Online (1)",
            "Shopify → ShipStation (1)",
            "Shopify → QuickBooks Online → Bank Export (2)",
            "Shopify → QuickBooks Online → Bank Export → Treasury Sheet (3)",
        ]
    );
    assert_eq!(reach(&v, "upstream"), ["ShipStation → Shopify (1)"]);
    // Every document where Shopify is the primary or a supporting app; primary first.
    let docs: Vec<(&str, &str)> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        docs,
        [
            ("shopify-orders", "primary"),
            ("shipstation-labels", "supporting")
        ]
    );
    let flows = |key: &str| -> Vec<(String, Value)> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    format!(
                        "{} → {}",
                        f["from"].as_str().unwrap(),
                        f["to"].as_str().unwrap()
                    ),
                    f["on_failure"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        flows("flows_out"),
        [
            ("Shopify → QuickBooks Online".to_owned(), json!("Orders pile up in the Shopify webhook queue; replay from Settings > Notifications")),
            ("Shopify → ShipStation".to_owned(), Value::Null),
        ]
    );
    assert_eq!(
        flows("flows_in"),
        [(
            "shipstation → Shopify".to_owned(),
            json!("Customers get no tracking e-mail; paste the numbers into Shopify by hand")
        )]
    );
    let bank = json_of(&["show", "Bank Export", ORG, "--format", "json"]);
    assert_eq!(
        reach(&bank, "upstream"),
        [
            "QuickBooks Online → Bank Export (1)",
            "Shopify → QuickBooks Online → Bank Export (2)",
            "ShipStation → Shopify → QuickBooks Online → Bank Export (3)",
        ]
    );
    assert_eq!(
        reach(&bank, "downstream"),
        ["Bank Export → Treasury Sheet (1)"]
    );
}

#[test]
fn show_by_id_and_by_app_whatever_the_case_and_spaces() {
    let by_id = json_of(&["show", "shopify-orders", ORG, "--format", "json"]);
    assert_eq!(by_id["match"], "integration");
    assert_eq!(by_id["documents"].as_array().unwrap().len(), 1);
    assert_eq!(
        by_id["documents"][0]["access"]["login_url"],
        "https://admin.shopify.com/store/acme"
    );
    assert_eq!(
        by_id["documents"][0]["known_issues"][0]["workaround"],
        "Create the SKU in QuickBooks, then replay the webhook"
    );
    assert_eq!(
        by_id["documents"][0]["review"]["checks_not_passed"][0]["check"],
        "troubleshooting_tested"
    );
    // `shipstation` (primary of one document) and `ShipStation` (supporting app of
    // another) are one app, shown as most often written.
    let app = json_of(&["show", "  SHIPSTATION ", ORG, "--format", "json"]);
    assert_eq!(app["app"], "ShipStation");
    let ids: Vec<&str> = app["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["shipstation-labels", "shopify-orders"]);
}

#[test]
fn an_overdue_or_missing_review_is_said_first() {
    let text = ok(&["show", "bank-export", ORG]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Bank export to treasury (bank-export): runbook");
    assert_eq!(lines[1], "");
    assert_eq!(
        lines[2],
        "!! REVIEW OVERDUE: bank-export was due for review on 2026-06-02, 171 days ago; this runbook may be out of date."
    );
    let md = ok(&["show", "helpdesk", ORG, "--format", "markdown"]);
    let second = md.lines().nth(2).unwrap();
    assert_eq!(
        second,
        "> **⚠️ NEVER REVIEWED: helpdesk has no review date; this runbook may be out of date.**"
    );
    let v = json_of(&["show", "helpdesk", ORG, "--format", "json"]);
    assert_eq!(
        v["alerts"][0],
        "NEVER REVIEWED: helpdesk has no review date; this runbook may be out of date."
    );
    assert_eq!(v["documents"][0]["review"]["state"], "missing");
}

#[test]
fn no_secret_beyond_its_first_four_characters_appears_in_any_output() {
    // The secrets are real detections (WB104), so the documents hold them.
    let check = wirebook(&["check", "--offline", "--format", "json", ORG]);
    let v: Value = serde_json::from_str(&check.stdout).unwrap();
    let wb104 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "WB104")
        .count();
    assert_eq!(wb104, 2);
    let text = std::fs::read_to_string(Path::new(ORG).join("bank-export.yaml")).unwrap();
    assert!(SECRETS.iter().all(|s| text.contains(s)));

    let mut outputs = Vec::new();
    for format in ["human", "markdown", "json"] {
        for query in [
            "bank-export",
            "Bank Export",
            "QuickBooks Online",
            "Treasury Sheet",
        ] {
            outputs.push(ok(&["show", query, ORG, "--format", format]));
        }
    }
    for format in ["markdown", "json"] {
        outputs.push(ok(&["people", ORG, "--format", format]));
        outputs.push(ok(&["offboard", "@dave", ORG, "--format", format]));
    }
    outputs.push(ok(&["report", ORG, "--format", "html"]));
    let human = ok(&["show", "bank-export", ORG]);
    assert!(
        human.contains("Log in          sftp://trea*******************@sftp.bank.example/upload"),
        "{human}"
    );
    for out in &outputs {
        for secret in SECRETS {
            assert!(
                !out.contains(&secret[4..]),
                "{} leaked:\n{out}",
                &secret[..4]
            );
        }
    }
}

#[test]
fn show_without_a_match_exits_2_with_the_closest_names() {
    let out = wirebook(&["show", "shopfy", ORG]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr.trim_end(),
        "wirebook: no integration (metadata.id) or app named `shopfy`; closest: Shopify, shopify-orders, ShipStation"
    );
    let out = wirebook(&["show", "Zendesk", ORG, "--id"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no integration (metadata.id) named `Zendesk`"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_ambiguous_query_exits_2_listing_the_matches() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |id: &str, app: &str, secondary: &str| {
        format!("apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {{id: {id}, title: T {id}}}\nspec:\n  primary: {{app: {app}}}\n  secondary:\n    - app: {secondary}\n")
    };
    std::fs::write(
        dir.path().join("a.yaml"),
        doc("stripe", "Shopify", "Stripe"),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.yaml"), doc("billing", "Stripe", "Xero")).unwrap();
    let path = dir.path().to_str().unwrap();
    let out = wirebook(&["show", "STRIPE", path]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    let a = dir.path().join("a.yaml");
    assert_eq!(
        out.stderr,
        format!(
            "wirebook: `STRIPE` is ambiguous; it matches:\n  integration `stripe` (T stripe) in {}\n  app `Stripe` in 2 document(s)\nPass --id or --app to choose.\n",
            a.display()
        )
    );
    assert_eq!(
        json_of(&["show", "stripe", path, "--id", "--format", "json"])["match"],
        "integration"
    );
    assert_eq!(
        json_of(&["show", "stripe", path, "--app", "--format", "json"])["documents"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_html_report_has_a_people_section() {
    let html = ok(&["report", ORG, "--format", "html"]);
    let at = html
        .find("<h2 id=\"h-people\">People</h2>")
        .expect("a People section");
    let people = &html[at..];
    assert!(people.contains(
        "7 people and teams named in 5 integrations; 3 integrations depend on a single person."
    ));
    assert!(people.contains("<td data-label=\"The only person\"><strong>@dave</strong></td>"));
    assert!(people.contains(
        "<td data-label=\"The only person\"><span class=\"badge bad\">nobody</span></td>"
    ));
    assert!(people.contains("<li><strong>Bank export to treasury</strong> <code>bank-export</code>: owner, technical contact, billing contact <span class=\"badge bad\">alone</span></li>"));
    assert!(html.rfind("</main>").unwrap() > at);
}

/// `(command, block)` for each `<!-- output: ARGS -->` (the whole output) or
/// `<!-- output-head: ARGS -->` (its first lines) followed by a fenced block.
fn examples(doc: &str) -> Vec<(bool, String, String)> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(at) = rest.find("<!-- output") {
        rest = &rest[at + "<!-- output".len()..];
        let (whole, after) = if let Some(r) = rest.strip_prefix(": ") {
            (true, r)
        } else {
            (
                false,
                rest.strip_prefix("-head: ")
                    .expect("output: or output-head:"),
            )
        };
        let (cmd, after) = after.split_once(" -->\n").expect("marker ends with -->");
        let after = after.split_once('\n').expect("a fence line").1;
        let end = after.find("\n```\n").expect("unterminated block") + 1;
        out.push((whole, cmd.to_owned(), after[..end].to_owned()));
        rest = &after[end..];
    }
    out
}

fn check_examples(file: &str, expected: usize) {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let found = examples(&doc);
    assert_eq!(found.len(), expected, "{file}: examples found");
    for (whole, cmd, block) in found {
        let args: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(args[0], "wirebook", "{file}: {cmd}");
        assert_eq!(args[1..3], ["--today", TODAY], "{file}: {cmd}");
        let out = wirebook(&args[3..]);
        assert_eq!(out.code, 0, "{cmd}: {}", out.stderr);
        if whole {
            assert_eq!(block, out.stdout, "{file} is out of date for `{cmd}`");
        } else {
            assert!(
                out.stdout.starts_with(&block),
                "{file} is out of date for `{cmd}`:\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn docs_organization_examples_are_the_real_output() {
    check_examples("docs/organization.md", 4);
}

#[test]
fn readme_examples_are_the_real_output() {
    check_examples("README.md", 3);
}
