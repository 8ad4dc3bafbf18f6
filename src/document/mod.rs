//! Reading YAML files into span-carrying trees, and finding nodes by JSON pointer.

mod fast;
mod node;
mod parse;
mod pointer;
mod scalar;
mod source;
mod tabs;
pub mod vocab;

pub use fast::parse as parse_fast;
pub use node::{is_placeholder, Entry, Node, Span, Style, Text, Value, PLACEHOLDERS};
pub use parse::{
    parse, parse_with_saphyr, Document, Parsed, Problem, ProblemKind, MAX_ALIAS_NODES, MAX_DEPTH,
};
pub use pointer::{escape_segment, lookup, lookup_key, pointer_at, pointer_segments};
pub use source::{end_position, SourceText};
pub use vocab::Key;
