use crate::document::Key;
use super::{answer_in, Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks that every `secondary` app says who has access (`access.who_has_access`)
    /// and who can grant it (`access.grants_access`): one finding per missing answer.
    ///
    /// ## Why is this bad?
    /// Step 2 asks "Who has access, and who can grant permissions?". Without it, the
    /// person fixing a broken sync cannot find anyone who can log in to the other side,
    /// and offboarding misses accounts nobody knew about.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   secondary:
    ///     - app: QuickBooks Online
    ///       access:
    ///         who_has_access: ["@finance-team"]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   secondary:
    ///     - app: QuickBooks Online
    ///       access:
    ///         who_has_access: ["@finance-team"]
    ///         grants_access: "@it-admins"
    /// ```
    pub AccessUnassigned { id: "WB203", name: "access-unassigned", severity: Error, summary: "a secondary app lacks `who_has_access` or `grants_access`" }
}

pub(crate) const QUESTION: &str = "Who has access, and who can grant permissions?";

impl Rule for AccessUnassigned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for (at, app, name) in super::secondary_apps(cx.root) {
            let gaps = [
                (Key::word("who_has_access"), "who has access to", "list the people or teams who can log in, e.g. `who_has_access: [\"@finance-team\"]`"),
                (Key::word("grants_access"), "who grants access to", "name who approves new accounts, e.g. `grants_access: \"@it-admins\"`"),
            ];
            for (field, what, help) in gaps {
                if let Err(gap) = answer_in(app, &at, &crate::keys!["access", field]) {
                    out.push(
                        Finding::new(
                            &Self::META,
                            gap.span,
                            format!(
                                "`access.{field}` does not say {what} `{name}`: \"{QUESTION}\""
                            ),
                        )
                        .help(help)
                        .todo(&gap, QUESTION),
                    );
                }
            }
        }
    }
}
