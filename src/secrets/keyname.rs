//! Does a key name a secret? One test for YAML keys and for `key=value` in text:
//! `password`, `client_secret`, `apiKey`, `x-api-token` do; `public_key`,
//! `LLM_SECRET_NAME`, `token_ttl`, `password_policy` do not.

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
