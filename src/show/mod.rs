//! `wirebook show APP|ID`: the 2am runbook of one integration or one app.
//!
//! Per document first: [`extract`] turns one (masked) document tree into an owned
//! [`Runbook`], so a streaming check can free the tree right after. [`page::find`]
//! then picks the documents a query names out of a list of runbooks and follows
//! the data flows across all of them ([`graph`]); one module per format prints it.
//!
//! Secrets: the trees come from the engine with every detected secret masked (at
//! most 4 characters shown), and a runbook keeps only what a person needs to log in
//! (URL, credential format, the names of secrets and where they are stored).

mod extract;
pub mod graph;
pub mod human;
pub mod json;
pub mod markdown;
pub mod page;

pub use extract::{extract, Check, Contacts, Flow, KnownIssue, Runbook, SecretRef, Supporting};

use crate::apps::app_key;
