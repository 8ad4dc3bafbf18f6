//! App identity: one app per name whatever its case or surrounding spaces
//! (`ShipStation` = `shipstation `), in the report, its graph, WB201 and every
//! command that groups by app. The one place that decides what "the same app" means.
//!
//! [`app_key`] is the identity; [`Spellings`] counts how each app is written and
//! names it by its most common spelling (ties: the spelling first in byte order,
//! so `ShipStation` wins over `shipstation`, whatever order the files are read in).

use std::collections::HashMap;

/// The identity of an app name: trimmed and lower-cased (`" ShipStation "` -> `shipstation`).
#[must_use]
pub fn app_key(name: &str) -> String {
    let name = name.trim();
    // The same for ASCII text, without the Unicode tables.
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.to_lowercase()
    }
}

/// How often each app is written each way, to show one name per app.
#[derive(Debug, Clone, Default)]
pub struct Spellings {
    /// key -> (trimmed spelling -> count)
    counts: HashMap<String, HashMap<String, usize>>,
    /// Keys in the order they were first added.
    order: Vec<String>,
}

impl Spellings {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one mention of `name` (trimmed). Blank names are ignored.
    pub fn add(&mut self, name: &str) {
        let spelling = name.trim();
        if spelling.is_empty() {
            return;
        }
        let key = app_key(spelling);
        let entry = match self.counts.get_mut(&key) {
            Some(e) => e,
            None => {
                self.order.push(key.clone());
                self.counts.entry(key).or_default()
            }
        };
        match entry.get_mut(spelling) {
            Some(n) => *n += 1,
            None => {
                entry.insert(spelling.to_owned(), 1);
            }
        }
    }

    /// The name to show for an app: its most common spelling, ties broken by byte
    /// order. `key` may be a key or any spelling of the app; `None` if never added.
    #[must_use]
    pub fn display(&self, key: &str) -> Option<&str> {
        let spellings = match self.counts.get(key) {
            Some(s) => s,
            None => self.counts.get(&app_key(key))?,
        };
        spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| s.as_str())
    }

    /// How many times the app (a key or any spelling) was added, all spellings together.
    #[must_use]
    pub fn count(&self, key: &str) -> usize {
        let spellings = match self.counts.get(key) {
            Some(s) => Some(s),
            None => self.counts.get(&app_key(key)),
        };
        spellings.map_or(0, |s| s.values().sum())
    }

    /// Every key, in the order first added.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }

    /// How many distinct apps.
    #[must_use]
    pub fn len(&self) -> usize {
        self.order.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ignores_case_and_surrounding_spaces() {
        assert_eq!(app_key("ShipStation"), "shipstation");
        assert_eq!(app_key("  shipstation \t"), "shipstation");
        assert_eq!(app_key("QuickBooks Online"), "quickbooks online");
        // Inner spaces are part of the name.
        assert_ne!(app_key("Ship Station"), app_key("ShipStation"));
        assert_eq!(app_key("ÉTAT"), "état");
        assert_eq!(app_key(&app_key(" Mixed Case ")), app_key(" Mixed Case "));
    }

    #[test]
    fn most_common_spelling_wins() {
        let mut s = Spellings::new();
        for name in ["shipstation ", "ShipStation", " shipstation", "Shopify"] {
            s.add(name);
        }
        assert_eq!(s.display("shipstation"), Some("shipstation"));
        assert_eq!(
            s.display(" SHIPSTATION "),
            Some("shipstation"),
            "any spelling finds it"
        );
        assert_eq!(s.count("shipstation"), 3);
        assert_eq!(s.display("shopify"), Some("Shopify"));
        assert_eq!(s.display("stripe"), None);
        assert_eq!(s.count("stripe"), 0);
        assert_eq!(s.len(), 2);
        assert_eq!(s.keys().collect::<Vec<_>>(), ["shipstation", "shopify"]);
    }

    #[test]
    fn ties_go_to_byte_order_whatever_the_input_order() {
        for names in [
            ["ShipStation", "shipstation "],
            ["shipstation ", "ShipStation"],
        ] {
            let mut s = Spellings::new();
            for n in names {
                s.add(n);
            }
            assert_eq!(s.display("shipstation"), Some("ShipStation"));
        }
    }

    #[test]
    fn blank_names_are_not_apps() {
        let mut s = Spellings::new();
        s.add("   ");
        s.add("");
        assert!(s.is_empty());
        assert_eq!(s.display(""), None);
    }
}
