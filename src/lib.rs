//! wirebook: the GitOps validator and CI linter for integration documentation.

pub mod apps;
pub mod baseline;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod engine;
pub mod fix;
pub mod github;
pub mod interval;
pub mod links;
pub mod output;
pub mod people;
pub mod project;
pub mod report;
pub mod review;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod server;
pub mod show;
pub mod suppress;
