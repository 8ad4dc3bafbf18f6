//! The unified diff `check --diff` prints. Both sides are the masked texts, so a
//! credential never shows in a diff (masking keeps every byte offset).

use similar::TextDiff;

/// A unified diff of `old` → `new` for `path` with 3 lines of context (`""` when equal).
#[must_use]
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_with_context() {
        let d = unified("a.yaml", "a: 1\nb: yes\nc: 3\n", "a: 1\nb: true\nc: 3\n");
        assert!(
            d.starts_with("--- a/a.yaml\n+++ b/a.yaml\n@@ -1,3 +1,3 @@\n"),
            "{d}"
        );
        assert!(d.contains("-b: yes\n+b: true\n"), "{d}");
        assert_eq!(unified("a.yaml", "x\n", "x\n"), "");
    }
}
