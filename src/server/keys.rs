//! What the schema and the rules say about a key path: the one place hover and
//! completion walk `schema/integration.schema.json` (following `$ref`, `anyOf`,
//! `oneOf`, `allOf` and array `items`).

use std::sync::OnceLock;

use serde_json::Value;

/// One step of a key path: a mapping key, or an item of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Item,
}

/// `["spec", "[]", ...]`, as [`crate::rules::question`] takes it.
#[must_use]
pub fn words(path: &[Seg]) -> Vec<&str> {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => k.as_str(),
            Seg::Item => "[]",
        })
        .collect()
}

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(crate::schema::SCHEMA_TEXT).unwrap_or(Value::Null))
}

/// Follows `$ref`s within the schema.
fn resolve(mut node: &'static Value) -> &'static Value {
    for _ in 0..16 {
        let Some(r) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match r.strip_prefix('#').and_then(|p| schema().pointer(p)) {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// `node` and every branch of its `anyOf`/`oneOf`/`allOf`, `$ref`s followed.
fn branches(node: &'static Value) -> Vec<&'static Value> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let n = resolve(n);
        out.push(n);
        for k in ["anyOf", "oneOf", "allOf"] {
            if let Some(list) = n.get(k).and_then(Value::as_array) {
                stack.extend(list.iter().rev());
            }
        }
        if out.len() > 64 {
            break;
        }
    }
    out
}

/// The schema nodes that may describe the value at `path` (unresolved: a
/// property's own `description` is kept before its `$ref`'s).
fn nodes_at(path: &[Seg]) -> Vec<&'static Value> {
    let mut current = vec![schema()];
    for seg in path {
        let mut next = Vec::new();
        for node in current {
            for b in branches(node) {
                let child = match seg {
                    Seg::Key(k) => b.get("properties").and_then(|p| p.get(k)),
                    Seg::Item => b.get("items"),
                };
                next.extend(child);
            }
        }
        if next.is_empty() {
            return Vec::new();
        }
        current = next;
    }
    current
}

/// The schema's `description` of the value at `path`.
#[must_use]
pub fn description(path: &[Seg]) -> Option<&'static str> {
    let nodes = nodes_at(path);
    nodes
        .iter()
        .find_map(|n| n.get("description").and_then(Value::as_str))
        .or_else(|| {
            nodes
                .iter()
                .flat_map(|n| branches(n))
                .find_map(|n| n.get("description").and_then(Value::as_str))
        })
}

/// The keys the schema allows in the mapping at `path`, in schema order.
#[must_use]
pub fn keys(path: &[Seg]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for node in nodes_at(path) {
        for b in branches(node) {
            if let Some(props) = b.get("properties").and_then(Value::as_object) {
                for k in props.keys() {
                    if !out.contains(&k.as_str()) {
                        out.push(k);
                    }
                }
            }
        }
    }
    out
}

/// The values the schema lists for `path`: enums, constants and booleans.
#[must_use]
pub fn values(path: &[Seg]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: String| {
        if !out.contains(&v) {
            out.push(v);
        }
    };
    for node in nodes_at(path) {
        for b in branches(node) {
            for v in b
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(s) = v.as_str() {
                    add(s.to_owned());
                }
            }
            if let Some(c) = b.get("const").and_then(Value::as_str) {
                add(c.to_owned());
            }
            let boolean = match b.get("type") {
                Some(Value::String(t)) => t == "boolean",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "boolean"),
                _ => false,
            };
            if boolean {
                add("true".to_owned());
                add("false".to_owned());
            }
        }
    }
    out
}

/// What hover and completion say about a key: its question, else the schema's
/// description.
#[must_use]
pub fn about(path: &[Seg]) -> Option<&'static str> {
    crate::rules::question(&words(path)).or_else(|| description(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<Seg> {
        s.split('.')
            .filter(|w| !w.is_empty())
            .map(|w| {
                if w == "[]" {
                    Seg::Item
                } else {
                    Seg::Key(w.to_owned())
                }
            })
            .collect()
    }

    #[test]
    fn walks_properties_refs_any_of_and_items() {
        assert_eq!(
            keys(&p("")),
            vec!["apiVersion", "kind", "metadata", "spec", "workflow"]
        );
        let flow = keys(&p("spec.secondary.[].data_flows.[]"));
        assert!(
            flow.contains(&"mechanism") && flow.contains(&"on_failure"),
            "{flow:?}"
        );
        assert_eq!(
            values(&p("spec.secondary.[].data_flows.[].mechanism")),
            vec![
                "webhook",
                "api-poll",
                "file-transfer",
                "event-stream",
                "manual"
            ]
        );
        assert_eq!(
            values(&p("metadata.tier")),
            vec!["critical", "high", "medium", "low"]
        );
        assert_eq!(
            values(&p("spec.security.contains_pii")),
            vec!["true", "false"]
        );
        assert_eq!(
            values(&p("spec.validation.checks.links_work.result")),
            vec!["pass", "fail"]
        );
        assert!(values(&p("spec.security.auth_method")).contains(&"oauth".to_owned()));
        assert_eq!(
            description(&p("metadata.id")),
            Some("lower-case letters, digits and dashes, unique across the repo")
        );
        assert!(keys(&p("spec.nope")).is_empty());
    }

    #[test]
    fn questions_come_before_descriptions() {
        assert_eq!(
            about(&p("spec.security.contains_pii")),
            Some("Is any of it PII?")
        );
        assert_eq!(
            about(&p("metadata.tier")),
            Some("one of critical, high, medium, low")
        );
    }
}
