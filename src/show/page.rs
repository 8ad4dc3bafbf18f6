//! Which documents a query names, and everything their page shows: review state,
//! flows in and out of the app, and the apps downstream and upstream of it.

use jiff::civil::Date;

use super::graph::{FlowGraph, Reach};
use super::{app_key, Flow, Runbook};
use crate::interval::Interval;
use crate::report::model::{review_state, ReviewState};

/// How to read the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// A `metadata.id` or an app name.
    Any,
    Id,
    App,
}

/// What the page is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// One document, by `metadata.id`.
    Integration { id: String },
    /// Every document where the app is the primary or a supporting app.
    App { name: String },
}

/// What the app of the page is to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppRole {
    Primary,
    Supporting,
}

/// Where one document's review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub state: ReviewState,
    pub interval: Interval,
    pub next_due: Option<Date>,
    /// Days from today to `next_due` (negative when overdue).
    pub days: Option<i64>,
}

impl Review {
    /// Overdue or missing: the page may be out of date.
    #[must_use]
    pub fn stale(&self) -> bool {
        matches!(self.state, ReviewState::Overdue | ReviewState::Missing)
    }
}

impl Review {
    /// "overdue by 3 days (due 2026-11-17)", "never reviewed", "due in 10 days
    /// (2026-11-30)", "next due 2027-01-02 (in 43 days)".
    #[must_use]
    pub fn summary(&self) -> String {
        let (Some(due), Some(days)) = (self.next_due, self.days) else {
            return "never reviewed".to_owned();
        };
        match self.state {
            ReviewState::Overdue => format!("overdue by {} (due {due})", days_text(-days)),
            ReviewState::DueSoon if days == 0 => format!("due today ({due})"),
            ReviewState::DueSoon => format!("due soon: in {} ({due})", days_text(days)),
            _ => format!("next due {due} (in {})", days_text(days)),
        }
    }
}

fn days_text(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// One document on the page.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    pub book: &'a Runbook,
    pub role: AppRole,
    pub review: Review,
}

impl Section<'_> {
    /// The warning that opens the page when this document's review is overdue or
    /// missing.
    #[must_use]
    pub fn alert(&self) -> Option<String> {
        let name = self.book.doc.id.as_deref().unwrap_or(self.book.doc.name());
        match (self.review.state, self.review.next_due, self.review.days) {
            (ReviewState::Overdue, Some(due), Some(days)) => Some(format!(
                "REVIEW OVERDUE: {name} was due for review on {due}, {} ago; this runbook may be out of date.",
                days_text(-days)
            )),
            (ReviewState::Missing, _, _) => Some(format!(
                "NEVER REVIEWED: {name} has no review date; this runbook may be out of date."
            )),
            _ => None,
        }
    }
}

/// `A → B: data · frequency · mechanism` (what is not documented is left out).
#[must_use]
pub fn flow_text(f: &Flow) -> String {
    let side = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".to_owned());
    let mut out = format!("{} → {}", side(&f.from), side(&f.to));
    let parts: Vec<&str> = [&f.data, &f.frequency, &f.mechanism]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !parts.is_empty() {
        out.push_str(": ");
        out.push_str(&parts.join(" · "));
    }
    out
}

/// A flow and the document it is written in.
#[derive(Debug, Clone, Copy)]
pub struct FlowRef<'a> {
    pub book: &'a Runbook,
    pub flow: &'a Flow,
}

/// The whole page.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub subject: Subject,
    /// The app the page is about (display name), if known.
    pub app: Option<String>,
    pub sections: Vec<Section<'a>>,
    /// Flows into and out of the app, from every document.
    pub flows_in: Vec<FlowRef<'a>>,
    pub flows_out: Vec<FlowRef<'a>>,
    /// The integration's own flows that touch neither side of the app.
    pub flows_other: Vec<FlowRef<'a>>,
    pub downstream: Vec<Reach>,
    pub upstream: Vec<Reach>,
}

/// The result of a query.
#[derive(Debug)]
pub enum Found<'a> {
    Page(Box<Page<'a>>),
    /// Nothing matched: the closest ids and app names.
    NoMatch(Vec<String>),
    /// Several things matched: one line each.
    Ambiguous(Vec<String>),
}

/// Review settings: today, the default interval, `warn_days`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub today: Date,
    pub interval: Interval,
    pub warn_days: u32,
}

fn review(book: &Runbook, clock: &Clock) -> Review {
    let interval = book.interval.unwrap_or(clock.interval);
    let next_due = book.last_reviewed.map(|d| interval.after(d));
    Review {
        state: review_state(next_due, clock.today, clock.warn_days),
        interval,
        next_due,
        days: next_due.and_then(|d| clock.today.until(d).ok().map(|s| i64::from(s.get_days()))),
    }
}

fn describe(b: &Runbook) -> String {
    let id = b.doc.id.as_deref().unwrap_or("(no id)");
    format!("integration `{id}` ({}) in {}", b.doc.name(), b.doc.file)
}

/// Finds the page `query` names among `books`.
#[must_use]
pub fn find<'a>(books: &'a [Runbook], query: &str, by: By, clock: &Clock) -> Found<'a> {
    let q = query.trim();
    let key = app_key(q);
    let by_id: Vec<&Runbook> = if by == By::App {
        Vec::new()
    } else {
        books
            .iter()
            .filter(|b| {
                b.doc
                    .id
                    .as_deref()
                    .is_some_and(|id| id.eq_ignore_ascii_case(q))
            })
            .collect()
    };
    let by_app: Vec<&Runbook> = if by == By::Id {
        Vec::new()
    } else {
        books
            .iter()
            .filter(|b| b.apps().iter().any(|a| app_key(a) == key))
            .collect()
    };
    let graph = FlowGraph::build(books);
    if by_id.len() > 1 {
        return Found::Ambiguous(by_id.iter().map(|b| describe(b)).collect());
    }
    let same = by_id.len() == 1 && by_app.len() == 1 && std::ptr::eq(by_id[0], by_app[0]);
    if by_id.len() == 1 && !by_app.is_empty() && !same {
        return Found::Ambiguous(vec![
            describe(by_id[0]),
            format!(
                "app `{}` in {} document(s)",
                graph.display(&key),
                by_app.len()
            ),
        ]);
    }
    if let Some(book) = by_id.first() {
        let focus: Vec<String> = book.app.iter().map(|a| app_key(a)).collect();
        let mut page = page(books, &graph, &focus, vec![book], clock);
        page.subject = Subject::Integration {
            id: book.doc.id.clone().unwrap_or_default(),
        };
        // The integration's own flows that the app's lists do not show.
        page.flows_other = book
            .flows
            .iter()
            .filter(|f| !touches(f, &focus))
            .map(|flow| FlowRef { book, flow })
            .collect();
        return Found::Page(Box::new(page));
    }
    // An app named only in flows or connections still has neighbours to show.
    if !by_app.is_empty() || (by != By::Id && graph.knows(&key)) {
        return Found::Page(Box::new(page(books, &graph, &[key], by_app, clock)));
    }
    Found::NoMatch(closest(books, &graph, q, by))
}

fn touches(f: &Flow, focus: &[String]) -> bool {
    [&f.from, &f.to]
        .into_iter()
        .flatten()
        .any(|a| focus.contains(&app_key(a)))
}

fn page<'a>(
    books: &'a [Runbook],
    graph: &FlowGraph,
    focus: &[String],
    docs: Vec<&'a Runbook>,
    clock: &Clock,
) -> Page<'a> {
    let is = |name: &Option<String>| name.as_deref().is_some_and(|n| focus.contains(&app_key(n)));
    let mut sections: Vec<Section<'a>> = docs
        .into_iter()
        .map(|book| Section {
            book,
            role: if is(&book.app) {
                AppRole::Primary
            } else {
                AppRole::Supporting
            },
            review: review(book, clock),
        })
        .collect();
    // Where the app is the primary app first; stable, so file order within.
    sections.sort_by_key(|s| s.role != AppRole::Primary);
    let mut flows_in = Vec::new();
    let mut flows_out = Vec::new();
    for book in books {
        for flow in &book.flows {
            if is(&flow.from) {
                flows_out.push(FlowRef { book, flow });
            } else if is(&flow.to) {
                flows_in.push(FlowRef { book, flow });
            }
        }
    }
    let name = focus.first().map(|k| graph.display(k));
    Page {
        subject: Subject::App {
            name: name.clone().unwrap_or_default(),
        },
        app: name,
        sections,
        flows_in,
        flows_out,
        flows_other: Vec::new(),
        downstream: graph.downstream(focus),
        upstream: graph.upstream(focus),
    }
}

/// Up to three ids and app names closest to `query` (Jaro-Winkler on lower case;
/// names that contain the query come first).
fn closest(books: &[Runbook], graph: &FlowGraph, query: &str, by: By) -> Vec<String> {
    let q = query.to_lowercase();
    let mut names: Vec<String> = Vec::new();
    if by != By::App {
        names.extend(books.iter().filter_map(|b| b.doc.id.clone()));
    }
    if by != By::Id {
        names.extend(graph.apps());
    }
    names.sort();
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let mut scored: Vec<(bool, f64, String)> = names
        .into_iter()
        .map(|n| {
            let l = n.to_lowercase();
            (
                !q.is_empty() && l.contains(&q),
                strsim::jaro_winkler(&q, &l),
                n,
            )
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    scored.into_iter().take(3).map(|(_, _, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, SourceText};

    fn book(file: &str, yaml: &str) -> Runbook {
        let src = SourceText::new(yaml.to_owned());
        super::super::extract(file, 0, &parse(&src).documents[0].root)
    }

    fn clock() -> Clock {
        Clock {
            today: crate::interval::parse_date("2026-11-20").unwrap(),
            interval: Interval::months(3),
            warn_days: 14,
        }
    }

    fn books() -> Vec<Runbook> {
        vec![
            book("a.yaml", "metadata: {id: shop}\nspec:\n  primary: {app: Shopify}\n  secondary:\n    - app: QBO\n      data_flows: [{from: Shopify, to: QBO}, {from: QBO, to: Bank}]\n  validation:\n    review: {last_reviewed: 2026-10-01}\n"),
            book("b.yaml", "metadata: {id: qbo}\nspec:\n  primary: {app: qbo }\n"),
            book("c.yaml", "metadata: {id: shopify}\nspec:\n  primary: {app: Klaviyo}\n  secondary:\n    - app: shopify\n"),
        ]
    }

    #[test]
    fn by_id_by_app_and_ambiguity() {
        let books = books();
        let Found::Page(p) = find(&books, "SHOP", By::Any, &clock()) else {
            panic!("shop is an id")
        };
        assert_eq!(p.subject, Subject::Integration { id: "shop".into() });
        assert_eq!(p.flows_out.len(), 1);
        assert_eq!(p.flows_other.len(), 1, "QBO → Bank");
        assert_eq!(p.sections[0].review.state, ReviewState::Ok);
        assert_eq!(p.downstream.len(), 2);

        match find(&books, " qbo", By::Any, &clock()) {
            // b's id, and an app of a and b.
            Found::Ambiguous(lines) => assert_eq!(
                lines,
                [
                    "integration `qbo` (qbo) in b.yaml",
                    "app `QBO` in 2 document(s)"
                ]
            ),
            other => panic!("{other:?}"),
        }
        let Found::Page(p) = find(&books, "qbo", By::Id, &clock()) else {
            panic!("--id")
        };
        assert_eq!(p.subject, Subject::Integration { id: "qbo".into() });
        assert_eq!((p.flows_in.len(), p.flows_out.len()), (1, 1));
        let Found::Page(p) = find(&books, "BANK", By::Any, &clock()) else {
            panic!("an app named only in a flow")
        };
        assert!(p.sections.is_empty());
        assert_eq!(p.upstream[1].path, ["Shopify", "QBO", "Bank"]);
        match find(&books, "shopify", By::Any, &clock()) {
            Found::Ambiguous(lines) => assert_eq!(lines.len(), 2, "{lines:?}"),
            other => panic!("{other:?}"),
        }
        let Found::Page(p) = find(&books, "shopify", By::App, &clock()) else {
            panic!()
        };
        let roles: Vec<AppRole> = p.sections.iter().map(|s| s.role).collect();
        assert_eq!(roles, [AppRole::Primary, AppRole::Supporting]);
        assert_eq!(p.sections[1].review.state, ReviewState::Missing);
        match find(&books, "shopfy", By::Any, &clock()) {
            Found::NoMatch(near) => assert_eq!(near[0], "Shopify"),
            other => panic!("{other:?}"),
        }
    }
}
