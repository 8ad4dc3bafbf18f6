use super::{answer_in, Ctx, Finding, Rule, RuleMeta};
use crate::document::{Key, Node};

declare_rule! {
    /// ## What it does
    /// Checks every data flow of every `secondary` app for `data` and `frequency`
    /// ("What data flows between them, and how often?") and `on_failure` ("What happens
    /// when the sync fails?"): one finding per missing field per flow. A secondary app
    /// without any `data_flows` is reported once.
    ///
    /// ## Why is this bad?
    /// When a sync breaks, the on-call person must know what should have arrived, how
    /// late is too late, and where the failed records pile up and how to replay them.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   secondary:
    ///     - app: QuickBooks Online
    ///       data_flows:
    ///         - from: Shopify
    ///           to: QuickBooks Online
    ///           data: Customer orders and refunds
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   secondary:
    ///     - app: QuickBooks Online
    ///       data_flows:
    ///         - from: Shopify
    ///           to: QuickBooks Online
    ///           data: Customer orders and refunds
    ///           frequency: every 15 minutes
    ///           on_failure: Orders queue in Shopify; replay from Settings > Notifications
    /// ```
    pub DataFlowIncomplete { id: "WB202", name: "data-flow-incomplete", severity: Error, summary: "a data flow lacks `data`, `frequency` or `on_failure`" }
}

pub(crate) const FLOWS: &str = "What data flows between them, and how often?";
const FAILURE: &str = "What happens when the sync fails?";

/// (field, what is missing, question, help)
pub(crate) const FIELDS: &[(Key, &str, &str, &str)] = &[
    (
        Key::word("data"),
        "what data it carries (`data`)",
        FLOWS,
        "name the records that move, e.g. `data: Customer orders and refunds`",
    ),
    (
        Key::word("frequency"),
        "how often it runs (`frequency`)",
        FLOWS,
        "say when data moves, so a stalled sync is noticed, e.g. `frequency: every 15 minutes` or `frequency: real-time (webhook)`",
    ),
    (
        Key::word("on_failure"),
        "what happens when it fails (`on_failure`)",
        FAILURE,
        "say where failed records go and how to recover, e.g. `on_failure: Orders queue in Shopify; replay from Settings > Notifications`",
    ),
];

impl Rule for DataFlowIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        for (at, app, name) in super::secondary_apps(cx.root) {
            let flows = match answer_in(app, &at, &crate::keys!["data_flows"]) {
                Ok(flows) => flows.as_seq().unwrap_or_default(),
                Err(gap) => {
                    out.push(
                        Finding::new(
                            &Self::META,
                            gap.span,
                            format!("no data flows documented for `{name}`: \"{FLOWS}\""),
                        )
                        .help("add `data_flows:` with one entry per direction: from, to, data, frequency, mechanism, on_failure")
                        .at_gap(&gap),
                    );
                    continue;
                }
            };
            for (i, flow) in flows
                .iter()
                .enumerate()
                .filter(|(_, f)| f.as_map().is_some())
            {
                for (field, what, question, help) in FIELDS {
                    // The flow's pointer and label are only spelled out for a gap.
                    if let Err(mut gap) = answer_in(flow, "", &crate::keys![field]) {
                        gap.at.insert_str(0, &format!("{at}/data_flows/{i}"));
                        let label = describe(flow, i);
                        out.push(
                            Finding::new(
                                &Self::META,
                                gap.span,
                                format!("data flow {label} does not say {what}: \"{question}\""),
                            )
                            .help(*help)
                            .todo(&gap, question),
                        );
                    }
                }
            }
        }
    }
}

/// "Shopify → QuickBooks Online", or "#2" when `from`/`to` are not written.
fn describe(flow: &Node, index: usize) -> String {
    let end = |k: Key| {
        answer_in(flow, "", &crate::keys![k])
            .ok()
            .and_then(Node::as_str)
            .map(str::trim)
    };
    match (end(Key::word("from")), end(Key::word("to"))) {
        (Some(from), Some(to)) => format!("{from} → {to}"),
        _ => format!("#{}", index + 1),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::{check_texts, Options};

    fn messages(secondary: &str) -> Vec<(usize, String)> {
        let text = format!("apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {{id: a, title: A}}\nspec:\n  primary: {{app: Shopify}}\n  secondary:\n{secondary}");
        let options = Options {
            today: crate::interval::parse_date("2026-11-29").unwrap(),
            members: None,
        };
        check_texts(&[("a.yaml".to_owned(), text)], &Config::default(), &options)
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == "WB202")
            .map(|d| (d.span.line, d.message))
            .collect()
    }

    #[test]
    fn one_finding_per_missing_field_per_flow() {
        let found = messages(
            "    - app: QuickBooks Online\n      data_flows:\n        - {from: Shopify, to: QuickBooks Online, data: Orders, frequency: hourly, on_failure: replay}\n        - from: QuickBooks Online\n          to: Shopify\n          frequency: TODO\n",
        );
        assert_eq!(found.len(), 3, "{found:#?}");
        // Sorted by position: the second flow's mapping (line 10) holds neither `data`
        // nor `on_failure`; `frequency: TODO` is reported where it is written.
        assert_eq!(found[0].0, 10);
        assert!(found[0]
            .1
            .contains("QuickBooks Online → Shopify does not say what data"));
        assert_eq!(found[1].0, 10);
        assert!(found[1].1.contains("What happens when the sync fails?"));
        assert_eq!(found[2].0, 12);
        assert!(found[2].1.contains("how often it runs"));
    }

    #[test]
    fn a_secondary_app_without_flows_is_reported_once() {
        let found = messages("    - app: ShipStation\n    - app: Stripe\n      data_flows: []\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].1.contains("`ShipStation`"));
        assert_eq!(found[1].0, 9);
    }
}
