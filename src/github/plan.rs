//! The pure part of the sweep: from what the issues should say and what GitHub holds
//! to a list of actions. No I/O here, so every case is a unit test.
//!
//! Rules: one open issue per document. Among several open issues for one document the
//! oldest (lowest number) is kept and the others are closed as duplicates. A document
//! with gaps and no open issue reopens its oldest closed issue, or gets a new one
//! (capped by `--max-issues`). An open issue whose document was swept without gaps is
//! closed with a comment. Issues of documents not in this sweep (deleted, outside the
//! swept paths, unreadable) are left alone: closing them could hide gaps.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One of wirebook's issues as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub number: u64,
    pub title: String,
    pub open: bool,
    pub id: String,
    pub fingerprint: Option<String>,
}

/// What one document's issue should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desired {
    pub id: String,
    pub title: String,
    pub body: String,
    pub fingerprint: String,
    /// Logins to assign on creation.
    pub assignees: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create {
        id: String,
        title: String,
        body: String,
        assignees: Vec<String>,
    },
    /// Edit an open issue's title and body in place.
    Update {
        number: u64,
        id: String,
        title: String,
        body: String,
    },
    /// Reopen a closed issue with the current title and body.
    Reopen {
        number: u64,
        id: String,
        title: String,
        body: String,
    },
    /// The document has no gaps left.
    Close {
        number: u64,
        id: String,
        title: String,
    },
    /// A second open issue for one document.
    CloseDuplicate {
        number: u64,
        id: String,
        title: String,
        of: u64,
    },
}

impl Action {
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Action::Create { id, .. }
            | Action::Update { id, .. }
            | Action::Reopen { id, .. }
            | Action::Close { id, .. }
            | Action::CloseDuplicate { id, .. } => id,
        }
    }

    #[must_use]
    pub fn is_create(&self) -> bool {
        matches!(self, Action::Create { .. })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Create { title, .. } => write!(f, "create    {title}"),
            Action::Update { number, title, .. } => write!(f, "update    #{number} {title}"),
            Action::Reopen { number, title, .. } => write!(f, "reopen    #{number} {title}"),
            Action::Close { number, title, .. } => {
                write!(f, "close     #{number} {title} (no gaps left)")
            }
            Action::CloseDuplicate {
                number, title, of, ..
            } => write!(f, "close     #{number} {title} (duplicate of #{of})"),
        }
    }
}

/// The actions, in the order to run them, and what is left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// Open issues that already say the right thing.
    pub unchanged: Vec<u64>,
    /// Documents that need a new issue beyond the `--max-issues` cap.
    pub over_cap: Vec<String>,
    /// Open issues of documents not in this sweep.
    pub untouched: Vec<(u64, String)>,
}

/// Plans the sweep. `swept` holds the ID of every document this run checked.
#[must_use]
pub fn plan(
    desired: &[Desired],
    swept: &BTreeSet<String>,
    existing: &[Existing],
    max_create: usize,
) -> Plan {
    let mut by_id: BTreeMap<&str, Vec<&Existing>> = BTreeMap::new();
    for e in existing {
        by_id.entry(&e.id).or_default().push(e);
    }
    for list in by_id.values_mut() {
        list.sort_by_key(|e| e.number);
    }
    let mut p = Plan::default();
    let mut duplicates = Vec::new();
    let mut edits = Vec::new();
    let mut closes = Vec::new();
    let mut creates = Vec::new();

    let wanted: BTreeMap<&str, &Desired> = desired.iter().map(|d| (d.id.as_str(), d)).collect();
    for (id, issues) in &by_id {
        let open: Vec<&&Existing> = issues.iter().filter(|e| e.open).collect();
        if let Some(d) = wanted.get(id) {
            if let Some(keep) = open.first() {
                for dup in &open[1..] {
                    duplicates.push(Action::CloseDuplicate {
                        number: dup.number,
                        id: (*id).to_owned(),
                        title: dup.title.clone(),
                        of: keep.number,
                    });
                }
                if keep.fingerprint.as_deref() == Some(d.fingerprint.as_str())
                    && keep.title == d.title
                {
                    p.unchanged.push(keep.number);
                } else {
                    edits.push(Action::Update {
                        number: keep.number,
                        id: d.id.clone(),
                        title: d.title.clone(),
                        body: d.body.clone(),
                    });
                }
            } else if let Some(first) = issues.first() {
                edits.push(Action::Reopen {
                    number: first.number,
                    id: d.id.clone(),
                    title: d.title.clone(),
                    body: d.body.clone(),
                });
            }
        } else if swept.contains(*id) {
            for e in open {
                closes.push(Action::Close {
                    number: e.number,
                    id: (*id).to_owned(),
                    title: e.title.clone(),
                });
            }
        } else {
            p.untouched
                .extend(open.iter().map(|e| (e.number, (*id).to_owned())));
        }
    }
    for d in desired {
        if by_id.contains_key(d.id.as_str()) {
            continue;
        }
        if creates.len() < max_create {
            creates.push(Action::Create {
                id: d.id.clone(),
                title: d.title.clone(),
                body: d.body.clone(),
                assignees: d.assignees.clone(),
            });
        } else {
            p.over_cap.push(d.id.clone());
        }
    }
    p.actions = duplicates
        .into_iter()
        .chain(edits)
        .chain(closes)
        .chain(creates)
        .collect();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(id: &str, fp: &str) -> Desired {
        Desired {
            id: id.into(),
            title: format!("T {id}"),
            body: format!("body {fp}"),
            fingerprint: fp.into(),
            assignees: vec![],
        }
    }

    fn have(number: u64, id: &str, open: bool, fp: &str) -> Existing {
        Existing {
            number,
            title: format!("T {id}"),
            open,
            id: id.into(),
            fingerprint: Some(fp.into()),
        }
    }

    fn swept(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn creates_updates_and_leaves_unchanged() {
        let p = plan(
            &[want("a", "1"), want("b", "2"), want("c", "3")],
            &swept(&["a", "b", "c"]),
            &[have(1, "a", true, "1"), have(2, "b", true, "old")],
            20,
        );
        assert_eq!(p.unchanged, vec![1]);
        assert!(matches!(&p.actions[0], Action::Update { number: 2, .. }));
        assert!(matches!(&p.actions[1], Action::Create { id, .. } if id == "c"));
        assert_eq!(p.actions.len(), 2);
    }

    #[test]
    fn fixed_documents_close_and_regressions_reopen_the_oldest() {
        let p = plan(
            &[want("b", "2")],
            &swept(&["a", "b"]),
            &[
                have(1, "a", true, "1"),
                have(7, "b", false, "2"),
                have(3, "b", false, "2"),
            ],
            20,
        );
        assert_eq!(
            p.actions,
            vec![
                Action::Reopen {
                    number: 3,
                    id: "b".into(),
                    title: "T b".into(),
                    body: "body 2".into()
                },
                Action::Close {
                    number: 1,
                    id: "a".into(),
                    title: "T a".into()
                },
            ]
        );
    }

    #[test]
    fn duplicates_keep_the_oldest_open() {
        let p = plan(
            &[want("a", "1")],
            &swept(&["a"]),
            &[
                have(9, "a", true, "1"),
                have(4, "a", true, "1"),
                have(6, "a", true, "x"),
            ],
            20,
        );
        assert_eq!(p.unchanged, vec![4]);
        let closed: Vec<_> = p
            .actions
            .iter()
            .map(|a| match a {
                Action::CloseDuplicate { number, of, .. } => (*number, *of),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(closed, vec![(6, 4), (9, 4)]);
    }

    #[test]
    fn documents_outside_the_sweep_are_left_alone_and_creates_are_capped() {
        let p = plan(
            &[want("x", "1"), want("y", "1"), want("z", "1")],
            &swept(&["x", "y", "z"]),
            &[have(5, "gone", true, "1")],
            2,
        );
        assert_eq!(p.untouched, vec![(5, "gone".into())]);
        assert_eq!(p.actions.iter().filter(|a| a.is_create()).count(), 2);
        assert_eq!(p.over_cap, vec!["z".to_owned()]);
    }

    #[test]
    fn a_missing_fingerprint_or_new_title_updates() {
        let mut e = have(1, "a", true, "1");
        e.fingerprint = None;
        let p = plan(&[want("a", "1")], &swept(&["a"]), &[e], 20);
        assert!(matches!(p.actions[0], Action::Update { .. }));
        let mut e = have(1, "a", true, "1");
        e.title = "old".into();
        let p = plan(&[want("a", "1")], &swept(&["a"]), &[e], 20);
        assert!(matches!(p.actions[0], Action::Update { .. }));
    }
}
