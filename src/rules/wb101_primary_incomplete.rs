use super::{Ctx, Finding, Rule, RuleMeta};
use crate::document::{is_placeholder, Key};

declare_rule! {
    /// ## What it does
    /// Checks that step 1 answers its questions about the primary app: what it does
    /// (`purpose`), how to get in (`access.login_url`, `access.credential_format`) and
    /// what it connects to (`connects_to`). One finding per unanswered question, quoting
    /// it. An `app` left as a placeholder such as `TODO` is reported too.
    ///
    /// ## Why is this bad?
    /// These are the first things the person paged at 2am needs: which system this is,
    /// where to log in, and what else breaks when it breaks.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     purpose: Storefront; source of every customer order
    ///     access:
    ///       login_url: TODO
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     purpose: Storefront; source of every customer order
    ///     access:
    ///       login_url: https://admin.shopify.com/store/acme
    ///       credential_format: Okta SSO for staff; Admin API token for the sync
    ///     connects_to: [QuickBooks Online]
    /// ```
    pub PrimaryIncomplete { id: "WB101", name: "primary-incomplete", severity: Error, summary: "a step-1 question is unanswered (purpose, login URL, credential format, connections)" }
}

pub(crate) const WHAT: &str = "App name and what it does for your business";
pub(crate) const ACCESS: &str = "How to access it (login URLs, credential format)?";
pub(crate) const CONNECTS: &str = "What other systems does it connect to?";

/// (path below `spec.primary`, what to write, question, help)
pub(crate) const QUESTIONS: &[(&[Key], &str, &str, &str)] = &[
    (
        &[Key::word("purpose")],
        "what the app does for the business (`purpose`)",
        WHAT,
        "write one line on its role, e.g. `purpose: Storefront; source of every customer order`",
    ),
    (
        &[Key::word("access"), Key::word("login_url")],
        "the URL people log in at (`access.login_url`)",
        ACCESS,
        "write the admin or login page address, e.g. `login_url: https://admin.shopify.com/store/acme`",
    ),
    (
        &[Key::word("access"), Key::word("credential_format")],
        "how people log in (`access.credential_format`)",
        ACCESS,
        "describe the kind of credential, never the credential itself, e.g. `credential_format: Okta SSO for staff; API token for the sync`",
    ),
    (
        &[Key::word("connects_to")],
        "the systems it connects to (`connects_to`)",
        CONNECTS,
        "list the apps it exchanges data with, e.g. `connects_to: [QuickBooks Online, ShipStation]`; write `[none]` if it stands alone",
    ),
];

impl Rule for PrimaryIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // A missing or empty `app` is a schema error (WB002); a placeholder slips past.
        if let Some(app) = cx.root.at_path(&crate::keys!["spec", "primary", "app"]) {
            if app.as_str().is_some_and(is_placeholder) {
                out.push(
                    Finding::new(
                        &Self::META,
                        app.span,
                        format!("step 1 does not name the app: \"{WHAT}\""),
                    )
                    .help("write the product's name as people know it, e.g. `app: Shopify`"),
                );
            }
        }
        // A missing `primary` is a schema error (WB002); `primary: TODO` leaves every
        // question unanswered.
        let Some(primary) = cx.root.at_path(&crate::keys!["spec", "primary"]) else {
            return;
        };
        for (path, what, question, help) in QUESTIONS {
            if let Err(gap) = super::answer_in(primary, "/spec/primary", path) {
                out.push(
                    Finding::new(
                        &Self::META,
                        gap.span,
                        format!("step 1 lacks {what}: \"{question}\""),
                    )
                    .help(*help)
                    .todo(&gap, question),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::{check_texts, Options};

    /// WB101 findings as (line, column, message).
    fn findings(primary: &str) -> Vec<(usize, usize, String)> {
        let text = format!("apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {{id: a, title: A}}\nspec:\n  primary:\n{primary}");
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        check_texts(&[("a.yaml".to_owned(), text)], &Config::default(), &options)
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == "WB101")
            .map(|d| (d.span.line, d.span.column, d.message))
            .collect()
    }

    #[test]
    fn each_unanswered_question_is_reported_where_it_belongs() {
        let found = findings("    app: Shopify\n    purpose: n/a\n    connects_to: [none]\n");
        // `n/a` and `[none]` are answers; no `access`: both questions at `primary`.
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| (f.0, f.1) == (6, 5)));
        // In the order of the questions.
        assert!(found[0].2.contains("login_url"));
        assert!(found[1].2.contains("credential_format"));
        assert!(found[0]
            .2
            .contains("\"How to access it (login URLs, credential format)?\""));
    }

    #[test]
    fn placeholders_are_unanswered() {
        let found = findings(
            "    app: todo\n    purpose: TBD\n    access: {login_url: '?', credential_format: SSO}\n    connects_to: [QuickBooks]\n",
        );
        let at: Vec<_> = found.iter().map(|f| (f.0, f.1)).collect();
        assert_eq!(at, vec![(6, 10), (7, 14), (8, 25)], "{found:#?}");
        assert!(found[0].2.contains("does not name the app"));
    }

    #[test]
    fn a_primary_left_as_todo_misses_every_answer() {
        assert_eq!(findings("    TODO\n").len(), 4);
    }
}
