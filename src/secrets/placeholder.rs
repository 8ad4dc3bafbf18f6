//! Values that stand for a secret without being one: placeholders, references to a
//! secret store, and vendors' documented example values. Every detector asks here
//! before it reports, so documentation *about* secrets is not flagged.

/// Examples that vendors publish in their documentation (not live credentials).
const DOCUMENTED: &[&str] = &[
    // AWS IAM user guide.
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    // Stripe API reference (test mode, published for everyone to try).
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
    // The signature of jwt.io's example token.
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    // Slack's documented webhook.
    "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
];

/// Whole values that are words standing for a secret, compared case-insensitively.
const WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "key",
    "changeme",
    "changeit",
    "letmein",
    "admin",
    "root",
    "test",
    "testing",
    "example",
    "sample",
    "dummy",
    "fake",
    "placeholder",
    "none",
    "null",
    "nil",
    "undefined",
    "empty",
    "redacted",
    "hidden",
    "masked",
    "todo",
    "tbd",
    "foo",
    "bar",
    "foobar",
    "default",
    "mypassword",
    "yourpassword",
    "p@ssw0rd",
    "p@ssword",
    "password1",
    "password123",
    "secret123",
    "qwerty",
    "abc123",
    "123456",
    "username",
    "user",
    "usr",
    "login",
];

/// Parts that mark a value as a placeholder wherever they appear (lower case).
const MARKERS: &[&str] = &[
    "example",
    "your_",
    "your-",
    "yourtoken",
    "yourkey",
    "yoursecret",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "redacted",
    "dummy",
    "insert_",
    "insert-",
    "<",
    ">",
    "${",
    "{{",
    "$(",
    "...",
    "\u{2026}",
    "***",
    "\u{2022}\u{2022}",
];

/// Sequences people type instead of a value.
const SEQUENCES: &[&str] = &["123456789", "abcdefghij", "qwertyuiop", "0987654321"];

/// Characters a value is "filled" with in documentation.
fn is_filler(c: char) -> bool {
    matches!(
        c,
        'x' | 'X' | '*' | '#' | '0' | '\u{2022}' | '.' | '_' | '-'
    )
}

/// Is `secret` a placeholder, a reference or a documented example?
#[must_use]
pub fn is_placeholder(secret: &str) -> bool {
    let s = secret
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if s.chars().count() < 3 {
        return s.is_empty() || s.chars().all(is_filler);
    }
    if DOCUMENTED.iter().any(|d| s.contains(d)) || is_reference(s) {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if WORDS.contains(&lower.as_str())
        || MARKERS.iter().any(|m| lower.contains(m))
        || SEQUENCES.iter().any(|q| lower.contains(q))
    {
        return true;
    }
    filled(s)
        || s.split(['/', ':', '@', '.', '=', '\n', ' '])
            .any(|seg| seg.len() >= 8 && filled(seg))
        || few_distinct(s)
}

/// Half or more of the characters are filler (`xxxx`, `****`, `0000`).
fn filled(s: &str) -> bool {
    let n = s.chars().count();
    let fill = s.chars().filter(|&c| is_filler(c)).count();
    let x = s
        .chars()
        .filter(|&c| matches!(c, 'x' | 'X' | '*' | '\u{2022}'))
        .count();
    n > 0 && (fill * 2 >= n && x * 4 >= n || x * 2 >= n)
}

/// `aaaaaaaa`, `abababab`: three or fewer distinct characters.
fn few_distinct(s: &str) -> bool {
    let mut seen: Vec<char> = Vec::new();
    for c in s.chars() {
        if !seen.contains(&c) {
            seen.push(c);
            if seen.len() > 3 {
                return false;
            }
        }
    }
    s.len() >= 6
}

/// A reference to where a secret is kept, not the secret: `vault://…`, `op://…`, an
/// AWS ARN, `${VAR}`, `$VAR`, `%VAR%`, `{{ secrets.X }}`, `env:X`.
#[must_use]
pub fn is_reference(v: &str) -> bool {
    let v = v.trim();
    let lower = v.to_ascii_lowercase();
    const PREFIXES: &[&str] = &[
        "vault://",
        "op://",
        "arn:",
        "aws-sm://",
        "gcp-sm://",
        "azure-kv://",
        "env:",
        "file:",
        "secret://",
        "secrets://",
        "sm://",
        "ssm://",
        "keyvault://",
        "projects/",
        "${",
        "{{",
        "$(",
        "<",
        "%(",
    ];
    if PREFIXES.iter().any(|p| lower.starts_with(p))
        || lower.contains("secretsmanager")
        || lower.contains(".vault.azure.net/")
    {
        return true;
    }
    is_variable(v)
}

/// `$NAME`, `$name`, `%NAME%`: a shell or batch variable (all upper or all lower case,
/// digits and `_`; a mixed-case value after `$` is a password that starts with `$`).
fn is_variable(v: &str) -> bool {
    let name = if let Some(n) = v.strip_prefix('$') {
        n
    } else if let Some(n) = v.strip_prefix('%').and_then(|n| n.strip_suffix('%')) {
        n
    } else {
        return false;
    };
    let ident = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    ident
        && (!name.bytes().any(|b| b.is_ascii_lowercase())
            || !name.bytes().any(|b| b.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_examples() {
        for p in [
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "AKIAXXXXXXXXXXXXXXXX",
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX",
            "xoxb-your-bot-token",
            "<your-api-key>",
            "your-api-key-here",
            "${DB_PASSWORD}",
            "$SHOPIFY_ADMIN_TOKEN",
            "%DB_PASSWORD%",
            "{{ secrets.SLACK_BOT_TOKEN }}",
            "changeme",
            "********",
            "1234567890abcdef",
            "aaaaaaaaaaaaaaaa",
            "abababababab",
            "Password",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "sk-...",
            "vault://kv/integrations/shopify/admin-token",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders",
            "x",
            "",
        ] {
            assert!(is_placeholder(p), "{p:?} is a placeholder");
        }
    }

    #[test]
    fn live_looking_values_are_not_placeholders() {
        for s in [
            "ghp_9b3mUXozvaTiZ0b6kg5jhePWvxPd3mLqzu8N",
            "AKIAQ3KZ7HWRT2M5NB6Y",
            "T0AB1CD2E/B0FG3HI4J5/q8ZrW2mKx7LpN4vB9cT1yH3s",
            "$ecretPa55w0rd",
            "Hunter2-Winter",
            "Zq7!",
            "sk_live_4Rt8WqZx2MvN7bK1pL9sD3fH",
        ] {
            assert!(!is_placeholder(s), "{s:?} looks live");
        }
    }
}
