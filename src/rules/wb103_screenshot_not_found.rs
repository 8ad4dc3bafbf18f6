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
}
