//! A yes/no validator over the `Node` tree for the embedded schema, so that a valid
//! document (nearly every one) costs neither a `serde_json` copy of its tree nor a
//! `jsonschema` run.
//!
//! It answers one question, "is this document certainly valid?", and answers "no" whenever
//! it is not sure: a "no" sends the document through `jsonschema` as before, which finds
//! the errors (or finds none). So its mistakes can only cost time, never a finding, as
//! long as every "yes" is right; `tests/schema_fast.rs` holds it to `jsonschema`'s verdict
//! on every YAML file of the repository and the corpus and thousands of edits of them.
//!
//! It knows the keywords the schema uses (`type`, `const`, `enum`, `properties`,
//! `patternProperties`, `additionalProperties`, `required`, `items`, `anyOf`, `$ref` to
//! `#/$defs/...`, `minLength`, `pattern`, `format`) and the annotations. A schema with any
//! other keyword does not compile here, and then every document goes to `jsonschema`.
//! A schema's `pattern` and `format` are kept as a one-keyword `jsonschema` validator,
//! which decides any text with a character beyond ASCII. ASCII text is decided without
//! wrapping it in a JSON value: the pattern by `regex` on `jsonschema_regex`'s ECMA-262
//! translation (the translation and the engine `jsonschema` itself uses), `format: date`
//! by a check written here; a schema with another format keeps the validator for all
//! text. `tests` below hold both to the validator on every kind of date and on thousands
//! of ASCII strings. A `patternProperties` key that is `^` and a literal word is a prefix
//! test.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value as Json;

use crate::document::vocab::{self, Sym};
use crate::document::{Node, Value};

/// A slot of `Schema::by_sym` that no property has.
const NOT_A_PROPERTY: usize = usize::MAX;

const NULL: u8 = 1;
const BOOLEAN: u8 = 2;
const INTEGER: u8 = 4;
const NUMBER: u8 = 8;
const STRING: u8 = 16;
const ARRAY: u8 = 32;
const OBJECT: u8 = 64;
const ANY: u8 = 127;

/// Keywords that never affect validity.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "markdownDescription",
];

/// How a `patternProperties` key is matched.
enum KeyMatch {
    /// `^` and a literal word: the key starts with it.
    Prefix(String),
    Pattern(Validator),
}

impl KeyMatch {
    fn matches(&self, key: &str) -> bool {
        match self {
            Self::Prefix(p) => key.starts_with(p.as_str()),
            Self::Pattern(v) => matches_text(v, key),
        }
    }
}

enum Additional {
    Any,
    Never,
    Schema(usize),
}

struct Schema {
    types: u8,
    /// `const` and `enum`, both string-only here: the value must be one of these.
    one_of_strings: Option<Vec<String>>,
    min_length: Option<usize>,
    /// `pattern` and `format` (strings only).
    string_check: Option<StringCheck>,
    /// Each property's schema, and its bit in `required_bits` when it is required.
    properties: HashMap<String, (usize, u64), foldhash::fast::FixedState>,
    /// The same for the properties in the key vocabulary, by the key's number
    /// (`NOT_A_PROPERTY` where it is not one): a key that has a number is looked up
    /// here, any other in `properties`. Empty when there are no properties.
    by_sym: Box<[(usize, u64)]>,
    pattern_properties: Vec<(KeyMatch, usize)>,
    additional: Additional,
    /// The bits of the required keys that are also properties: found while the entries
    /// are checked, not by a second pass.
    required_bits: u64,
    /// Required keys that are not properties (or beyond 64), looked for by name.
    required_other: Vec<String>,
    items: Option<usize>,
    any_of: Vec<usize>,
    reference: Option<usize>,
}

impl Schema {
    fn empty() -> Self {
        Self {
            types: ANY,
            one_of_strings: None,
            min_length: None,
            string_check: None,
            properties: HashMap::default(),
            by_sym: Box::new([]),
            pattern_properties: Vec::new(),
            additional: Additional::Any,
            required_bits: 0,
            required_other: Vec::new(),
            items: None,
            any_of: Vec::new(),
            reference: None,
        }
    }
}

/// The compiled schema: schemas in an arena, the root first.
pub struct Compiled {
    schemas: Vec<Schema>,
}

/// Why a schema does not compile here (a keyword or form this validator does not know).
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

struct Builder<'a> {
    root: &'a Json,
    schemas: Vec<Schema>,
    /// `$ref` targets already given a slot (recursive references end here).
    by_pointer: HashMap<String, usize>,
}

impl Compiled {
    /// Compiles `root` (a draft 2020-12 schema), or says which part it cannot take.
    ///
    /// # Errors
    /// The schema uses a keyword, a `$ref` or a value form not listed in the module
    /// documentation.
    pub fn new(root: &Json) -> Result<Self, Unsupported> {
        let mut b = Builder {
            root,
            schemas: Vec::new(),
            by_pointer: HashMap::new(),
        };
        b.compile(root, "")?;
        let mut schemas = b.schemas;
        shortcut(&mut schemas);
        Ok(Self { schemas })
    }

    /// `true` only when `node` is valid against the schema; `false` when it is not, or
    /// when this validator cannot be sure (ask `jsonschema`).
    #[must_use]
    pub fn is_valid(&self, node: &Node) -> bool {
        self.check(0, node)
    }

    fn check(&self, at: usize, node: &Node) -> bool {
        let s = &self.schemas[at];
        let (kind, text) = match &node.value {
            Value::Null => (NULL, None),
            Value::Bool(_) => (BOOLEAN, None),
            Value::Int(_) => (INTEGER | NUMBER, None),
            // A non-finite float becomes JSON null in the copy `jsonschema` sees, and an
            // integral one may count as an integer: not worth being sure about.
            Value::Float(f) if f.is_finite() && f.fract() != 0.0 => (NUMBER, None),
            Value::Float(_) => return false,
            Value::String(t) => (STRING, Some(t.as_str())),
            Value::Seq(_) => (ARRAY, None),
            Value::Map(_) => (OBJECT, None),
        };
        if s.types & kind == 0 {
            return false;
        }
        if let Some(allowed) = &s.one_of_strings {
            if !text.is_some_and(|t| allowed.iter().any(|a| a == t)) {
                return false;
            }
        }
        if let Some(t) = text {
            // A character is at most four bytes: a long text is not counted.
            if s.min_length
                .is_some_and(|n| t.len() < n || (t.len() / 4 < n && t.chars().count() < n))
            {
                return false;
            }
            if s.string_check.as_ref().is_some_and(|c| !c.matches(t)) {
                return false;
            }
        }
        match &node.value {
            Value::Seq(items) => {
                if let Some(item) = s.items {
                    if !items.iter().all(|n| self.check(item, n)) {
                        return false;
                    }
                }
            }
            Value::Map(entries) => {
                let mut found = 0u64;
                // A key written twice is checked twice (the JSON copy would keep the
                // last): stricter, so never wrongly "valid".
                for e in entries {
                    // `jsonschema` sees rendered keys; a key that is not text is rare.
                    let Value::String(key) = &e.key.value else {
                        return false;
                    };
                    let mut known = false;
                    let property = match e.sym().index() {
                        Some(i) => s.by_sym.get(i).filter(|p| p.0 != NOT_A_PROPERTY),
                        None => s.properties.get(key.as_str()),
                    };
                    if let Some(&(p, bit)) = property {
                        known = true;
                        found |= bit;
                        if !self.check(p, &e.value) {
                            return false;
                        }
                    }
                    for (m, p) in &s.pattern_properties {
                        if m.matches(key) {
                            known = true;
                            if !self.check(*p, &e.value) {
                                return false;
                            }
                        }
                    }
                    if !known {
                        match s.additional {
                            Additional::Any => {}
                            Additional::Never => return false,
                            Additional::Schema(p) => {
                                if !self.check(p, &e.value) {
                                    return false;
                                }
                            }
                        }
                    }
                }
                let has = |k: &str| {
                    entries
                        .iter()
                        .any(|e| matches!(&e.key.value, Value::String(t) if t == k))
                };
                if found & s.required_bits != s.required_bits
                    || !s.required_other.iter().all(|k| has(k))
                {
                    return false;
                }
            }
            _ => {}
        }
        if !s.any_of.is_empty() && !s.any_of.iter().any(|&b| self.check(b, node)) {
            return false;
        }
        s.reference.is_none_or(|r| self.check(r, node))
    }
}

impl Schema {
    /// No keyword but `anyOf` and `$ref` (the annotations aside).
    fn only_branches(&self) -> bool {
        let Self {
            types,
            one_of_strings,
            min_length,
            string_check,
            properties,
            by_sym: _,
            pattern_properties,
            additional,
            required_bits,
            required_other,
            items,
            any_of: _,
            reference: _,
        } = self;
        *types == ANY
            && one_of_strings.is_none()
            && min_length.is_none()
            && string_check.is_none()
            && properties.is_empty()
            && pattern_properties.is_empty()
            && matches!(additional, Additional::Any)
            && *required_bits == 0
            && required_other.is_empty()
            && items.is_none()
    }

    /// Nothing but a `$ref`: its target.
    fn only_reference(&self) -> Option<usize> {
        if self.only_branches() && self.any_of.is_empty() {
            self.reference
        } else {
            None
        }
    }

    /// Nothing but an `anyOf`: its branches.
    fn only_any_of(&self) -> Option<&[usize]> {
        (self.only_branches() && self.reference.is_none() && !self.any_of.is_empty())
            .then_some(self.any_of.as_slice())
    }

    /// Every index of another schema this one holds.
    fn indices_mut(&mut self) -> impl Iterator<Item = &mut usize> {
        let additional = match &mut self.additional {
            Additional::Schema(p) => Some(p),
            Additional::Any | Additional::Never => None,
        };
        self.properties
            .values_mut()
            .map(|(p, _)| p)
            .chain(
                self.by_sym
                    .iter_mut()
                    .map(|(p, _)| p)
                    .filter(|p| **p != NOT_A_PROPERTY),
            )
            .chain(self.pattern_properties.iter_mut().map(|(_, p)| p))
            .chain(additional)
            .chain(self.items.as_mut())
            .chain(self.any_of.iter_mut())
            .chain(self.reference.as_mut())
    }
}

/// How deep [`shortcut`] follows bare references and nested `anyOf`s (a cycle of them
/// is left as it is).
const SHORTCUT_DEPTH: usize = 16;

/// Two rewrites that change no answer and save a step of [`Compiled::check`] at many
/// nodes: an index of a schema that is only a `$ref` (a property's
/// `"$ref": "#/$defs/text"`) becomes its target's, and an `anyOf` branch that is only an
/// `anyOf` is replaced by its branches (`url`'s `{"$ref": "#/$defs/unanswered"}`). The
/// schemas left without a use stay in the arena.
fn shortcut(schemas: &mut [Schema]) {
    let target: Vec<usize> = (0..schemas.len())
        .map(|i| {
            let mut t = i;
            for _ in 0..SHORTCUT_DEPTH {
                match schemas[t].only_reference() {
                    Some(next) => t = next,
                    None => return t,
                }
            }
            i
        })
        .collect();
    for s in schemas.iter_mut() {
        for p in s.indices_mut() {
            *p = target[*p];
        }
    }
    for i in 0..schemas.len() {
        if schemas[i].any_of.is_empty() {
            continue;
        }
        let mut flat = Vec::new();
        if flatten(schemas, &schemas[i].any_of, 0, &mut flat) {
            schemas[i].any_of = flat;
        }
    }
}

/// The branches `any_of` stands for, nested bare `anyOf`s opened, onto `out`; `false`
/// past [`SHORTCUT_DEPTH`].
fn flatten(schemas: &[Schema], any_of: &[usize], depth: usize, out: &mut Vec<usize>) -> bool {
    if depth > SHORTCUT_DEPTH {
        return false;
    }
    for &b in any_of {
        match schemas[b].only_any_of() {
            Some(inner) => {
                if !flatten(schemas, inner, depth + 1, out) {
                    return false;
                }
            }
            None => out.push(b),
        }
    }
    true
}

fn unsupported(at: &str, what: impl std::fmt::Display) -> Unsupported {
    Unsupported(format!("{}: {what}", if at.is_empty() { "#" } else { at }))
}

/// A `jsonschema` validator of just these keywords, with the main validator's options.
fn build(keywords: serde_json::Map<String, Json>, at: &str) -> Result<Validator, Unsupported> {
    let names: Vec<String> = keywords.keys().cloned().collect();
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&Json::Object(keywords))
        .map_err(|e| {
            unsupported(
                at,
                format!("`{}` does not compile: {e}", names.join("`, `")),
            )
        })
}

thread_local! {
    /// One JSON string per thread, refilled for each text a validator looks at.
    static TEXT: RefCell<Json> = const { RefCell::new(Json::String(String::new())) };
}

/// Does the string `text` pass `validator`? (Without a new allocation per text.)
fn matches_text(validator: &Validator, text: &str) -> bool {
    TEXT.with(|cell| {
        let Ok(mut json) = cell.try_borrow_mut() else {
            return validator.is_valid(&Json::String(text.to_owned()));
        };
        if let Json::String(buffer) = &mut *json {
            buffer.clear();
            buffer.push_str(text);
        } else {
            *json = Json::String(text.to_owned());
        }
        validator.is_valid(&json)
    })
}

/// A string schema's `pattern` and `format`.
struct StringCheck {
    /// Both keywords as one `jsonschema` validator: the reference, and what decides for
    /// text the fast path does not take. Built when first needed if there is a fast
    /// path (each costs about a million instructions, and documents are mostly ASCII);
    /// `None` inside when it does not build (then the answer is "not sure").
    validator: OnceLock<Option<Validator>>,
    keywords: serde_json::Map<String, Json>,
    /// The same decision for ASCII text, without wrapping the text in a JSON value and
    /// walking a validator: `None` when a keyword is not one of those below.
    ascii: Option<AsciiCheck>,
}

/// `pattern`, from `jsonschema_regex`'s translation of it (the regex `jsonschema` itself
/// ends in for these patterns), and `format: date`. Only ASCII text is decided here:
/// `tests` holds it to the validator on dates of every kind and on thousands of ASCII
/// strings, control characters included.
struct AsciiCheck {
    pattern: Option<AsciiPattern>,
    date: bool,
}

/// A translated `pattern` for ASCII text only, as a dense DFA over ASCII bytes.
///
/// The schema's patterns are a few short anchored expressions, checked against about 40
/// short texts per document. `regex::Regex::is_match` spent about 370 instructions a
/// text, much of it choosing and preparing an engine (its thread's cache, the strategy,
/// the lazy DFA). A DFA built once walks the bytes with a table load each. Built whole
/// over Unicode, the patterns' `\s` classes (ECMA-262's, with a dozen code points beyond
/// ASCII) cost about 11 M instructions at start-up; only ASCII text comes here, so every
/// class is cut down to ASCII first ([`ascii_only`]) and the DFAs are a few KiB.
struct AsciiPattern(regex_automata::dfa::dense::DFA<Vec<u32>>);

/// Bytes a pattern's DFA (or its determinization) may take; past it, no fast path.
const DFA_LIMIT: usize = 1 << 20;

impl AsciiPattern {
    fn new(translated: &str) -> Option<Self> {
        use regex_automata::{dfa::dense, nfa::thompson};
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(translated)
            .ok()?;
        let nfa = thompson::Compiler::new()
            .syntax(regex_automata::util::syntax::Config::new().utf8(false))
            .configure(thompson::Config::new().utf8(false))
            .build_from_hir(&ascii_only(hir))
            .ok()?;
        dense::Builder::new()
            .configure(
                dense::Config::new()
                    .dfa_size_limit(Some(DFA_LIMIT))
                    .determinize_size_limit(Some(DFA_LIMIT)),
            )
            .build_from_nfa(&nfa)
            .ok()
            .map(Self)
    }

    /// Does the ASCII `text` hold a match? `None` if the DFA gave up (it has no quit
    /// bytes, so it does not; the caller then asks the validator).
    fn is_match(&self, text: &str) -> Option<bool> {
        use regex_automata::dfa::Automaton;
        let input = regex_automata::Input::new(text).earliest(true);
        self.0.try_search_fwd(&input).ok().map(|m| m.is_some())
    }
}

/// `hir` as it matches ASCII text: classes cut down to ASCII, a literal beyond ASCII
/// made a class that matches nothing, Unicode word boundaries made ASCII ones (the same
/// on ASCII text).
fn ascii_only(hir: regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{
        Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
        Look, Repetition,
    };
    match hir.into_kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) if lit.0.is_ascii() => Hir::literal(lit.0),
        HirKind::Literal(_) => Hir::fail(),
        HirKind::Class(Class::Unicode(mut c)) => {
            c.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(mut c)) => {
            c.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(c))
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => other,
        }),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(ascii_only(*r.sub)),
            ..r
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(ascii_only(*c.sub)),
            ..c
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(ascii_only).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(ascii_only).collect()),
    }
}

impl StringCheck {
    fn new(keywords: serde_json::Map<String, Json>, at: &str) -> Result<Self, Unsupported> {
        let mut ascii = Some(AsciiCheck {
            pattern: None,
            date: false,
        });
        for (keyword, value) in &keywords {
            let fast = ascii.as_mut();
            match (keyword.as_str(), value.as_str(), fast) {
                ("pattern", Some(p), Some(fast)) => {
                    fast.pattern = jsonschema_regex::to_rust_regex(p)
                        .ok()
                        .and_then(|r| AsciiPattern::new(&r));
                    if fast.pattern.is_none() {
                        ascii = None;
                    }
                }
                ("format", Some("date"), Some(fast)) => fast.date = true,
                _ => ascii = None,
            }
        }
        let validator = OnceLock::new();
        if ascii.is_none() {
            // No fast path: every text needs the validator, and a keyword it cannot
            // compile makes the schema one this module does not take.
            let _ = validator.set(Some(build(keywords.clone(), at)?));
        }
        Ok(Self {
            validator,
            keywords,
            ascii,
        })
    }

    fn validator(&self) -> Option<&Validator> {
        self.validator
            .get_or_init(|| build(self.keywords.clone(), "").ok())
            .as_ref()
    }

    fn matches(&self, text: &str) -> bool {
        match &self.ascii {
            Some(fast) if text.is_ascii() => {
                let pattern = fast
                    .pattern
                    .as_ref()
                    .map_or(Some(true), |p| p.is_match(text));
                match pattern {
                    Some(matched) => matched && (!fast.date || is_date(text)),
                    None => self.validator().is_some_and(|v| matches_text(v, text)),
                }
            }
            _ => self.validator().is_some_and(|v| matches_text(v, text)),
        }
    }
}

/// JSON Schema's `date` format (RFC 3339 `full-date`): `YYYY-MM-DD`, a real day of the
/// Gregorian calendar (year 0000 included, as `jsonschema` has it).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=last).contains(&day)
}

/// `^` followed only by letters, digits, `-` and `_`: a prefix test.
fn literal_prefix(pattern: &str) -> Option<&str> {
    let rest = pattern.strip_prefix('^')?;
    rest.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .then_some(rest)
}

fn type_bits(name: &Json, at: &str) -> Result<u8, Unsupported> {
    Ok(match name.as_str() {
        Some("null") => NULL,
        Some("boolean") => BOOLEAN,
        Some("integer") => INTEGER,
        Some("number") => NUMBER | INTEGER,
        Some("string") => STRING,
        Some("array") => ARRAY,
        Some("object") => OBJECT,
        _ => return Err(unsupported(at, format!("type {name}"))),
    })
}

impl Builder<'_> {
    /// Compiles the schema at `at` (a JSON pointer into the root) into a new slot.
    fn compile(&mut self, json: &Json, at: &str) -> Result<usize, Unsupported> {
        let index = self.schemas.len();
        self.schemas.push(Schema::empty());
        let mut s = Schema::empty();
        let mut string_keywords = serde_json::Map::new();
        let mut required: Vec<String> = Vec::new();
        let map = match json {
            Json::Object(map) => map,
            Json::Bool(true) => return Ok(index),
            _ => return Err(unsupported(at, "a schema that is not an object or `true`")),
        };
        for (keyword, value) in map {
            let here = format!("{at}/{keyword}");
            match keyword.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "type" => {
                    s.types = match value {
                        Json::Array(names) => names
                            .iter()
                            .map(|n| type_bits(n, &here))
                            .try_fold(0, |acc, b| b.map(|b| acc | b))?,
                        one => type_bits(one, &here)?,
                    };
                }
                "const" | "enum" => {
                    let values = match value {
                        Json::Array(v) if keyword == "enum" => v.as_slice(),
                        v if keyword == "const" => std::slice::from_ref(v),
                        _ => return Err(unsupported(&here, "an enum that is not a list")),
                    };
                    let strings = values
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| unsupported(&here, "a value that is not a string"))?;
                    s.one_of_strings = Some(match s.one_of_strings.take() {
                        Some(before) => {
                            before.into_iter().filter(|b| strings.contains(b)).collect()
                        }
                        None => strings,
                    });
                }
                "minLength" => {
                    let n = value
                        .as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| unsupported(&here, "not a count"))?;
                    s.min_length = Some(n);
                }
                "pattern" | "format" => {
                    string_keywords.insert(keyword.clone(), value.clone());
                }
                "properties" => {
                    let props = value
                        .as_object()
                        .ok_or_else(|| unsupported(&here, "not an object"))?;
                    for (name, sub) in props {
                        let i = self.compile(sub, &format!("{here}/{}", escape(name)))?;
                        s.properties.insert(name.clone(), (i, 0));
                    }
                }
                "patternProperties" => {
                    let props = value
                        .as_object()
                        .ok_or_else(|| unsupported(&here, "not an object"))?;
                    for (pattern, sub) in props {
                        let m = match literal_prefix(pattern) {
                            Some(p) => KeyMatch::Prefix(p.to_owned()),
                            None => {
                                let mut keywords = serde_json::Map::new();
                                keywords.insert("pattern".into(), Json::String(pattern.clone()));
                                KeyMatch::Pattern(build(keywords, &here)?)
                            }
                        };
                        let i = self.compile(sub, &format!("{here}/{}", escape(pattern)))?;
                        s.pattern_properties.push((m, i));
                    }
                }
                "additionalProperties" => {
                    s.additional = match value {
                        Json::Bool(false) => Additional::Never,
                        Json::Bool(true) => Additional::Any,
                        sub => Additional::Schema(self.compile(sub, &here)?),
                    };
                }
                "required" => {
                    required = value
                        .as_array()
                        .and_then(|v| v.iter().map(|k| k.as_str().map(str::to_owned)).collect())
                        .ok_or_else(|| unsupported(&here, "not a list of names"))?;
                }
                "items" => s.items = Some(self.compile(value, &here)?),
                "anyOf" => {
                    let branches = value
                        .as_array()
                        .filter(|b| !b.is_empty())
                        .ok_or_else(|| unsupported(&here, "not a non-empty list"))?;
                    for (i, b) in branches.iter().enumerate() {
                        let slot = self.compile(b, &format!("{here}/{i}"))?;
                        s.any_of.push(slot);
                    }
                }
                "$ref" => {
                    let target = value
                        .as_str()
                        .and_then(|r| r.strip_prefix('#'))
                        .filter(|p| p.starts_with("/$defs/"))
                        .ok_or_else(|| unsupported(&here, format!("$ref {value}")))?;
                    let slot = match self.by_pointer.get(target) {
                        Some(&slot) => slot,
                        None => {
                            let root = self.root;
                            let sub = root
                                .pointer(target)
                                .ok_or_else(|| unsupported(&here, "a $ref to nothing"))?;
                            let slot = self.schemas.len();
                            self.by_pointer.insert(target.to_owned(), slot);
                            let compiled = self.compile(sub, target)?;
                            debug_assert_eq!(compiled, slot);
                            slot
                        }
                    };
                    s.reference = Some(slot);
                }
                other => return Err(unsupported(&here, format!("the keyword `{other}`"))),
            }
        }
        if !string_keywords.is_empty() {
            s.string_check = Some(StringCheck::new(string_keywords, at)?);
        }
        for key in required {
            let next_bit = 1u64.checked_shl(s.required_bits.count_ones());
            match (s.properties.get_mut(&key), next_bit) {
                (Some((_, bit)), Some(next)) if *bit == 0 => {
                    *bit = next;
                    s.required_bits |= next;
                }
                // Listed twice: the first bit stands for it.
                (Some((_, bit)), _) if *bit != 0 => {}
                _ => s.required_other.push(key),
            }
        }
        if !s.properties.is_empty() {
            let mut by_sym = vec![(NOT_A_PROPERTY, 0); vocab::COUNT];
            for (name, &p) in &s.properties {
                if let Some(i) = Sym::of(name).index() {
                    by_sym[i] = p;
                }
            }
            s.by_sym = by_sym.into_boxed_slice();
        }
        self.schemas[index] = s;
        Ok(index)
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::document::{parse, SourceText};

    /// Strings to hold a string check to `jsonschema` with: dates of every kind, the
    /// schema's kinds of values, and every one-character edit of them over an alphabet
    /// with blanks and control characters.
    fn probes() -> Vec<String> {
        let mut seeds: Vec<String> = Vec::new();
        for year in [
            "0000", "0001", "0004", "0100", "0400", "1900", "2000", "2024", "2026", "2100", "9999",
        ] {
            for month in 0..=13 {
                for day in [0, 1, 9, 10, 19, 20, 28, 29, 30, 31, 32] {
                    seeds.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        seeds.extend(
            [
                "2026-1-01",
                "2026-01-1",
                " 2026-01-01",
                "2026-01-01 ",
                "2026/01/01",
                "20260101",
                "2026-01-01T00:00",
                "@alice",
                "@it-admins",
                "@org/team",
                "@org/team.x_y",
                "@-x",
                "@x-",
                "a@b.c",
                "a@b",
                "N/A",
                "n/a",
                "@",
                "",
                " @alice",
                "a@@b.c",
                "https://x",
                "http://x/y?z#f",
                "HTTPS://x",
                "https://",
                "https:///x",
                "ftp://x",
                "https://x y",
                "shopify-orders-1",
                "-x",
                "a_b",
                "a--b",
                "TODO",
                "todo ",
                " tbd",
                "?",
                "-",
                "unknown",
                "UNKNOWN",
                "TODO?",
                "3 months",
                "1 day",
                "12 weeks ",
                " 2 years",
                "0 days",
                "3 month",
                "3 Months",
                "3  months",
                "10 daysx",
                "1 years",
                "7 dayss",
                // Beyond ASCII: decided by the validator, built when first needed.
                "é@x.y",
                "２０２６-10-02",
                "\u{feff}TODO",
                "TODO\u{a0}",
                "3\u{2003}months",
                "3 wee\u{212A}s",
                "@ali\u{e7}e",
                "https://b\u{fc}cher.example",
            ]
            .map(str::to_owned),
        );
        let alphabet = [
            "", " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1c}", "\u{7f}", "\u{0}", "0", "9",
            "a", "k", "s", "z", "A", "K", "Z", "-", "/", ":", "@", ".", "_", "?", "#",
        ];
        let mut out = seeds.clone();
        for seed in &seeds {
            let chars: Vec<char> = seed.chars().collect();
            for i in 0..=chars.len() {
                for c in alphabet {
                    let (head, tail) = chars.split_at(i);
                    let head: String = head.iter().collect();
                    out.push(format!("{head}{c}{}", tail.iter().collect::<String>()));
                    if !tail.is_empty() {
                        out.push(format!("{head}{c}{}", tail[1..].iter().collect::<String>()));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_ascii_string_checks_decide_as_jsonschema_does() {
        let compiled = Compiled::new(&super::super::SCHEMA).expect("the embedded schema compiles");
        let checks: Vec<&StringCheck> = compiled
            .schemas
            .iter()
            .filter_map(|s| s.string_check.as_ref())
            .collect();
        let fast = checks.iter().filter(|c| c.ascii.is_some()).count();
        assert!(
            fast >= 5,
            "the schema's patterns and its date format take the fast path ({fast})"
        );
        let probes = probes();
        let mut decided = 0;
        for check in checks {
            for text in &probes {
                if check.ascii.is_some() && text.is_ascii() {
                    decided += 1;
                }
                let reference = check
                    .validator()
                    .expect("the schema's keywords compile")
                    .is_valid(&Json::String(text.clone()));
                assert_eq!(check.matches(text), reference, "{text:?}");
            }
        }
        assert!(
            decided > 100_000,
            "{decided} texts decided by the fast path"
        );
    }

    #[test]
    fn ascii_patterns_match_ascii_text_as_regex_does() {
        // Classes and literals beyond ASCII, case folding (K and the Kelvin sign), a
        // Unicode word boundary: cut down to ASCII, the verdicts on ASCII text stay.
        let patterns = [
            r"^\s*[1-9][0-9]*\s+[Ww][Ee][Ee][Kk\u{212A}][Ss\u{17F}]?\s*$",
            r"(?i)^week$",
            r"\bab\b",
            r"^[^@\s]+@[^@\s]+$",
            r"^(é|e)x$",
            r"x\u{e9}|y",
        ];
        let texts = [
            "",
            "1 week",
            " 2 WEEKS ",
            "3 weekss",
            "week",
            "WEEK",
            "ab",
            "xab",
            "ab-c",
            "a@b",
            "a @b",
            "@b",
            "ex",
            "éx",
            "x",
            "y",
            "xy",
            "\t1\tweek\u{b}",
        ];
        for p in patterns {
            let fast = AsciiPattern::new(p).expect(p);
            let reference = regex::Regex::new(p).expect(p);
            for t in texts.iter().filter(|t| t.is_ascii()) {
                assert_eq!(
                    fast.is_match(t),
                    Some(reference.is_match(t)),
                    "{p} on {t:?}"
                );
            }
        }
    }

    #[test]
    fn dates_as_jsonschema_has_them() {
        let v = build(
            [("format".to_owned(), json!("date"))].into_iter().collect(),
            "",
        )
        .unwrap();
        for text in probes() {
            assert_eq!(
                is_date(&text),
                v.is_valid(&Json::String(text.clone())),
                "{text:?}"
            );
        }
    }

    fn root(yaml: &str) -> Node {
        let parsed = parse(&SourceText::new(yaml.to_owned()));
        parsed
            .documents
            .into_iter()
            .next()
            .expect("one document")
            .root
    }

    fn valid(schema: &Json, yaml: &str) -> bool {
        Compiled::new(schema)
            .expect("compiles")
            .is_valid(&root(yaml))
    }

    #[test]
    fn the_embedded_schema_compiles() {
        let schema: Json = serde_json::from_str(super::super::SCHEMA_TEXT).unwrap();
        assert!(Compiled::new(&schema).is_ok());
    }

    #[test]
    fn unknown_keywords_and_references_do_not_compile() {
        let e = Compiled::new(&json!({"properties": {"a": {"maxLength": 3}}})).err();
        assert_eq!(
            e,
            Some(Unsupported(
                "/properties/a/maxLength: the keyword `maxLength`".into()
            ))
        );
        assert!(Compiled::new(&json!({"$ref": "other.json#/x"})).is_err());
        assert!(Compiled::new(&json!({"enum": [1, "a"]})).is_err());
        assert!(Compiled::new(&json!({"type": "decimal"})).is_err());
    }

    #[test]
    fn types_consts_and_lengths() {
        let s = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": ["string", "null"], "minLength": 2},
            "b": {"const": "x"},
            "c": {"enum": ["p", "q"]},
            "d": {"type": "boolean"}
        }});
        assert!(valid(&s, "a: ab\nb: x\nc: q\nd: true\n"));
        assert!(valid(&s, "a: null\n"));
        assert!(!valid(&s, "a: é\n"), "one character is short of two");
        assert!(valid(&s, "a: éé\n"), "characters, not bytes");
        assert!(!valid(&s, "b: x\n"), "a is required");
        assert!(!valid(&s, "a: ab\nb: y\n"));
        assert!(!valid(&s, "a: ab\nc: 'P'\n"));
        assert!(!valid(&s, "a: 12\n"), "an integer is not a string");
        assert!(!valid(&s, "a: ab\nd: yes\n"), "YAML 1.2: `yes` is a string");
        assert!(!valid(&s, "- a\n"));
    }

    #[test]
    fn additional_and_pattern_properties() {
        let s = json!({"type": "object", "additionalProperties": false,
            "properties": {"a": {"type": "string"}},
            "patternProperties": {"^x-": true, "^[0-9]+$": {"type": "string"}}});
        assert!(valid(&s, "a: b\nx-anything: [1, 2]\n"));
        assert!(!valid(&s, "a: b\nother: 1\n"));
        assert!(valid(&s, "'12': text\n"));
        assert!(
            !valid(&s, "'12': [text]\n"),
            "the pattern property's schema applies"
        );
        assert!(
            !valid(&s, "1: text\n"),
            "a key that is not text is left to jsonschema"
        );
        let open = json!({"additionalProperties": {"type": "string"}});
        assert!(valid(&open, "a: b\n"));
        assert!(!valid(&open, "a: [b]\n"));
    }

    #[test]
    fn items_any_of_references_and_string_checks() {
        let s = json!({
            "$defs": {
                "date": {"type": "string", "format": "date"},
                "tree": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}}
            },
            "type": "object",
            "properties": {
                "when": {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]},
                "id": {"type": "string", "pattern": "^[a-z]+$"},
                "tree": {"$ref": "#/$defs/tree"}
            }
        });
        assert!(valid(&s, "when: 2026-02-28\nid: abc\n"));
        assert!(valid(&s, "when: null\n"));
        assert!(!valid(&s, "when: 2026-02-30\n"), "format date is checked");
        assert!(!valid(&s, "id: ABC\n"));
        assert!(valid(&s, "tree: {kids: [{kids: []}, {}]}\n"));
        assert!(
            !valid(&s, "tree: {kids: [{kids: [1]}]}\n"),
            "recursion reaches the leaf"
        );
    }

    #[test]
    fn bare_references_and_nested_any_of_are_shortcut() {
        let s = json!({
            "$defs": {
                "text": {"description": "text", "type": ["string", "null"]},
                "alias": {"$ref": "#/$defs/text"},
                "alias2": {"$ref": "#/$defs/alias"},
                "unanswered": {"anyOf": [{"type": "null"}, {"type": "string", "pattern": "^TODO$"}]},
                "url": {"anyOf": [{"type": "string", "pattern": "^https://"}, {"$ref": "#/$defs/unanswered"}]},
                "loop": {"$ref": "#/$defs/loop2"},
                "loop2": {"$ref": "#/$defs/loop"}
            },
            "type": "object",
            "properties": {
                "a": {"$ref": "#/$defs/alias2"},
                "u": {"$ref": "#/$defs/url"},
                "l": {"type": "array", "items": {"$ref": "#/$defs/url"}}
            },
            "additionalProperties": {"$ref": "#/$defs/alias"}
        });
        let c = Compiled::new(&s).expect("compiles");
        let root_schema = &c.schemas[0];
        // `a` points at `text` itself, and `url`'s branches hold `unanswered`'s.
        let (a, _) = root_schema.properties["a"];
        assert_eq!(c.schemas[a].types, STRING | NULL);
        assert!(c.schemas[a].reference.is_none());
        let (u, _) = root_schema.properties["u"];
        assert_eq!(c.schemas[u].any_of.len(), 3);
        assert!(c.schemas[u]
            .any_of
            .iter()
            .all(|&b| c.schemas[b].only_any_of().is_none()));
        for (yaml, want) in [
            ("a: x\n", true),
            ("a: 1\n", false),
            ("u: https://x\n", true),
            ("u: TODO\n", true),
            ("u: null\n", true),
            ("u: http://x\n", false),
            ("u: 3\n", false),
            ("l: [https://x, TODO, ~]\n", true),
            ("l: [https://x, nope]\n", false),
            ("other: x\n", true),
            ("other: [x]\n", false),
        ] {
            assert_eq!(c.is_valid(&root(yaml)), want, "{yaml:?}");
        }
        // A cycle of bare references compiles and is left as it is.
        let cycle = json!({"$defs": s["$defs"].clone(), "$ref": "#/$defs/alias", "properties": {"x": {"$ref": "#/$defs/loop"}}});
        assert!(Compiled::new(&cycle).is_ok());
    }

    #[test]
    fn floats_are_left_to_jsonschema_when_in_doubt() {
        let s = json!({"type": "number"});
        assert!(valid(&s, "1.5\n"));
        assert!(valid(&s, "2\n"));
        assert!(
            !valid(&s, "2.0\n"),
            "an integral float is jsonschema's to judge"
        );
        assert!(!valid(&s, ".nan\n"));
    }

    #[test]
    fn literal_prefixes() {
        assert_eq!(literal_prefix("^x-"), Some("x-"));
        assert_eq!(literal_prefix("^x-.*"), None);
        assert_eq!(literal_prefix("x-"), None);
    }
}
