//! The issue a document's gaps become: title, body, hidden marker and fingerprint.
//!
//! The marker `<!-- wirebook:id=<id> fp=<fingerprint> -->` opens the body so that no
//! truncation removes it. The fingerprint hashes what the issue says (title, owners,
//! findings with their places), not the commit, so an unchanged document causes no
//! write however often it is swept.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use crate::diagnostic::Severity;

/// GitHub refuses bodies over 65,536 characters; stay well below.
pub const MAX_BODY: usize = 65_000;
/// Bumped when the body layout changes, so every issue is rewritten once.
const LAYOUT: &str = "wirebook-issue-v1";

/// The step of the documentation workflow a finding belongs to (SPEC section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Primary,
    Secondary,
    Validation,
    Security,
    Document,
}

impl Step {
    #[must_use]
    pub fn heading(self) -> &'static str {
        match self {
            Step::Primary => "Step 1 · Primary app",
            Step::Secondary => "Step 2 · Secondary apps",
            Step::Validation => "Step 3 · Validation",
            Step::Security => "Step 4 · Security",
            Step::Document => "Document",
        }
    }
}

/// One gap as the issue shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub step: Step,
    /// The workflow question the gap leaves open (SPEC section 2), when known.
    pub question: Option<&'static str>,
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the repository root, `/`-separated.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// Everything one issue is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gaps {
    pub id: String,
    pub title: String,
    /// People as written (`@alice`, `@org/team`, e-mail addresses).
    pub owners: Vec<String>,
    pub items: Vec<Item>,
}

/// Where links point: `<server>/<repo>/blob/<sha>/<file>#L<line>`.
#[derive(Debug, Clone)]
pub struct Links {
    pub server: String,
    pub repo: String,
    pub sha: Option<String>,
}

impl Links {
    fn file(&self, file: &str, line: usize) -> Option<String> {
        let sha = self.sha.as_deref()?;
        let path: Vec<String> = file.split('/').map(super::client::enc).collect();
        Some(format!(
            "{}/{}/blob/{sha}/{}#L{line}",
            self.server.trim_end_matches('/'),
            self.repo,
            path.join("/")
        ))
    }
}

/// `Integration docs need attention: <title> (<id>)`.
#[must_use]
pub fn title(gaps: &Gaps) -> String {
    let title = crate::secrets::redact(&gaps.title);
    let name: String = title.chars().take(160).collect();
    format!("Integration docs need attention: {name} ({})", gaps.id)
}

/// A short hash of what the issue says.
#[must_use]
pub fn fingerprint(gaps: &Gaps) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update(s.as_bytes());
        h.update([0u8]);
    };
    field(LAYOUT);
    field(&gaps.id);
    field(&gaps.title);
    for o in &gaps.owners {
        field(o);
    }
    field("items");
    for i in &gaps.items {
        field(i.rule);
        field(i.severity.as_str());
        field(&i.message);
        field(&i.file);
        field(&i.line.to_string());
        field(&i.column.to_string());
    }
    h.finalize()[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The hidden marker.
#[must_use]
pub fn marker(id: &str, fp: &str) -> String {
    format!("<!-- wirebook:id={id} fp={fp} -->")
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!-- wirebook:id=([a-z0-9][a-z0-9-]*)(?: fp=([0-9a-f]+))? -->").unwrap()
});

/// The `(id, fingerprint)` of the first marker in a body.
#[must_use]
pub fn parse_marker(body: &str) -> Option<(String, Option<String>)> {
    let c = MARKER.captures(body)?;
    Some((c[1].to_owned(), c.get(2).map(|m| m.as_str().to_owned())))
}

/// Text from a document, made inert in Markdown: no HTML comments (a fake marker),
/// no tags, no accidental @-mentions outside code, and no credential-like text in
/// full ([`crate::secrets::redact`]).
#[must_use]
pub fn inert(s: &str) -> String {
    crate::secrets::redact(s)
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}

/// A person for a Markdown body: a handle as an @-mention, anything else in code.
#[must_use]
pub fn mention(person: &str) -> String {
    let p = person.trim();
    if p.starts_with('@') && !p.contains(char::is_whitespace) {
        p.to_owned()
    } else {
        format!("`{}`", crate::secrets::redact(p).replace('`', "'"))
    }
}

/// The issue body.
#[must_use]
pub fn render(gaps: &Gaps, links: &Links, fp: &str) -> String {
    let mut head = String::new();
    let _ = writeln!(head, "{}", marker(&gaps.id, fp));
    let n = gaps.items.len();
    let at = match &links.sha {
        Some(sha) => format!(
            " at [`{}`]({}/{}/commit/{sha})",
            &sha[..sha.len().min(7)],
            links.server.trim_end_matches('/'),
            links.repo
        ),
        None => String::new(),
    };
    let _ = writeln!(
        head,
        "wirebook found {n} gap{} in the documentation of **{}** (`{}`){at}.",
        if n == 1 { "" } else { "s" },
        inert(&gaps.title),
        gaps.id
    );
    if !gaps.owners.is_empty() {
        let owners: Vec<String> = gaps.owners.iter().map(|o| mention(o)).collect();
        let _ = writeln!(head, "\nOwners: {}", owners.join(", "));
    }
    let foot = "\n---\nAnswer each item in the document. The next sweep updates this issue, and \
                closes it when no gaps are left; `wirebook check` shows the same findings locally.\n";

    let mut sections: Vec<(Step, Vec<String>)> = Vec::new();
    let mut items: Vec<&Item> = gaps.items.iter().collect();
    items.sort_by_key(|i| i.step);
    for item in items {
        let line = render_item(item, links);
        match sections.last_mut() {
            Some((step, lines)) if *step == item.step => lines.push(line),
            _ => sections.push((item.step, vec![line])),
        }
    }

    let mut body = head;
    let mut shown = 0;
    'outer: for (step, lines) in &sections {
        let heading = format!("\n### {}\n", step.heading());
        if body.len() + heading.len() + foot.len() + 300 > MAX_BODY {
            break;
        }
        body.push_str(&heading);
        for line in lines {
            if body.len() + line.len() + foot.len() + 300 > MAX_BODY {
                break 'outer;
            }
            body.push_str(line);
            shown += 1;
        }
    }
    if shown < n {
        let _ = write!(
            body,
            "\n> **Note:** {} more gap{} not listed: GitHub limits an issue to 65,536 characters. \
             Run `wirebook check` on the document for the full list.\n",
            n - shown,
            if n - shown == 1 { " is" } else { "s are" }
        );
    }
    body.push_str(foot);
    body
}

fn render_item(item: &Item, links: &Links) -> String {
    let message = inert(&item.message);
    let question = item
        .question
        .filter(|q| !message.to_lowercase().contains(&q.to_lowercase()));
    let mut line = String::from("- [ ] ");
    if let Some(q) = question {
        let _ = write!(line, "**{}** ", inert(q));
    }
    line.push_str(&message);
    let place = format!("{}:{}", item.file, item.line);
    match links.file(&item.file, item.line) {
        Some(url) => {
            let _ = write!(line, " ([{place}]({url}))");
        }
        None => {
            let _ = write!(line, " (`{place}`)");
        }
    }
    let _ = writeln!(line, " `{}` {}", item.rule, item.name);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(step: Step, message: &str) -> Item {
        Item {
            step,
            question: Some("Where are credentials stored?"),
            rule: "WB401",
            name: "security-unanswered",
            severity: Severity::Error,
            message: message.to_owned(),
            file: "integrations/shop ify.yaml".to_owned(),
            line: 12,
            column: 5,
        }
    }

    fn gaps(items: Vec<Item>) -> Gaps {
        Gaps {
            id: "shopify-orders".into(),
            title: "Shopify order sync".into(),
            owners: vec!["@alice".into(), "ops@acme.example".into()],
            items,
        }
    }

    fn links() -> Links {
        Links {
            server: "https://github.com".into(),
            repo: "acme/docs".into(),
            sha: Some("0123456789abcdef".into()),
        }
    }

    #[test]
    fn body_groups_by_step_links_and_mentions() {
        let g = gaps(vec![
            item(Step::Security, "credential storage is unanswered"),
            item(Step::Primary, "Where are credentials stored? is unanswered"),
        ]);
        let fp = fingerprint(&g);
        let body = render(&g, &links(), &fp);
        assert!(body.starts_with(&marker("shopify-orders", &fp)), "{body}");
        assert_eq!(
            parse_marker(&body),
            Some(("shopify-orders".into(), Some(fp)))
        );
        let primary = body.find("Step 1 · Primary app").unwrap();
        let security = body.find("Step 4 · Security").unwrap();
        assert!(primary < security);
        assert!(body
            .contains("- [ ] **Where are credentials stored?** credential storage is unanswered"));
        // The question is not repeated when the message already quotes it.
        assert!(body.contains("- [ ] Where are credentials stored? is unanswered"));
        assert!(body.contains(
            "(https://github.com/acme/docs/blob/0123456789abcdef/integrations/shop%20ify.yaml#L12)"
        ));
        assert!(body.contains("Owners: @alice, `ops@acme.example`"));
        assert_eq!(
            title(&g),
            "Integration docs need attention: Shopify order sync (shopify-orders)"
        );
    }

    #[test]
    fn fingerprint_follows_the_findings_only() {
        let a = gaps(vec![item(Step::Security, "x")]);
        let mut b = a.clone();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        b.items[0].line = 13;
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn a_huge_body_is_truncated_with_a_note_and_keeps_its_marker() {
        let items = (0..3000)
            .map(|i| {
                item(
                    Step::Validation,
                    &format!("gap number {i} {}", "x".repeat(40)),
                )
            })
            .collect();
        let g = gaps(items);
        let body = render(&g, &links(), "abcd");
        assert!(body.chars().count() < 65_536, "{}", body.len());
        assert!(body.contains("more gaps are not listed"));
        assert!(parse_marker(&body).is_some());
    }

    #[test]
    fn document_text_cannot_forge_a_marker() {
        let mut g = gaps(vec![item(
            Step::Document,
            "<!-- wirebook:id=other fp=00 -->",
        )]);
        g.title = "<!-- wirebook:id=evil -->".into();
        let body = render(&g, &links(), "abcd");
        assert_eq!(parse_marker(&body).unwrap().0, "shopify-orders");
        assert_eq!(body.matches("<!--").count(), 1);
    }
}
