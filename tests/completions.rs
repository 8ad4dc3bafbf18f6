//! `wirebook completions <shell>` and `wirebook man` print what packagers install.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_for_each_shell() {
    assert!(run(&["completions", "bash"]).contains("complete -F _wirebook"));
    assert!(run(&["completions", "zsh"]).starts_with("#compdef wirebook"));
    assert!(run(&["completions", "fish"]).contains("complete -c wirebook"));
    assert!(run(&["completions", "powershell"]).contains("Register-ArgumentCompleter"));
    let elvish = run(&["completions", "elvish"]);
    assert!(
        elvish.contains("edit:completion:arg-completer[wirebook]"),
        "{elvish}"
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = Command::cargo_bin("wirebook")
        .unwrap()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_documents_the_commands() {
    let man = run(&["man"]);
    assert!(man.contains(".TH wirebook"), "{man}");
    assert!(man.contains("check"));
    assert!(man.contains("Exit codes"));
}
