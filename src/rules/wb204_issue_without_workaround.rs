use super::{answer_in, Ctx, Finding, Rule, RuleMeta};
use crate::document::Node;

declare_rule! {
    /// ## What it does
    /// Checks that every `known_issues` entry of a `secondary` app has a `workaround`.
    ///
    /// ## Why is this bad?
    /// Step 2 asks for "Known issues and workarounds". An issue without a workaround
    /// tells the on-call person what broke but not what to do; even "escalate to
    /// @alice" is better than nothing.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   secondary:
    ///     - app: QuickBooks Online
    ///       known_issues:
    ///         - issue: Sync fails when a SKU is missing in QuickBooks
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   secondary:
    ///     - app: QuickBooks Online
    ///       known_issues:
    ///         - issue: Sync fails when a SKU is missing in QuickBooks
    ///           workaround: Create the SKU in QuickBooks, then replay the webhook
    /// ```
    pub IssueWithoutWorkaround { id: "WB204", name: "issue-without-workaround", severity: Warning, summary: "a known issue has no `workaround`" }
}

impl Rule for IssueWithoutWorkaround {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for (at, app, name) in super::secondary_apps(cx.root) {
            let Some(issues) = app.get("known_issues").and_then(Node::as_seq) else {
                continue;
            };
            // Entries that are not mappings are schema errors (WB002).
            for (i, issue) in issues.iter().enumerate().filter(|(_, i)| i.as_map().is_some()) {
                let Err(gap) = answer_in(issue, &format!("{at}/known_issues/{i}"), &crate::keys!["workaround"]) else {
                    continue;
                };
                let what = issue.get("issue").and_then(Node::as_str).map_or_else(
                    || "a known issue".to_owned(),
                    |i| format!("\"{}\"", i.trim()),
                );
                out.push(
                    Finding::new(
                        &Self::META,
                        gap.span,
                        format!("{what} ({name}) has no workaround: \"Known issues and workarounds\""),
                    )
                    .help("write what to do when it happens, e.g. `workaround: Create the SKU in QuickBooks, then replay the webhook`, or whom to escalate to")
                    .at_gap(&gap),
                );
            }
        }
    }
}
