//! The "Use it in CI" snippets in README.md are the files CI lints and the tests run.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `(file, snippet)` for each `<!-- snippet: FILE -->` followed by a fenced block.
fn snippets(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(at) = rest.find("<!-- snippet: ") {
        rest = &rest[at + "<!-- snippet: ".len()..];
        let (file, after) = rest.split_once(" -->\n").expect("marker ends with -->");
        let after = after
            .strip_prefix("```yaml\n")
            .unwrap_or_else(|| panic!("{file}: a ```yaml block must follow the marker"));
        let end = after.find("\n```\n").expect("unterminated block") + 1;
        out.push((file.to_owned(), after[..end].to_owned()));
        rest = &after[end..];
    }
    out
}

#[test]
fn ci_docs_snippets_equal_the_files() {
    let doc = read("README.md");
    let found = snippets(&doc);
    let files: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        [
            "examples/workflows/pull-request.yml",
            "examples/workflows/sweep.yml",
            "examples/workflows/sarif.yml",
            "examples/workflows/org-report.yml",
            "examples/pre-commit-config-wheel.yaml",
            "examples/pre-commit-config.yaml",
        ]
    );
    for (file, snippet) in &found {
        assert_eq!(snippet, &read(file), "README.md is out of date for {file}");
    }
    assert!(doc.contains("60 days"));
}

#[test]
fn example_workflows_ask_for_what_they_need() {
    let sweep = read("examples/workflows/sweep.yml");
    for needle in [
        "schedule:",
        "workflow_dispatch:",
        "issues: write",
        "contents: read",
        "concurrency:",
        "path: .wirebook-cache.json",
        "command: sweep",
    ] {
        assert!(sweep.contains(needle), "sweep.yml lacks {needle}");
    }
    let sarif = read("examples/workflows/sarif.yml");
    assert!(sarif.contains("security-events: write"));
    assert!(sarif.contains("github/codeql-action/upload-sarif@"));
    assert!(
        sarif.contains("sarif-file: wirebook.sarif")
            && sarif.contains("sarif_file: wirebook.sarif")
    );
    let pr = read("examples/workflows/pull-request.yml");
    assert!(pr.contains("pull_request:") && pr.contains("changed-since:"));
    assert!(pr.contains("fetch-depth: 0"));
    let org = read("examples/workflows/org-report.yml");
    for needle in [
        "schedule:",
        "matrix:",
        "fail-fast: false",
        "repository: ${{ matrix.repository }}",
        "contents: read",
        "command: install",
        "wirebook report --format json --repo \"$REPOSITORY\"",
        "actions/upload-artifact@",
        "actions/download-artifact@",
        "needs: report",
        "wirebook report --merge reports/*/wirebook-report.json --format html",
        "wirebook report --merge reports/*/wirebook-report.json --format markdown",
        "$GITHUB_STEP_SUMMARY",
    ] {
        assert!(org.contains(needle), "org-report.yml lacks {needle}");
    }
    // Matrix values reach the scripts through env, never interpolated into `run:`.
    let parsed = wirebook::document::parse(&wirebook::document::SourceText::new(org));
    let mut runs = 0;
    parsed.documents[0].root.walk(|node| {
        if let Some(script) = node.get("run").and_then(|r| r.as_str()) {
            runs += 1;
            assert!(!script.contains("${{"), "template in run: {script}");
        }
    });
    assert_eq!(runs, 2);
}

#[test]
fn pre_commit_hook_is_offline_serial_and_yaml_only() {
    let hooks = read(".pre-commit-hooks.yaml");
    for needle in [
        "- id: wirebook",
        "entry: wirebook check --offline",
        "language: rust",
        "files: \\.ya?ml$",
        "require_serial: true",
    ] {
        assert!(
            hooks.contains(needle),
            ".pre-commit-hooks.yaml lacks {needle}"
        );
    }
    let version = env!("CARGO_PKG_VERSION");
    for file in [
        "examples/pre-commit-config.yaml",
        "examples/pre-commit-config-wheel.yaml",
    ] {
        let config = read(file);
        assert!(config.contains("- id: wirebook"), "{file}");
        assert!(
            config.contains(&format!("rev: v{version}")),
            "{file}: the pre-commit snippet should name this version"
        );
    }
}

/// The lines of a hooks file, without comments and blank lines.
fn hook_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .collect()
}

#[test]
fn wheel_hook_is_the_rust_hook_installed_by_python() {
    let rust = read(".pre-commit-hooks.yaml");
    let wheel = read("dist/pre-commit/.pre-commit-hooks.yaml");
    let expected: Vec<String> = hook_lines(&rust)
        .iter()
        .map(|l| l.replace("language: rust", "language: python"))
        .collect();
    assert!(expected.iter().any(|l| l.contains("language: python")));
    assert_eq!(
        hook_lines(&wheel),
        expected,
        "dist/pre-commit/.pre-commit-hooks.yaml must be the root hook with language: python"
    );
}

#[test]
fn action_inputs_and_outputs_match_the_entrypoint() {
    let action = read("action.yml");
    for input in [
        "command",
        "paths",
        "config",
        "offline",
        "format",
        "sarif-file",
        "version",
        "github-token",
        "fail-on",
        "changed-since",
    ] {
        assert!(
            action.contains(&format!("\n  {input}:\n")),
            "action.yml lacks input {input}"
        );
    }
    for output in ["findings", "errors", "exit-code", "sarif-file"] {
        assert!(
            action.contains(&format!("${{{{ steps.run.outputs.{output} }}}}")),
            "action.yml lacks output {output}"
        );
    }
    // Inputs reach the scripts as environment variables, never interpolated into `run:`.
    for line in action
        .lines()
        .filter(|l| l.trim_start().starts_with("run:"))
    {
        assert!(!line.contains("${{"), "template in run: {line}");
    }
    let entry = read("action/entrypoint.sh");
    for var in [
        "INPUT_COMMAND",
        "INPUT_PATHS",
        "INPUT_CONFIG",
        "INPUT_OFFLINE",
        "INPUT_FORMAT",
        "INPUT_SARIF_FILE",
        "INPUT_CHANGED_SINCE",
        "INPUT_FAIL_ON",
    ] {
        assert!(
            action.contains(&format!("{var}: ")),
            "action.yml does not set {var}"
        );
        assert!(entry.contains(var), "entrypoint.sh ignores {var}");
    }
}
