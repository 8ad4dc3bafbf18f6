//! The people and teams named in the documents: who owns, answers for, approves,
//! reviews and can grant access to each integration (`wirebook people`), and the
//! handover plan before one of them leaves (`wirebook offboard`).
//!
//! Everything starts per document: [`extract`] turns one document tree (already
//! masked by the engine) into a small owned [`Mentions`], so a streaming check can
//! free the tree right after. [`directory::build`] and [`handover::plan`] then work
//! on a list of those.
//!
//! - [`extract`]: `(file, document index, root)` → [`Mentions`]; [`Role`], [`Kind`] and
//!   [`person_key`] say what a person is and who counts as the same person.
//! - [`directory`]: every person with their integrations and roles; the integrations
//!   that depend on a single person (WB307's definition).
//! - [`handover`]: one person's handover plan.
//! - [`markdown`], [`json`]: the two output formats of both commands.
//! - [`issue`]: the "Handover before @handle leaves" GitHub issue.

pub mod directory;
mod extract;
pub mod handover;
pub mod issue;
pub mod json;
pub mod markdown;
mod role;

pub use extract::{extract, names, Doc, Mention, Mentions};
pub use role::{kind, person_key, Kind, Role};
