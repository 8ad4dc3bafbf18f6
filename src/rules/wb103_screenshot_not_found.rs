use std::path::Path;

use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that `primary.screenshot` names an existing file, relative to the
    /// document's own file. A directory is not a screenshot. URLs are left to the link
    /// check, and an unanswered screenshot is WB102's business.
    ///
    /// ## Why is this bad?
    /// A renamed or never-committed image leaves a dangling reference: the document
    /// looks complete, but the screen the next person needs is gone.
    ///
    /// ## Example
    /// ```yaml
    /// # screenshot paths are relative to this file
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     screenshot: examples/integrations/img/shopify-webhook.png
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     screenshot: examples/integrations/img/shopify-webhooks.png
    /// ```
    pub ScreenshotNotFound { id: "WB103", name: "screenshot-not-found", severity: Error, summary: "`screenshot` names a file that does not exist" }
}

impl Rule for ScreenshotNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Ok(node) = cx.answer(&crate::keys!["spec", "primary", "screenshot"]) else {
            return;
        };
        let Some(name) = node.as_str().map(str::trim) else {
            return; // not text: a schema error (WB002)
        };
        if name.contains("://") {
            return;
        }
        let dir = cx.file.parent().unwrap_or_else(|| Path::new(""));
        let path = dir.join(name);
        // A regular file the walk passed exists: no system call. Anything else (and
        // every path outside a walk) is asked of the file system.
        if cx.seen.is_some_and(|seen| seen.has(&path)) {
            return;
        }
        let problem = match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => "is a directory, not an image file",
            Ok(_) => return,
            Err(_) => "does not exist",
        };
        out.push(
            Finding::new(
                &Self::META,
                node.span,
                format!("screenshot `{name}` {problem} (looked for {})", path.display()),
            )
            .help("the path is relative to this document; fix the name, or commit the image beside the document"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::{check, Options};

    fn fired(dir: &std::path::Path, screenshot: &str) -> Vec<String> {
        let doc = dir.join("doc.yaml");
        std::fs::write(
            &doc,
            format!("apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {{id: a, title: A}}\nspec:\n  primary:\n    app: A\n    screenshot: {screenshot}\n"),
        )
        .unwrap();
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        let run = check(&[doc], &Config::default(), &options).unwrap();
        run.diagnostics
            .iter()
            .filter(|d| d.rule == "WB103")
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn paths_are_relative_to_the_document() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("img")).unwrap();
        std::fs::write(tmp.path().join("img/shot.png"), b"png").unwrap();
        assert!(fired(tmp.path(), "img/shot.png").is_empty());
        assert!(fired(tmp.path(), "./img/shot.png").is_empty());
        let missing = fired(tmp.path(), "img/other.png");
        assert_eq!(missing.len(), 1);
        assert!(missing[0].contains("does not exist"), "{missing:?}");
        let dir = fired(tmp.path(), "img");
        assert!(dir[0].contains("directory"), "{dir:?}");
    }

    #[test]
    fn unanswered_and_urls_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        for value in ["TODO", "\"\"", "null", "https://wiki.example.com/shot.png"] {
            assert!(fired(tmp.path(), value).is_empty(), "{value}");
        }
    }

    /// Checked through a walk of the folder, where the walk's image index answers first:
    /// the verdicts are the file system's.
    #[test]
    fn a_walked_folder_gives_the_file_systems_verdicts() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("docs");
        std::fs::create_dir_all(root.join("img/folder.png")).unwrap();
        std::fs::create_dir_all(root.join("zz")).unwrap();
        std::fs::create_dir_all(tmp.path().join("outside")).unwrap();
        std::fs::write(root.join("img/shot.png"), b"png").unwrap();
        std::fs::write(root.join("zz/late.png"), b"png").unwrap();
        std::fs::write(tmp.path().join("outside/shot.png"), b"png").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("gone.png", root.join("img/broken.png")).unwrap();
            std::os::unix::fs::symlink("shot.png", root.join("img/link.png")).unwrap();
        }
        let cases: &[(&str, Option<&str>)] = &[
            ("img/shot.png", None),
            ("./img/shot.png", None),
            ("img/../img/shot.png", None),
            ("zz/late.png", None),
            ("../outside/shot.png", None),
            ("img/other.png", Some("does not exist")),
            ("img/folder.png", Some("is a directory")),
            #[cfg(unix)]
            ("img/broken.png", Some("does not exist")),
            #[cfg(unix)]
            ("img/link.png", None),
        ];
        for (i, (shot, _)) in cases.iter().enumerate() {
            std::fs::write(
                root.join(format!("doc-{i:02}.yaml")),
                format!("apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {{id: a{i}, title: A}}\nspec:\n  primary:\n    app: A\n    screenshot: {shot}\n"),
            )
            .unwrap();
        }
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        let run = check(std::slice::from_ref(&root), &Config::default(), &options).unwrap();
        for (i, (shot, want)) in cases.iter().enumerate() {
            let name = format!("doc-{i:02}.yaml");
            let got: Vec<&str> = run
                .diagnostics
                .iter()
                .filter(|d| d.rule == "WB103" && d.file.ends_with(&name))
                .map(|d| d.message.as_str())
                .collect();
            match want {
                None => assert!(got.is_empty(), "{shot}: {got:?}"),
                Some(w) => assert!(got.len() == 1 && got[0].contains(w), "{shot}: {got:?}"),
            }
        }
    }
}
