//! The HTML report's People section: who holds which integrations, and the
//! integrations that depend on a single person (as `wirebook people` prints them).

use std::fmt::Write;

use super::html::escape;
use super::Report;
use crate::people::directory::{self, Directory};
use crate::people::Doc;

fn doc_name(doc: &Doc) -> String {
    let mut out = format!("<strong>{}</strong>", escape(doc.name()));
    if let (Some(id), Some(_)) = (&doc.id, &doc.title) {
        let _ = write!(out, " <code>{}</code>", escape(id));
    }
    out
}

fn single_table(dir: &Directory, out: &mut String) {
    out.push_str("<h3>Integrations that depend on a single person</h3>\n");
    if dir.single.is_empty() {
        out.push_str("<p>None: every integration names at least two people among its owners and contacts.</p>\n");
        return;
    }
    out.push_str(
        "<p class=\"note\">Fewer than two distinct people among owners and contacts (WB307).</p>\n\
         <div class=\"table-wrap\"><table class=\"people\" id=\"single-person\">\n\
         <thead><tr><th scope=\"col\">Integration</th><th scope=\"col\">File</th><th scope=\"col\">The only person</th></tr></thead>\n<tbody>\n",
    );
    for s in &dir.single {
        let who = s.person.as_deref().map_or_else(
            || "<span class=\"badge bad\">nobody</span>".to_owned(),
            |p| format!("<strong>{}</strong>", escape(p)),
        );
        let _ = writeln!(
            out,
            "<tr><td data-label=\"Integration\">{}</td><td data-label=\"File\"><code class=\"file\">{}</code></td><td data-label=\"The only person\">{who}</td></tr>",
            doc_name(&s.doc),
            escape(&s.doc.file)
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn people_table(dir: &Directory, out: &mut String) {
    out.push_str(
        "<h3>Who holds what</h3>\n\
         <div class=\"table-wrap\"><table class=\"people\" id=\"people\">\n\
         <thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Integrations and roles</th><th scope=\"col\">Held alone</th></tr></thead>\n<tbody>\n",
    );
    for p in &dir.people {
        let mut items = String::new();
        for h in &p.integrations {
            let roles: Vec<&str> = h.roles.iter().map(|r| r.label()).collect();
            let _ = write!(
                items,
                "<li>{}: {}{}</li>",
                doc_name(&h.doc),
                escape(&roles.join(", ")),
                if h.alone {
                    " <span class=\"badge bad\">alone</span>"
                } else {
                    ""
                }
            );
        }
        let alone = p.alone();
        let _ = writeln!(
            out,
            "<tr><td data-label=\"Person\"><strong>{}</strong><br><span class=\"date\">{}</span></td><td data-label=\"Integrations and roles\"><ul>{items}</ul></td><td data-label=\"Held alone\">{}</td></tr>",
            escape(&p.display),
            p.kind.as_str(),
            if alone > 0 {
                format!("<span class=\"badge bad\">{alone}</span>")
            } else {
                "0".to_owned()
            }
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// The `<section>` for the HTML report.
#[must_use]
pub fn section(report: &Report) -> String {
    let mut out =
        String::from("<section aria-labelledby=\"h-people\"><h2 id=\"h-people\">People</h2>\n");
    if report.people.is_empty() {
        out.push_str("<p>No people: no document was read.</p>\n</section>\n");
        return out;
    }
    let dir = directory::build(&report.people);
    let _ = writeln!(
        out,
        "<p class=\"note\">{} <code>wirebook people</code> prints the same as Markdown or JSON, <code>wirebook offboard @handle</code> the handover plan.</p>",
        escape(&crate::people::markdown::summary(&dir))
    );
    single_table(&dir, &mut out);
    if !dir.people.is_empty() {
        people_table(&dir, &mut out);
    }
    out.push_str("</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::{check_texts, Options};

    #[test]
    fn section_lists_people_and_single_points_escaped() {
        let yaml = "apiVersion: wirebook.dev/v1\nkind: Integration\nmetadata: {id: a, title: \"<b>A</b>\", owners: [\"@Dave\"]}\nspec:\n  validation:\n    contacts: {technical: \"@dave\"}\n    review: {reviewed_by: \"@bob\"}\n";
        let config = Config::default();
        let today = crate::interval::parse_date("2026-11-20").unwrap();
        let options = Options {
            today,
            members: None,
        };
        let run = check_texts(&[("a.yaml".into(), yaml.into())], &config, &options);
        let report = super::super::build(&run, &config, today);
        let html = super::section(&report);
        assert!(html.contains(
            "2 people and teams named in 1 integration; 1 integration depends on a single person."
        ));
        assert!(html.contains("&lt;b&gt;A&lt;/b&gt;") && !html.contains("<b>A</b>"));
        assert!(
            html.contains("<td data-label=\"The only person\"><strong>@Dave</strong>"),
            "{html}"
        );
        assert!(html.contains("owner, technical contact <span class=\"badge bad\">alone</span>"));
        assert!(html.contains("<strong>@bob</strong>"));
        // Two header rows, one single-person row, two people.
        assert_eq!(html.matches("<tr>").count(), 5, "{html}");
    }
}
