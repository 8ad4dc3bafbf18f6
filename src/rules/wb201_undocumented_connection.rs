use super::{Finding, Rule, RuleMeta};
use crate::project::Project;

declare_rule! {
    /// ## What it does
    /// Checks that every app in `primary.connects_to` is documented: by a `secondary`
    /// entry with the same `app` (case-insensitive) in this document, or by another
    /// document that names the app as its primary or a secondary app. `none` and `n/a`
    /// are ignored.
    ///
    /// ## Why is this bad?
    /// Step 2 asks for every supporting app: its relationship, data flows, access and
    /// known issues. A connection listed but never described is where the next outage
    /// hides: nobody knows who can log in to the other side or what flows through it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     connects_to: [QuickBooks Online, ShipStation]
    ///   secondary:
    ///     - app: QuickBooks Online
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     connects_to: [QuickBooks Online, ShipStation]
    ///   secondary:
    ///     - app: QuickBooks Online
    ///     - app: ShipStation
    ///       relationship: Fulfilment; receives paid orders to print labels
    /// ```
    pub UndocumentedConnection { id: "WB201", name: "undocumented-connection", severity: Warning, summary: "an app in `connects_to` has no `secondary` entry and no document of its own" }
}

impl Rule for UndocumentedConnection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, project: &Project, out: &mut Vec<(usize, Finding)>) {
        for doc in &project.docs {
            for c in &doc.connections {
                // The project counts this document too when it names the app (only as
                // its own primary app, since no secondary entry matched).
                if project.documents_with_app(&c.key) > usize::from(c.own) {
                    continue;
                }
                let name = &c.name;
                let mut f = Finding::new(
                    &Self::META,
                    c.span,
                    format!("connection `{name}` is not documented: add a `secondary` entry for it (\"App name and its relationship to the primary app\")"),
                )
                .help(format!("add `- app: {name}` under `spec.secondary` with its relationship, data flows, access and known issues, or document it in its own file"));
                f.pointer = Some(c.pointer.clone());
                out.push((doc.file, f));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::{check_texts, Options};

    const HEAD: &str = "apiVersion: wirebook.dev/v1\nkind: Integration\n";

    fn doc(id: &str, app: &str, connects: &str, secondary: &[&str]) -> String {
        let mut s = format!("{HEAD}metadata: {{id: {id}, title: T}}\nspec:\n  primary:\n    app: {app}\n    connects_to: {connects}\n");
        if !secondary.is_empty() {
            s.push_str("  secondary:\n");
            for a in secondary {
                s.push_str(&format!("    - app: {a}\n"));
            }
        }
        s
    }

    /// WB201 findings as (file, line).
    fn findings(files: &[(&str, String)]) -> Vec<(String, usize)> {
        let files: Vec<_> = files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), t.clone()))
            .collect();
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        check_texts(&files, &Config::default(), &options)
            .diagnostics
            .iter()
            .filter(|d| d.rule == "WB201")
            .map(|d| (d.file.clone(), d.span.line))
            .collect()
    }

    #[test]
    fn secondary_entries_match_case_insensitively_and_trimmed() {
        let text = doc(
            "a",
            "Shopify",
            "[\" quickbooks online \", ShipStation]",
            &["QuickBooks Online"],
        );
        assert_eq!(
            findings(&[("a.yaml", text)]),
            vec![("a.yaml".to_owned(), 7)]
        );
    }

    #[test]
    fn another_document_naming_the_app_documents_it() {
        let a = doc("a", "Shopify", "[ShipStation, Stripe]", &[]);
        let b = doc("b", "shipstation", "[none]", &[]);
        let c = doc("c", "Klaviyo", "[n/a]", &["STRIPE"]);
        assert!(findings(&[("a.yaml", a.clone()), ("b.yaml", b), ("c.yaml", c)]).is_empty());
        assert_eq!(findings(&[("a.yaml", a)]).len(), 2);
    }

    #[test]
    fn a_document_does_not_document_its_own_connection() {
        // Shopify "connects to" itself: only this document names Shopify.
        let a = doc("a", "Shopify", "[Shopify]", &[]);
        assert_eq!(findings(&[("a.yaml", a.clone())]).len(), 1);
        // A second document with Shopify as primary does document it.
        let b = doc("b", "Shopify", "[]", &[]);
        assert!(findings(&[("a.yaml", a), ("b.yaml", b)]).is_empty());
    }

    #[test]
    fn unanswered_items_are_not_connections() {
        let a = doc("a", "Shopify", "[TODO, \"\"]", &[]);
        assert!(findings(&[("a.yaml", a)]).is_empty());
    }
}
