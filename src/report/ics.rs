//! `--format ics`: an iCalendar (RFC 5545) feed with one all-day event per
//! integration on its next review due date, for calendar subscriptions.
//!
//! Output is reproducible: UIDs are `<id>@wirebook` (`<id>@<owner>.<name>.wirebook`
//! when the repository is known), DTSTAMP is `--today` at
//! midnight UTC. A document never reviewed gets its event today (the review is due now).

use std::collections::HashSet;
use std::fmt::Write;

use jiff::civil::Date;

use super::model::{Integration, Report, ReviewState};
use super::review_text;

/// Escapes a TEXT value (RFC 5545 3.3.11): `\`, `;`, `,` and newlines.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8
/// character, and ends every physical line with CRLF.
#[must_use]
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `shopify-orders@wirebook`; other characters of a (schema-invalid) id become `-`.
fn uid_base(i: &Integration) -> String {
    let raw =
        i.id.clone()
            .unwrap_or_else(|| format!("{}-{}", i.file, i.document.map_or(0, |d| d + 1)));
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn event(i: &Integration, report: &Report, uid: &str, stamp: &str) -> String {
    let due = i.next_review.unwrap_or(report.today);
    let end = due.tomorrow().unwrap_or(due);
    let name = i.name();
    let label = match &i.id {
        Some(id) if i.title.is_some() => format!("{name} ({id})"),
        _ => name.to_owned(),
    };
    let prefix = match i.review {
        ReviewState::Overdue => "Review overdue",
        ReviewState::Missing => "Review due (never reviewed)",
        _ => "Review due",
    };
    let owners = if i.owners.is_empty() {
        "none listed".to_owned()
    } else {
        i.owners.join(", ")
    };
    let last = i
        .last_reviewed
        .map_or_else(|| "never".to_owned(), |d| d.to_string());
    let description = format!(
        "Review the wirebook document {label}.\nOwners: {owners}\nFile: {}{}\nLast reviewed: {last} (every {})\nStatus on {}: {}",
        i.file,
        i.repository
            .as_deref()
            .map(|r| format!(" in {r}"))
            .unwrap_or_default(),
        i.interval,
        report.today,
        review_text(i, report),
    );
    let mut out = String::new();
    for line in [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", ics_date(due)),
        format!("DTEND;VALUE=DATE:{}", ics_date(end)),
        format!("SUMMARY:{}", escape(&format!("{prefix}: {label}"))),
        format!("DESCRIPTION:{}", escape(&description)),
        "TRANSP:TRANSPARENT".to_owned(),
        "END:VEVENT".to_owned(),
    ] {
        out.push_str(&fold(&line));
    }
    out
}

/// The whole calendar.
#[must_use]
pub fn render(report: &Report) -> String {
    let stamp = format!("{}T000000Z", ics_date(report.today));
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//wirebook//wirebook report//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:wirebook reviews",
    ] {
        out.push_str(&fold(line));
    }
    let mut seen: HashSet<String> = HashSet::new();
    for i in report.integrations.iter().filter(|i| i.document.is_some()) {
        let base = uid_base(i);
        // Keyed by (repository, id): the same id in two repositories is two events.
        let domain = i.repository.as_deref().map_or_else(
            || "wirebook".to_owned(),
            |r| format!("{}.wirebook", r.replace('/', ".")),
        );
        let mut uid = format!("{base}@{domain}");
        let mut n = 2;
        while seen.contains(&uid) {
            uid = format!("{base}-{n}@{domain}");
            n += 1;
        }
        let _ = write!(out, "{}", event(i, report, &uid, &stamp));
        seen.insert(uid);
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }
}
