use super::{Ctx, Finding, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a primary app without `screenshot`: step 1 asks for "A screenshot of the
    /// integration settings screen", as a path relative to the document.
    ///
    /// ## Why is this bad?
    /// Settings screens are where fixes happen, and they are hard to describe in words.
    /// A screenshot shows the next person which page, which toggle and what "working"
    /// looked like.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     screenshot: TODO
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     app: Shopify
    ///     screenshot: img/shopify-webhooks.png   # relative to this file
    /// ```
    pub ScreenshotMissing { id: "WB102", name: "screenshot-missing", severity: Info, summary: "no `primary.screenshot`" }
}

impl Rule for ScreenshotMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        // Without `primary` the schema (WB002) already complains.
        if cx.root.at_path(&crate::keys!["spec", "primary"]).is_none() {
            return;
        }
        if let Err(gap) = cx.answer(&crate::keys!["spec", "primary", "screenshot"]) {
            out.push(
                Finding::new(
                    &Self::META,
                    gap.span,
                    "step 1 has no screenshot (`primary.screenshot`): \"A screenshot of the integration settings screen\"",
                )
                .help("save a screenshot of the app's integration settings next to this document and name it, e.g. `screenshot: img/shopify-webhooks.png` (relative to this file)")
                .at_gap(&gap),
            );
        }
    }
}
