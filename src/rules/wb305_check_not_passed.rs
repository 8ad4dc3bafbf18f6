use super::{answer_in, Ctx, Finding, Rule, RuleMeta};
use crate::document::{Key, Node};

declare_rule! {
    /// ## What it does
    /// Reports each item of the validation checklist (`validation.checks`) that is
    /// missing, has no `result`, or has `result: fail`, quoting its question:
    ///
    /// - `new_member_login`: Can a new team member log in using the documented credentials?
    /// - `links_work`: Do all the links and download URLs still work?
    /// - `data_syncing`: Is the data actually syncing between apps as described?
    /// - `troubleshooting_tested`: Have you tested the troubleshooting steps for common issues?
    ///
    /// A failed check is reported at its `result`, with its date, checker and notes.
    ///
    /// ## Why is this bad?
    /// The checklist is what makes a document trustworthy. A failed or skipped check
    /// means the next person follows steps nobody has seen work.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   validation:
    ///     checks:
    ///       new_member_login: {result: pass, checked_on: 2026-10-02, by: "@bob"}
    ///       links_work: {result: pass, checked_on: 2026-10-02, by: "@bob"}
    ///       data_syncing: {result: pass, checked_on: 2026-10-02, by: "@bob"}
    ///       troubleshooting_tested: {result: fail, checked_on: 2026-10-02, by: "@bob", notes: replay steps outdated}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   validation:
    ///     checks:
    ///       new_member_login: {result: pass, checked_on: 2026-10-02, by: "@bob"}
    ///       links_work: {result: pass, checked_on: 2026-10-02, by: "@bob"}
    ///       data_syncing: {result: pass, checked_on: 2026-10-02, by: "@bob"}
    ///       troubleshooting_tested: {result: pass, checked_on: 2026-10-09, by: "@bob", notes: replay steps rewritten}
    /// ```
    pub CheckNotPassed { id: "WB305", name: "check-not-passed", severity: Error, summary: "a checklist item is missing or has `result: fail`" }
}

/// The checklist (SPEC section 2, step 3): key and question.
pub const CHECKS: [(Key, &str); 4] = [
    (
        Key::word("new_member_login"),
        "Can a new team member log in using the documented credentials?",
    ),
    (Key::word("links_work"), "Do all the links and download URLs still work?"),
    (
        Key::word("data_syncing"),
        "Is the data actually syncing between apps as described?",
    ),
    (
        Key::word("troubleshooting_tested"),
        "Have you tested the troubleshooting steps for common issues?",
    ),
];

const RECORD: &str = "run the check and record it: `{result: pass, checked_on: YYYY-MM-DD, by: \"@you\"}` \
                      (or `result: fail` with `notes` on what broke)";

impl Rule for CheckNotPassed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let checks = cx.answer(&crate::keys!["spec", "validation", "checks"]);
        for (key, question) in CHECKS {
            let item = checks
                .clone()
                .and_then(|c| answer_in(c, "/spec/validation/checks", &crate::keys![key]));
            let item = match item {
                Ok(item) => item,
                Err(gap) => {
                    let msg = format!("checklist item `{key}` is not answered: \"{question}\"");
                    // The check's result is what is asked: `result: TODO` below the item.
                    let mut todo = gap.clone();
                    if todo.can_insert || !todo.missing.is_empty() {
                        todo.missing.push("result".to_owned());
                    }
                    out.push(
                        Finding::new(&Self::META, gap.span, msg)
                            .help(RECORD)
                            .todo(&todo, question)
                            .at_gap(&gap),
                    );
                    continue;
                }
            };
            if item.as_map().is_none() {
                continue; // not a mapping: WB002 reports it
            }
            match answer_in(item, &format!("/spec/validation/checks/{key}"), &crate::keys!["result"]) {
                Err(gap) => {
                    let msg = format!("checklist item `{key}` has no result: \"{question}\"");
                    out.push(
                        Finding::new(&Self::META, gap.span, msg)
                            .help(RECORD)
                            .todo(&gap, question),
                    );
                }
                Ok(result) if result.as_str() == Some("fail") => {
                    out.push(
                        Finding::new(&Self::META, result.span, failed(key.text(), question, item)).help(
                            "fix what failed (or the documented steps), re-run the check and \
                             record `result: pass` with the new `checked_on` date",
                        ),
                    );
                }
                Ok(_) => {} // pass, or a value WB002 reports
            }
        }
    }
}

/// `checklist item `links_work` failed on 2026-10-02 (by @bob): "Do all …?"; notes: …`
fn failed(key: &str, question: &str, item: &Node) -> String {
    let text = |k: Key| answer_in(item, "", &crate::keys![k]).ok().and_then(Node::scalar_text);
    let mut msg = format!("checklist item `{key}` failed");
    if let Some(on) = text(Key::word("checked_on")) {
        msg.push_str(&format!(" on {on}"));
    }
    if let Some(by) = text(Key::word("by")) {
        msg.push_str(&format!(" (by {by})"));
    }
    msg.push_str(&format!(": \"{question}\""));
    if let Some(notes) = text(Key::word("notes")) {
        msg.push_str(&format!("; notes: {}", notes.trim()));
    }
    msg
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::rules::wb301_review_overdue::tests::findings;

    fn not_passed(checks: &str) -> Vec<(usize, usize, String)> {
        findings("WB305", checks, "2026-11-29", &Config::default())
            .into_iter()
            .map(|d| (d.span.line, d.span.column, d.message))
            .collect()
    }

    const PASS: &str = "{result: pass, checked_on: 2026-10-02, by: \"@bob\"}";

    #[test]
    fn one_finding_per_missing_item_at_the_checks_mapping() {
        let f = not_passed(&format!(
            "spec:\n  validation:\n    checks:\n      links_work: {PASS}\n"
        ));
        let keys: Vec<_> = f.iter().map(|(l, c, m)| (*l, *c, m.split('`').nth(1).unwrap())).collect();
        assert_eq!(
            keys,
            [(7, 7, "new_member_login"), (7, 7, "data_syncing"), (7, 7, "troubleshooting_tested")]
        );
        assert_eq!(
            f[0].2,
            "checklist item `new_member_login` is not answered: \"Can a new team member log in using the documented credentials?\""
        );
        // No checks at all: four findings at the validation mapping.
        assert_eq!(not_passed("spec:\n  validation:\n    contacts: {technical: \"@a\"}\n").len(), 4);
    }

    #[test]
    fn fail_and_unanswered_results() {
        let yaml = format!(
            "spec:\n  validation:\n    checks:\n      new_member_login: {PASS}\n      \
             links_work: {{result: TODO}}\n      data_syncing: {{by: \"@bob\"}}\n      \
             troubleshooting_tested: {{result: fail, checked_on: 2026-10-02, by: \"@bob\", notes: replay steps outdated}}\n"
        );
        let f = not_passed(&yaml);
        assert_eq!(f.len(), 3, "{f:#?}");
        assert_eq!((f[0].0, f[0].1), (8, 28), "at the TODO");
        assert!(f[0].2.starts_with("checklist item `links_work` has no result"));
        assert_eq!((f[1].0, f[1].1), (9, 21), "at the item mapping");
        assert_eq!((f[2].0, f[2].1), (10, 40), "at `fail`");
        assert_eq!(
            f[2].2,
            "checklist item `troubleshooting_tested` failed on 2026-10-02 (by @bob): \"Have you \
             tested the troubleshooting steps for common issues?\"; notes: replay steps outdated"
        );
    }

    #[test]
    fn all_passed_is_silent() {
        let yaml = format!(
            "spec:\n  validation:\n    checks:\n      new_member_login: {PASS}\n      links_work: {PASS}\n      \
             data_syncing: {PASS}\n      troubleshooting_tested: {PASS}\n"
        );
        assert!(not_passed(&yaml).is_empty());
    }
}
