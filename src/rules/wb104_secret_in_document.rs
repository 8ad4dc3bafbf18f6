use std::sync::LazyLock;

use regex::Regex;

use super::{Finding, Rule, RuleMeta};
use crate::document::{Node, SourceText, Span, Style};

declare_rule! {
    /// ## What it does
    /// Finds values that look like live credentials anywhere in a document, including
    /// block scalars and free text: GitHub tokens (`ghp_`, `gho_`, `ghs_`, `ghu_`, `ghr_`,
    /// `github_pat_`), AWS access key IDs, Slack tokens and webhook URLs, Stripe secret
    /// keys, private-key blocks, passwords in URL userinfo (`https://user:pass@host`) and
    /// high-entropy values under keys named like token, password, secret or key.
    /// No output, issue or report ever shows more than the first 4 characters.
    ///
    /// ## Why is this bad?
    /// A documentation repo is read by many people and kept forever in git history.
    /// A pasted token is a leaked token: anyone with read access can use it.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   primary:
    ///     secrets:
    ///       - name: SHOPIFY_ADMIN_TOKEN
    ///         stored_in: ghp_8xK2mQ9vL4nR7tY1wE5zA3bC6dF0gH2jK4mN
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// spec:
    ///   primary:
    ///     secrets:
    ///       - name: SHOPIFY_ADMIN_TOKEN
    ///         stored_in: vault://kv/integrations/shopify/admin-token
    /// ```
    ///
    /// Then revoke the leaked token: removing it from the file does not remove it from
    /// git history.
    pub SecretInDocument { id: "WB104", name: "secret-in-document", severity: Error, summary: "a value looks like a live credential" }
}

impl Rule for SecretInDocument {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    // The engine calls [`find_secrets`] first, so secrets are masked before other
    // rules run.
}

struct Pattern {
    what: &'static str,
    regex: Regex,
    /// Capture group holding the secret (0 = whole match).
    group: usize,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |what, re: &str, group| Pattern {
        what,
        regex: Regex::new(re).expect("secret pattern compiles"),
        group,
    };
    vec![
        p("a GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{30,255}\b", 0),
        p("a GitHub fine-grained token", r"\bgithub_pat_[A-Za-z0-9_]{22,255}\b", 0),
        p("an AWS access key ID", r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", 0),
        p("a Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}", 0),
        p("a Slack webhook URL", r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{8,}", 0),
        p("a Stripe secret key", r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b", 0),
        p("a private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", 0),
        p("a password in a URL", r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@", 1),
    ]
});

/// All of [`PATTERNS`] at once, as a prefilter.
static ANY_PATTERN: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(PATTERNS.iter().map(|p| p.regex.as_str())).expect("secret patterns compile")
});

static SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(token|passw(or)?d|passwd|pwd|secret|api[_-]?key|apikey|private[_-]?key|access[_-]?key|client[_-]?secret|^key$|_key$|-key$|credentials?$)")
        .expect("key pattern compiles")
});

/// Values that are references to a secret store, or placeholders, not secrets.
fn is_reference(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    ["vault://", "op://", "arn:", "aws-sm://", "secretsmanager", "keyvault", "env:", "${", "{{", "<", "$"]
        .iter()
        .any(|p| l.starts_with(p) || l.contains("://") && !l.contains('@'))
        || v.chars().all(|c| c == '*' || c == 'x' || c == 'X')
}

fn entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

fn looks_random(v: &str) -> bool {
    let v = v.trim();
    if v.len() < 16 || v.len() > 512 || v.contains(char::is_whitespace) || is_reference(v) {
        return false;
    }
    let classes = [
        v.bytes().any(|b| b.is_ascii_lowercase()),
        v.bytes().any(|b| b.is_ascii_uppercase()),
        v.bytes().any(|b| b.is_ascii_digit()),
    ]
    .iter()
    .filter(|&&c| c)
    .count();
    classes >= 2 && entropy(v) >= 3.5
}

/// Every secret in a document, each with the exact span of the secret text.
#[must_use]
pub fn find_secrets(root: &Node, source: &SourceText) -> Vec<Finding> {
    let mut out = Vec::new();
    let text = source.text();
    root.walk_strings(|key, node| {
        let Some(value) = node.as_str() else { return };
        let raw = text.get(node.span.start..node.span.end).unwrap_or("");
        let mut found_here = false;
        // One pass over the string says which patterns can match at all; most strings
        // match none, and then no pattern runs.
        for i in ANY_PATTERN.matches(value).iter() {
            let p = &PATTERNS[i];
            for caps in p.regex.captures_iter(value) {
                let Some(m) = caps.get(p.group) else { continue };
                let secret = m.as_str();
                if p.group == 1 && (is_reference(secret) || secret.len() < 3) {
                    continue;
                }
                let span = locate(source, node, raw, secret, p.what == "a private key");
                out.push(finding(p.what, span, key));
                found_here = true;
            }
        }
        if !found_here && key.is_some_and(|k| SECRET_KEY.is_match(k)) && node.style != Style::Block && looks_random(value) {
            let span = locate(source, node, raw, value.trim(), false);
            out.push(finding("a high-entropy credential", span, key));
        }
    });
    out
}

fn finding(what: &str, span: Span, key: Option<&str>) -> Finding {
    let under = key.map_or_else(String::new, |k| format!(" under `{k}`"));
    Finding::new(
        &SecretInDocument::META,
        span,
        format!("value{under} looks like {what}; the value is not shown"),
    )
    .help("revoke or rotate it now (it stays in git history), then store a reference such as vault://path in `secrets[].stored_in`")
}

/// The exact source span of `secret` inside `node`, or the whole node.
fn locate(source: &SourceText, node: &Node, raw: &str, secret: &str, to_block_end: bool) -> Span {
    match raw.find(secret) {
        Some(pos) => {
            let start = node.span.start + pos;
            let end = if to_block_end {
                raw[pos..]
                    .find("PRIVATE KEY-----")
                    .and_then(|b| raw[pos + b + 16..].find("PRIVATE KEY-----").map(|e| pos + b + 16 + e + 16))
                    .map_or(node.span.end, |e| node.span.start + e)
            } else {
                start + secret.len()
            };
            source.span(start, end)
        }
        None => node.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    fn secrets(yaml: &str) -> Vec<Finding> {
        let src = SourceText::new(yaml.to_owned());
        let parsed = parse(&src);
        find_secrets(&parsed.documents[0].root, &src)
    }

    #[test]
    fn known_formats_anywhere() {
        let cases = [
            "a: ghp_8xK2mQ9vL4nR7tY1wE5zA3bC6dF0gH2jK4mN\n",
            "a: github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz\n",
            "a: AKIAIOSFODNN7EXAMPLE\n",
            "a: xoxb-1234567890-abcdefghij\n",
            "a: see https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX for alerts\n",
            "a: sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
            "a: |\n  notes\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIEpAIBAAKCAQEA\n  -----END RSA PRIVATE KEY-----\n",
            "a: https://admin:hunter2secret@example.com/x\n",
            "api_token: Zk3x9QmL2pRt7VwY8nB4\n",
        ];
        for c in cases {
            let f = secrets(c);
            assert_eq!(f.len(), 1, "{c}: {f:?}");
            assert!(!f[0].message.contains("hunter2"), "{}", f[0].message);
        }
    }

    #[test]
    fn references_and_prose_are_not_secrets() {
        for c in [
            "stored_in: vault://kv/integrations/shopify/admin-token\n",
            "credential_format: Okta SSO for staff; Admin API token for the sync\n",
            "name: SHOPIFY_ADMIN_TOKEN\n",
            "login_url: https://admin.shopify.com/store/acme\n",
            "password: ${DB_PASSWORD}\n",
            "token: TODO\n",
            "a: https://user:${PASS}@example.com\n",
        ] {
            assert!(secrets(c).is_empty(), "{c}");
        }
    }

    #[test]
    fn spans_cover_exactly_the_secret() {
        let yaml = "notes: \"call ops, key AKIAIOSFODNN7EXAMPLE\"\n";
        let f = secrets(yaml);
        assert_eq!(&yaml[f[0].span.start..f[0].span.end], "AKIAIOSFODNN7EXAMPLE");
        assert_eq!(f[0].span.line, 1);
    }
}
