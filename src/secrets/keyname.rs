//! Does a key name a secret? One test for YAML keys and for `key=value` in text:
//! `password`, `client_secret`, `apiKey`, `x-api-token` do; `public_key`,
//! `LLM_SECRET_NAME`, `token_ttl`, `password_policy` do not.

use std::sync::OnceLock;

use crate::document::vocab::{self, Sym};

/// What a key name says its value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `password`, `passwd`, `pwd`, `passphrase`: people choose these, so short ones count.
    Password,
    /// `token`, `secret`, `api_key`, `client_secret`, `private_key`, `authorization`.
    Token,
}

/// Words after which a key names something *about* a secret, not the secret:
/// `LLM_SECRET_NAME`, `password_policy`, `token_ttl`, `api_key_header`.
const META_WORDS: &[&str] = &[
    "name",
    "names",
    "id",
    "ids",
    "url",
    "uri",
    "urls",
    "endpoint",
    "path",
    "paths",
    "file",
    "files",
    "dir",
    "env",
    "var",
    "vars",
    "variable",
    "ref",
    "reference",
    "type",
    "kind",
    "format",
    "policy",
    "length",
    "len",
    "size",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "lifetime",
    "age",
    "rotation",
    "rotated",
    "header",
    "field",
    "prefix",
    "suffix",
    "hint",
    "label",
    "description",
    "desc",
    "purpose",
    "location",
    "store",
    "storage",
    "stored",
    "manager",
    "vault",
    "arn",
    "count",
    "enabled",
    "required",
    "version",
    "days",
    "seconds",
    "secs",
    "minutes",
    "hours",
    "mode",
    "method",
    "provider",
    "algorithm",
    "alg",
    "scope",
    "scopes",
    "owner",
    "owners",
    "contact",
    "help",
    "docs",
    "doc",
    "note",
    "notes",
    "question",
    "helper",
    "question",
    "reset",
    "rotate",
    "generator",
    "count",
    "issuer",
    "audience",
    "template",
    "example",
    "sample",
    "placeholder",
    "pattern",
    "regex",
    "format",
    "reminder",
    "source",
    "sources",
    "holder",
    "key_id",
];

/// Words that make a key public or not about a credential at all.
const NOT_SECRET_WORDS: &[&str] = &[
    "public",
    "pub",
    "publishable",
    "csrf",
    "xsrf",
    "tokenizer",
    "keyboard",
    "monkey",
    "turkey",
    "hotkey",
    "keystroke",
    "keyword",
    "keywords",
];

/// Qualifiers that make a trailing `key` a credential: `api_key`, `access_key`.
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "signing",
    "encryption",
    "master",
    "account",
    "auth",
    "client",
    "app",
    "application",
    "license",
    "service",
    "admin",
    "webhook",
    "storage",
    "shared",
    "consumer",
    "developer",
    "integration",
    "subscription",
    "primary",
    "secondary",
    "sas",
    "ssh",
    "deploy",
    "hmac",
    "jwt",
    "session",
    "x",
    "rest",
    "server",
    "write",
    "read",
];

/// Word parts that every secret-naming key contains (`pass`word, api`key`, `cred`ential,
/// `auth`orization, `sas`), and `basic` for `Authorization: Basic` in text.
pub const TRIGGERS: &[&str] = &[
    "pass", "pwd", "secret", "token", "key", "auth", "cred", "sas", "bearer", "basic",
];

/// Does `s` contain one of [`TRIGGERS`] (ASCII case ignored)? Without one, nothing
/// names or assigns a secret, so most keys are dismissed without being split into
/// words. A plain loop: keys are short, and an automaton costs more per call. (Values
/// learn the same from the rule set's prefilter pass, [`super::ruleset::Seen`].)
#[must_use]
pub fn mentions_secret_word(s: &str) -> bool {
    let b = s.as_bytes();
    let at =
        |i: usize, w: &[u8]| b.len() >= i + w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w);
    (0..b.len()).any(|i| match b[i].to_ascii_lowercase() {
        b'p' => at(i, b"pass") || at(i, b"pwd"),
        b's' => at(i, b"secret") || at(i, b"sas"),
        b't' => at(i, b"token"),
        b'k' => at(i, b"key"),
        b'a' => at(i, b"auth"),
        b'c' => at(i, b"cred"),
        b'b' => at(i, b"bearer") || at(i, b"basic"),
        _ => false,
    })
}

/// Splits `clientSecret`, `CLIENT_SECRET`, `x-api-token`, `spring.datasource.password`
/// into lower-case words.
fn words(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Does a key (YAML or in text) name a secret, and which kind?
#[must_use]
pub fn is_secret_key(key: &str) -> Option<KeyKind> {
    thread_local! {
        static KINDS: std::cell::RefCell<super::memo::Memo<Option<KeyKind>>> =
            std::cell::RefCell::new(super::memo::Memo::new());
    }
    if key.len() > super::memo::MAX_LEN {
        return judge_key(key);
    }
    KINDS.with(|m| m.borrow_mut().get(key, judge_key))
}

/// [`is_secret_key`] of a key with the vocabulary number `sym` (its text is `key`): a
/// word of the vocabulary is judged once per run.
#[must_use]
pub fn is_secret_key_sym(key: &str, sym: Sym) -> Option<KeyKind> {
    static JUDGED: [OnceLock<Option<KeyKind>>; vocab::COUNT] =
        [const { OnceLock::new() }; vocab::COUNT];
    match sym.index() {
        Some(i) => *JUDGED[i].get_or_init(|| judge_key(vocab::WORDS[i])),
        None => is_secret_key(key),
    }
}

/// [`is_secret_key`], worked out.
fn judge_key(key: &str) -> Option<KeyKind> {
    if !mentions_secret_word(key) {
        return None;
    }
    let w = words(key);
    let last = w.last()?;
    if META_WORDS.contains(&last.as_str())
        || w.iter().any(|x| NOT_SECRET_WORDS.contains(&x.as_str()))
    {
        return None;
    }
    let is = |s: &str| w.iter().any(|x| x == s);
    if [
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "pass",
        "passcode",
    ]
    .iter()
    .any(|p| is(p))
        || w.iter()
            .any(|x| x.ends_with("password") || x.ends_with("passwd"))
    {
        return Some(KeyKind::Password);
    }
    let tokenish = [
        "token",
        "secret",
        "apikey",
        "credential",
        "credentials",
        "authorization",
        "bearer",
        "privatekey",
        "accesskey",
        "secretkey",
        "clientsecret",
        "authtoken",
        "accesstoken",
        "sas",
    ];
    if tokenish.iter().any(|t| is(t))
        || w.iter()
            .any(|x| x.ends_with("token") || x.ends_with("secret") || x.ends_with("apikey"))
    {
        return Some(KeyKind::Token);
    }
    let key_at = w.iter().rposition(|x| x == "key")?;
    let qualified = w.len() == 1
        || w[..key_at]
            .iter()
            .any(|x| KEY_QUALIFIERS.contains(&x.as_str()));
    qualified.then_some(KeyKind::Token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trigger_loop_agrees_with_the_list() {
        let naive = |s: &str| {
            let l = s.to_ascii_lowercase();
            TRIGGERS.iter().any(|w| l.contains(w))
        };
        for s in [
            "",
            "p",
            "pas",
            "PASS",
            "xPwD",
            "Secre",
            "mySecret",
            "sas_url",
            "sa",
            "TOKEN",
            "toke",
            "monkey",
            "ke",
            "Authz",
            "aut",
            "CREDS",
            "cre",
            "Bearer",
            "bear",
            "BASIC",
            "basi",
            "public",
            "shopify_orders",
            "é-token",
            "naïve",
        ] {
            assert_eq!(mentions_secret_word(s), naive(s), "{s}");
        }
    }

    #[test]
    fn key_names() {
        for k in [
            "password",
            "db_password",
            "DB_PASSWORD",
            "client_secret",
            "clientSecret",
            "api_key",
            "apiKey",
            "x-api-token",
            "SHOPIFY_ADMIN_TOKEN",
            "secret",
            "aws_secret_access_key",
            "private_key",
            "authorization",
            "spring.datasource.password",
            "key",
            "access_key",
            "telegram_bot_token",
        ] {
            assert!(is_secret_key(k).is_some(), "{k}");
        }
        for k in [
            "public_key",
            "publicToken",
            "LLM_SECRET_NAME",
            "DB_PASSWORD_SECRET_NAME",
            "password_policy",
            "token_ttl_seconds",
            "api_key_header",
            "private_key_path",
            "secret_env",
            "token_env_var",
            "credential_storage",
            "credential_format",
            "stored_in",
            "name",
            "keyboard",
            "csrf_token",
            "monkey",
            "tenant_id",
            "client_id",
            "access_key_id",
            "key_vault_name",
            "notes",
            "token_rotation",
            "secret_docs",
        ] {
            assert_eq!(is_secret_key(k), None, "{k}");
        }
        assert_eq!(is_secret_key("passwd"), Some(KeyKind::Password));
    }
}
