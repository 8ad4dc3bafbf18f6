//! The offline check: read, parse, validate and run every rule, in parallel, with a
//! deterministic result.
//!
//! Each file goes through one pipeline on one worker: read, parse, mask secrets, run
//! the per-document rules, then keep only compact facts (ids, apps, open connections,
//! URLs when links are checked, whatever a command's extractor returns) and release the
//! tree ([`Keep`]). The cross-document rules run afterwards over those facts, so memory
//! grows with the facts, not with the documents. A file's masked source is kept only
//! when it has a finding; otherwise it is read again if a later finding needs a snippet.

use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{Config, FileLevels};
use crate::diagnostic::{Diagnostic, Related, Severity, Summary};
use crate::discover::{Candidate, DiscoverError, Seen, Walk};
use crate::document::{end_position, parse, Node, Problem, ProblemKind, SourceText, Span, Value};
use crate::links::extract::Occurrence;
use crate::project::{DocRef, Project};
use crate::rules::{
    DuplicateKey, Finding, Membership, RuleMeta, SecretInDocument, YamlSyntax, RULES,
};
use crate::secrets::{self, redact_owned, Detection};
use crate::suppress::{self, Directive};

/// Files larger than this are refused with a WB001 finding.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// What a run needs besides the configuration.
#[derive(Clone)]
pub struct Options {
    pub today: Date,
    /// Answers for WB308 (`check --github`, `sweep`).
    pub members: Option<Arc<dyn Membership + Send>>,
}

/// A command's extractor: what to keep of each wirebook document (its file, its index
/// in the file, its tree with secrets masked) before the tree is released.
pub type Extract<'a> = dyn Fn(&str, usize, &Node) -> Arc<dyn Any + Send + Sync> + Sync + 'a;

/// What a run keeps of each file once its per-document rules have run.
#[derive(Clone, Copy)]
pub struct Keep<'a> {
    /// Every document's tree ([`CheckedDoc::root`]): the sweep, `review`, `--fix`, the
    /// language server and `--changed-since` read trees after the run.
    pub trees: bool,
    /// Every document's URLs with their spans and pointers, for the link checker.
    pub urls: bool,
    /// Every file's masked source; otherwise only that of files with findings.
    pub sources: bool,
    /// Called on each document before its tree is released; kept as
    /// [`CheckedDoc::extra`].
    pub extract: Option<&'a Extract<'a>>,
}

impl Keep<'_> {
    /// Everything: what the in-memory entry points and [`check`] keep.
    pub const ALL: Keep<'static> = Keep {
        trees: true,
        urls: true,
        sources: true,
        extract: None,
    };
    /// Only the facts the run's own outputs need (`check --offline`).
    pub const FACTS: Keep<'static> = Keep {
        trees: false,
        urls: false,
        sources: false,
        extract: None,
    };
}

/// One wirebook document of a checked file (secrets already masked).
#[derive(Debug, Clone)]
pub struct CheckedDoc {
    pub index: usize,
    pub id: Option<String>,
    /// Where the document's root node is written (findings are matched to documents by
    /// it).
    pub span: Span,
    /// The tree, when the run keeps trees ([`Keep::trees`]).
    pub root: Option<Node>,
    /// The URLs as written (never a masked one), for the link checker, when the run
    /// keeps them ([`Keep::urls`]). URLs that are themselves a detected credential (a
    /// webhook, a token in the query) are left out; a password in the user-info is
    /// not, the checker drops user-info.
    pub urls: Vec<Occurrence>,
    /// What the run's extractor kept ([`Keep::extract`]).
    pub extra: Option<Arc<dyn Any + Send + Sync>>,
}

/// One file of the run.
#[derive(Debug)]
pub struct CheckedFile {
    pub path: String,
    /// The source with every detected secret masked; safe to print. Empty when the run
    /// released it ([`Keep::sources`]): read [`CheckedFile::source_text`].
    pub source: Arc<SourceText>,
    pub documents: Vec<CheckedDoc>,
    /// The file's `# wirebook: ignore[...]` comments.
    pub directives: Vec<Directive>,
    /// Set when `source` was released: how to read it again.
    released: Option<Released>,
}

/// A released source: its length and the secrets masked in it.
#[derive(Debug, Clone)]
struct Released {
    len: usize,
    masks: Vec<Span>,
}

/// The source as any output may show it: with the snippet masks of a file that holds
/// documents (user-info of URLs, opaque tokens; `secrets::snippet_masks`).
fn shown(source: SourceText, snippets: bool) -> SourceText {
    if !snippets {
        return source;
    }
    let masks = secrets::snippet_masks(&source);
    if masks.is_empty() {
        source
    } else {
        SourceText::new(secrets::mask_text(source.text(), &masks))
    }
}

impl CheckedFile {
    /// A file with its source kept and no suppression comments.
    #[must_use]
    pub fn new(path: String, source: Arc<SourceText>, documents: Vec<CheckedDoc>) -> Self {
        Self {
            path,
            source,
            documents,
            directives: Vec::new(),
            released: None,
        }
    }

    /// The masked source: the one kept, or the file read again from disk and masked as
    /// it was. `None` when it cannot be read again or has changed since the check.
    #[must_use]
    pub fn source_text(&self) -> Option<Arc<SourceText>> {
        let Some(released) = &self.released else {
            return Some(Arc::clone(&self.source));
        };
        let text = std::fs::read_to_string(&self.path).ok()?;
        if text.len() != released.len {
            return None;
        }
        let source = if released.masks.is_empty() {
            SourceText::new(text)
        } else {
            SourceText::new(secrets::mask_text(&text, &released.masks))
        };
        Some(Arc::new(shown(source, !self.documents.is_empty())))
    }

    /// The masked source for snippets, `None` when it was released and could not be
    /// read again.
    #[must_use]
    pub fn shown_source(&self) -> Option<&Arc<SourceText>> {
        self.released.is_none().then_some(&self.source)
    }

    /// Reads a released source again (see [`CheckedFile::source_text`]).
    fn restore(&mut self) {
        if self.released.is_some() {
            if let Some(s) = self.source_text() {
                self.source = s;
                self.released = None;
            }
        }
    }
}

/// The result of a check.
#[derive(Debug, Default)]
pub struct Run {
    pub files: Vec<CheckedFile>,
    /// Sorted by file, line, column, rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings hidden by an inline suppression, with its reason (same order).
    pub suppressed: Vec<(Diagnostic, Option<String>)>,
    /// Findings hidden by the baseline, and baseline entries that matched nothing.
    pub baselined: usize,
    pub fixed_since_baseline: usize,
    /// Files read that hold no wirebook document, with the reason.
    pub skipped: Vec<(String, String)>,
}

impl Run {
    #[must_use]
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.files.len(),
            documents: self.files.iter().map(|f| f.documents.len()).sum(),
            suppressed: self.suppressed.len(),
            baselined: self.baselined,
            fixed_since_baseline: self.fixed_since_baseline,
            ..Summary::default()
        };
        s.count(&self.diagnostics);
        s
    }

    /// The source of a file of this run, for snippets (`None` when released: call
    /// [`Run::restore_sources`] first).
    #[must_use]
    pub fn source(&self, path: &str) -> Option<&SourceText> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .and_then(|f| f.shown_source().map(|s| &**s))
    }

    /// Reads again the released sources of the files a finding (shown or suppressed,
    /// or a related location) points into, so every output can quote them. Call once
    /// every finding is in, before printing.
    pub fn restore_sources(&mut self) {
        let wanted: std::collections::HashSet<&str> = self
            .diagnostics
            .iter()
            .chain(self.suppressed.iter().map(|(d, _)| d))
            .flat_map(|d| {
                std::iter::once(d.file.as_str()).chain(d.related.iter().map(|r| r.file.as_str()))
            })
            .collect();
        self.files
            .par_iter_mut()
            .filter(|f| f.released.is_some() && wanted.contains(f.path.as_str()))
            .for_each(CheckedFile::restore);
    }

    /// Adds findings made after the offline check (links, GitHub), resolving severity
    /// with the configuration, applying the inline suppressions and keeping the sort
    /// order.
    pub fn extend(&mut self, config: &Config, findings: Vec<(usize, usize, Finding)>) {
        for (file, doc, f) in findings {
            let Some(cf) = self.files.get_mut(file) else {
                continue;
            };
            let found = cf.documents.iter().find(|d| d.index == doc);
            let id = found.and_then(|d| d.id.clone());
            let f = with_pointer(f, found.and_then(|d| d.root.as_ref()));
            if let Some(d) = to_diagnostic(config, &cf.path, id, Some(doc), f) {
                let mut one = vec![d];
                suppress::apply(&mut cf.directives, &mut one, &mut self.suppressed);
                self.diagnostics.extend(one);
            }
        }
        sort(&mut self.diagnostics);
        self.suppressed
            .sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    }

    /// After the link check: WB005 for suppressions of link rules that hid nothing.
    pub fn settle_links(&mut self, config: &Config) {
        let mut found = Vec::new();
        for file in &self.files {
            let levels = config.levels_for(Path::new(&file.path));
            let report = |id: &str| is_link_rule(id) && ran(&levels, id);
            for (doc, f) in suppress::leftovers(&file.directives, &report, false) {
                let id = doc
                    .and_then(|i| file.documents.iter().find(|d| d.index == i))
                    .and_then(|d| d.id.clone());
                found.extend(diagnostic(&levels, &file.path, id, doc, f));
            }
        }
        self.diagnostics.extend(found);
        sort(&mut self.diagnostics);
    }
}

struct Unit {
    path: String,
    source: SourceText,
    docs: Vec<ParsedDoc>,
    problems: Vec<Problem>,
    skipped: Option<String>,
}

/// A wirebook document as parsed, before its rules run.
struct ParsedDoc {
    index: usize,
    id: Option<String>,
    root: Node,
}

/// A file after its pipeline: skipped (no wirebook document), or checked with its
/// findings and the project entries of its documents.
enum Outcome {
    Skipped(String, String),
    Checked(CheckedFile, Vec<Diagnostic>, Vec<DocRef>),
}

/// Checks `paths` offline, keeping every tree ([`Keep::ALL`]).
///
/// # Errors
/// A path that does not exist or cannot be walked.
pub fn check(paths: &[PathBuf], config: &Config, options: &Options) -> Result<Run, DiscoverError> {
    check_keeping(paths, config, options, Keep::ALL)
}

/// Checks `paths` offline, keeping of each file what `keep` says.
///
/// # Errors
/// A path that does not exist or cannot be walked.
pub fn check_keeping(
    paths: &[PathBuf],
    config: &Config,
    options: &Options,
    keep: Keep<'_>,
) -> Result<Run, DiscoverError> {
    // Files are checked while the walk goes on: the walk is the iterator the workers
    // draw from, so no core waits for it. Each outcome keeps its place in the walk; a
    // walk out of sorted order (several paths given) is sorted and de-duplicated after.
    let mut walk = Walk::new(paths)?;
    let seen = walk.seen();
    // What every document needs is built on the two workers while this thread reads the
    // first directory (which it would otherwise do while they wait).
    rayon::spawn(crate::schema::warm);
    rayon::spawn(crate::secrets::warm);
    let first = walk.next();
    let failed = std::sync::Mutex::new(None);
    let outcomes: Vec<(usize, PathBuf, Outcome)> = first
        .into_iter()
        .chain(walk.by_ref())
        .enumerate()
        .par_bridge()
        .filter_map(|(at, found)| match found {
            Ok(c) => {
                let outcome = process(read_unit(&c), config, options, keep, Some(&seen));
                Some((at, c.path, outcome))
            }
            Err(e) => {
                *failed
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(e);
                None
            }
        })
        .collect();
    if let Some(e) = failed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        return Err(e);
    }
    let mut outcomes = outcomes;
    into_walk_order(&mut outcomes);
    if !walk.in_order() {
        outcomes.sort_by(|a, b| a.1.cmp(&b.1));
        outcomes.dedup_by(|a, b| a.1 == b.1);
    }
    let outcomes = outcomes.into_iter().map(|o| o.2).collect();
    Ok(finish(outcomes, &[], config, options))
}

/// Puts each outcome at its place in the walk, in place: every swap settles one of them,
/// so none moves more than twice and no second vector is allocated (this runs on one
/// thread after the workers are done). The places are `0..len` once every file was
/// read; anything else is sorted instead.
fn into_walk_order<T>(outcomes: &mut [(usize, PathBuf, T)]) {
    let n = outcomes.len();
    let mut seen = vec![false; n];
    if !outcomes
        .iter()
        .all(|o| o.0 < n && !std::mem::replace(&mut seen[o.0], true))
    {
        outcomes.sort_by_key(|o| o.0);
        return;
    }
    for i in 0..n {
        while outcomes[i].0 != i {
            let at = outcomes[i].0;
            outcomes.swap(i, at);
        }
    }
}

/// Checks an already discovered list of files.
#[must_use]
pub fn check_files(candidates: &[Candidate], config: &Config, options: &Options) -> Run {
    check_files_keeping(candidates, config, options, Keep::ALL)
}

/// Checks an already discovered list of files, each read, parsed and checked on one
/// worker, keeping what `keep` says.
#[must_use]
pub fn check_files_keeping(
    candidates: &[Candidate],
    config: &Config,
    options: &Options,
    keep: Keep<'_>,
) -> Run {
    let outcomes = candidates
        .par_iter()
        .map(|c| process(read_unit(c), config, options, keep, None))
        .collect();
    finish(outcomes, &[], config, options)
}

/// Checks in-memory files: `(path, text)` pairs (tests, editors, stdin).
#[must_use]
pub fn check_texts(files: &[(String, String)], config: &Config, options: &Options) -> Run {
    check_texts_among(files, &[], config, options)
}

/// Checks in-memory files given as raw bytes, refused as files on disk are: over
/// [`MAX_FILE_SIZE`], binary (a NUL byte) or not UTF-8 (the fuzz target's entry).
#[must_use]
pub fn check_bytes(files: &[(String, Vec<u8>)], config: &Config, options: &Options) -> Run {
    let outcomes = files
        .par_iter()
        .map(|(path, bytes)| {
            let unit = if bytes.len() as u64 > MAX_FILE_SIZE {
                too_big(path.clone(), bytes.len() as u64)
            } else {
                unit_from_bytes(path.clone(), bytes.clone())
            };
            process(unit, config, options, Keep::ALL, None)
        })
        .collect();
    finish(outcomes, &[], config, options)
}

/// Checks in-memory files as part of a larger set: `others` are the project entries
/// of documents not given here (the language server keeps them for its workspace),
/// so the cross-document rules (WB004, WB201) see them; their `file` index is ignored
/// and only the given files are in the run.
#[must_use]
pub fn check_texts_among(
    files: &[(String, String)],
    others: &[DocRef],
    config: &Config,
    options: &Options,
) -> Run {
    let outcomes = files
        .par_iter()
        .map(|(path, text)| {
            let unit = unit_from_bytes(path.clone(), text.clone().into_bytes());
            process(unit, config, options, Keep::ALL, None)
        })
        .collect();
    finish(outcomes, others, config, options)
}

/// One file's pipeline after reading: skip it, or lint it and keep its facts. `seen` is
/// the walk's image index when the file came from a walk.
fn process(
    unit: Unit,
    config: &Config,
    options: &Options,
    keep: Keep<'_>,
    seen: Option<&Seen>,
) -> Outcome {
    if let Some(reason) = &unit.skipped {
        if unit.problems.is_empty() {
            return Outcome::Skipped(unit.path, reason.clone());
        }
    }
    let (file, diagnostics, refs) = lint_unit(unit, config, options, keep, seen);
    Outcome::Checked(file, diagnostics, refs)
}

fn finish(outcomes: Vec<Outcome>, others: &[DocRef], config: &Config, options: &Options) -> Run {
    let mut project = Project::default();
    project.reserve(outcomes.len() + others.len());
    let mut run = Run::default();
    run.files.reserve(outcomes.len());
    let mut diagnostics = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped(path, reason) => run.skipped.push((path, reason)),
            Outcome::Checked(file, diags, refs) => {
                let index = run.files.len();
                for mut r in refs {
                    r.file = index;
                    project.push(r);
                }
                run.files.push(file);
                diagnostics.extend(diags);
            }
        }
    }
    if !others.is_empty() {
        project.extend_sorted(others.iter().map(|d| DocRef {
            file: usize::MAX,
            ..d.clone()
        }));
    }

    let mut cross = Vec::new();
    for rule in RULES {
        rule.check_project(&project, &mut cross);
    }
    for (file, f) in cross {
        let Some(checked) = run.files.get(file) else {
            continue; // a document of `others`
        };
        let path = &checked.path;
        let doc = doc_at(checked, f.span);
        let id = doc.and_then(|d| d.id.clone());
        let f = with_pointer(f, doc.and_then(|d| d.root.as_ref()));
        let index = doc.map(|d| d.index);
        diagnostics.extend(to_diagnostic(config, path, id, index, f));
    }
    // The facts were allocated on the workers; they free them while this thread goes on.
    rayon::spawn(move || drop(project));
    settle_suppressions(&mut run, &mut diagnostics, config, options);
    sort(&mut diagnostics);
    run.diagnostics = diagnostics;
    run
}

/// Is `id` a link rule (settled after the link check, which may not run)?
fn is_link_rule(id: &str) -> bool {
    id.starts_with("WB5")
}

/// Did rule `id` run for a file with these levels (so an unused suppression of it means
/// something)?
fn ran(levels: &FileLevels<'_>, id: &str) -> bool {
    crate::rules::by_id(id).is_some_and(|m| levels.level(m.id, m.severity).is_some())
}

/// Applies every file's suppressions to the offline findings, then reports the
/// suppressions that hid nothing (except those of link rules, settled later) and those
/// without a reason.
fn settle_suppressions(
    run: &mut Run,
    diagnostics: &mut Vec<Diagnostic>,
    config: &Config,
    options: &Options,
) {
    let mut by_file: std::collections::HashMap<
        String,
        Vec<Diagnostic>,
        foldhash::fast::RandomState,
    > = std::collections::HashMap::default();
    for d in diagnostics.drain(..) {
        by_file.entry(d.file.clone()).or_default().push(d);
    }
    let mut out = Vec::new();
    for file in &mut run.files {
        let found = by_file.remove(&file.path);
        if file.directives.is_empty() && found.is_none() {
            continue; // nothing to hide, no suppression to settle
        }
        let mut mine = found.unwrap_or_default();
        suppress::apply(&mut file.directives, &mut mine, &mut run.suppressed);
        let levels = config.levels_for(Path::new(&file.path));
        let github = options.members.is_some();
        let report = |id: &str| !is_link_rule(id) && (id != "WB308" || github) && ran(&levels, id);
        for (doc, f) in suppress::leftovers(&file.directives, &report, true) {
            let id = doc
                .and_then(|i| file.documents.iter().find(|d| d.index == i))
                .and_then(|d| d.id.clone());
            mine.extend(diagnostic(&levels, &file.path, id, doc, f));
        }
        out.extend(mine);
    }
    // Findings of files not in the run (none today) are kept as they are.
    out.extend(by_file.into_values().flatten());
    *diagnostics = out;
    run.suppressed
        .sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

fn doc_at(file: &CheckedFile, span: Span) -> Option<&CheckedDoc> {
    file.documents
        .iter()
        .rev()
        .find(|d| d.span.start <= span.start)
}

/// Fills in the JSON pointer of the node at the finding's span when the rule gave none.
fn with_pointer(mut f: Finding, root: Option<&Node>) -> Finding {
    if f.pointer.is_none() {
        f.pointer = root.map(|r| crate::document::pointer_at(r, f.span.start));
    }
    f
}

fn refused(path: String, message: String, help: &str, at: Span) -> Unit {
    Unit {
        path,
        source: SourceText::new(String::new()),
        docs: Vec::new(),
        problems: vec![Problem {
            kind: ProblemKind::Syntax,
            message,
            help: Some(help.to_owned()),
            span: at,
            related: None,
            document: None,
        }],
        skipped: None,
    }
}

fn first_line() -> Span {
    Span {
        start: 0,
        end: 0,
        line: 1,
        column: 1,
    }
}

/// Each worker's read buffer: most documents fit, larger files grow it.
const READ_CAPACITY: usize = 16 * 1024;

thread_local! {
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> =
        std::cell::RefCell::new(Vec::with_capacity(READ_CAPACITY));
}

fn too_big(path: String, size: u64) -> Unit {
    refused(
        path,
        format!(
            "file is {:.1} MiB, over the {} MiB limit for a wirebook document; not read",
            size as f64 / 1_048_576.0,
            MAX_FILE_SIZE / 1_048_576
        ),
        "split the file, or exclude it in .gitignore if it is not documentation",
        first_line(),
    )
}

/// Reads one file: one open and never more than [`MAX_FILE_SIZE`] and a byte, so a huge
/// file (or one that grows while it is read) is refused rather than read whole. Its size
/// is asked of the open file only then, for the message: a document is a few KiB, and
/// asking every file costs a system call each.
fn read_unit(candidate: &Candidate) -> Unit {
    use std::io::Read;
    let path = candidate.path.display().to_string();
    let cannot_read = |path: String, e: std::io::Error| {
        refused(
            path,
            format!("cannot read file: {e}"),
            "check the file's permissions",
            first_line(),
        )
    };
    let file = match std::fs::File::open(&candidate.path) {
        Ok(f) => f,
        Err(e) => return cannot_read(path, e),
    };
    // `Ok(None)`: more than the limit was there to read.
    let read = READ_BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        let read = (&file).take(MAX_FILE_SIZE + 1).read_to_end(buf);
        // The text keeps exactly its length; the buffer stays for the next file unless
        // a large one grew it.
        let bytes = (buf.len() as u64 <= MAX_FILE_SIZE).then(|| buf.as_slice().to_vec());
        if buf.capacity() > 4 * READ_CAPACITY {
            *buf = Vec::with_capacity(READ_CAPACITY);
        }
        read.map(|_| bytes)
    });
    match read {
        Ok(Some(bytes)) => unit_from_bytes(path, bytes),
        Ok(None) => {
            let size = file.metadata().map_or(MAX_FILE_SIZE + 1, |m| m.len());
            too_big(path, size.max(MAX_FILE_SIZE + 1))
        }
        Err(e) => cannot_read(path, e),
    }
}

fn unit_from_bytes(path: String, bytes: Vec<u8>) -> Unit {
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let (line, column) = end_position(&String::from_utf8_lossy(&bytes[..nul]));
        return refused(
            path,
            "binary file (contains a NUL byte); not read as YAML".to_owned(),
            "wirebook documents are UTF-8 text",
            Span {
                line,
                column,
                ..first_line()
            },
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, column) = end_position(&prefix);
            return refused(
                path,
                format!("invalid UTF-8 at byte {valid}; not read as YAML"),
                "save the file as UTF-8",
                Span {
                    start: 0,
                    end: 0,
                    line,
                    column,
                },
            );
        }
    };
    // A BOM stays in the text (it takes no column), so spans are offsets into the file.
    let source = SourceText::new(text);
    let parsed = parse(&source);
    let mut docs = Vec::new();
    let mut skipped_reasons = Vec::new();
    let mut foreign_docs = Vec::new();
    for doc in parsed.documents {
        match is_wirebook(&doc.root) {
            Ok(()) => docs.push(ParsedDoc {
                index: doc.index,
                id: doc
                    .root
                    .at_path(&crate::keys!["metadata", "id"])
                    .and_then(Node::as_str)
                    .map(str::to_owned),
                root: doc.root,
            }),
            Err(reason) => {
                foreign_docs.push(doc.index);
                skipped_reasons.push(reason);
            }
        }
    }
    // Duplicate keys in YAML that is not wirebook's are not our business.
    let problems = parsed
        .problems
        .into_iter()
        .filter(|p| {
            p.kind == ProblemKind::Syntax || !p.document.is_some_and(|d| foreign_docs.contains(&d))
        })
        .collect();
    let skipped = docs.is_empty().then(|| {
        skipped_reasons.dedup();
        if skipped_reasons.is_empty() {
            "empty: no YAML document".to_owned()
        } else {
            skipped_reasons.join("; ")
        }
    });
    Unit {
        path,
        source,
        docs,
        problems,
        skipped,
    }
}

/// A wirebook document has `apiVersion: wirebook.dev/...`; the schema then checks
/// version and kind, so `wirebook.dev/v2` or `kind: Integrations` is reported, not skipped.
pub fn is_wirebook(root: &Node) -> Result<(), String> {
    if !matches!(root.value, Value::Map(_)) {
        return Err("not a mapping".to_owned());
    }
    let api = root
        .get("apiVersion")
        .and_then(Node::as_str)
        .unwrap_or_default();
    if api.starts_with("wirebook.dev/") {
        return Ok(());
    }
    let kind = root.get("kind").and_then(Node::as_str);
    if api.is_empty()
        && kind == Some("Integration")
        && root.get("spec").is_some()
        && root.get("metadata").is_some()
    {
        return Ok(());
    }
    Err("no `apiVersion: wirebook.dev/v1`".to_owned())
}

fn lint_unit(
    unit: Unit,
    config: &Config,
    options: &Options,
    keep: Keep<'_>,
    seen: Option<&Seen>,
) -> (CheckedFile, Vec<Diagnostic>, Vec<DocRef>) {
    let Unit {
        path,
        source,
        mut docs,
        problems,
        ..
    } = unit;
    let file_path = Path::new(&path);
    let levels = config.levels_for(file_path);
    let mut raw: Vec<(Option<usize>, Option<String>, Finding)> = Vec::new();
    for p in problems {
        let meta: &'static RuleMeta = match p.kind {
            ProblemKind::Syntax => &YamlSyntax::META,
            ProblemKind::DuplicateKey => &DuplicateKey::META,
        };
        let doc = p.document.and_then(|i| docs.iter().find(|d| d.index == i));
        let id = doc.and_then(|d| d.id.clone());
        let mut f = Finding::new(meta, p.span, p.message);
        if p.kind == ProblemKind::DuplicateKey {
            f = with_pointer(f, doc.map(|d| &d.root));
        }
        f.help = p.help;
        if let Some(r) = p.related {
            f = f.related(String::new(), r, "first used here");
        }
        raw.push((doc.map(|d| d.index), id, f));
    }

    // Secrets first. Detection, the schema and URL extraction read the unmasked
    // document; then the tree and the source are masked, so no rule, report or issue
    // can quote a secret. Messages are redacted once more in `diagnostic`.
    // The rules read the source with the detected secrets masked; what else a snippet
    // must not quote (user-info, opaque tokens: `snippet_masks`) is masked only in a
    // source that is kept for output.
    let written_len = source.text().len();
    let mut masks = Vec::new();
    let mut urls: Vec<Vec<Occurrence>> = Vec::with_capacity(docs.len());
    for doc in &mut docs {
        let found = secrets::find(&doc.root, &source);
        urls.push(if keep.urls {
            link_urls(&doc.root, &source, &found)
        } else {
            Vec::new()
        });
        let masked = secrets::masked_tree(&doc.root, &found);
        let shown = masked.as_ref().unwrap_or(&doc.root);
        for f in crate::schema::validate_shown(&doc.root, shown) {
            raw.push((
                Some(doc.index),
                doc.id.clone(),
                with_pointer(f, Some(&doc.root)),
            ));
        }
        for d in &found {
            masks.push(d.span);
            raw.push((
                Some(doc.index),
                doc.id.clone(),
                with_pointer(SecretInDocument::finding(d), Some(&doc.root)),
            ));
        }
        if let Some(m) = masked {
            doc.root = m;
            doc.id = doc
                .root
                .at_path(&crate::keys!["metadata", "id"])
                .and_then(Node::as_str)
                .map(str::to_owned);
        }
    }
    let source = if masks.is_empty() {
        source
    } else {
        SourceText::new(secrets::mask_text(source.text(), &masks))
    };

    let members = options.members.as_deref().map(|m| m as &dyn Membership);
    for doc in &docs {
        let cx = crate::rules::Ctx {
            root: &doc.root,
            file: file_path,
            source: &source,
            config,
            today: options.today,
            members,
            memo: crate::rules::Memo::default(),
            seen,
        };
        let mut found = Vec::new();
        for rule in RULES {
            if levels.level(rule.meta().id, rule.meta().severity).is_some() {
                rule.check(&cx, &mut found);
            }
        }
        raw.extend(found.into_iter().map(|f| {
            (
                Some(doc.index),
                doc.id.clone(),
                with_pointer(f, Some(&doc.root)),
            )
        }));
    }

    let diagnostics: Vec<Diagnostic> = raw
        .into_iter()
        .filter_map(|(index, id, f)| diagnostic(&levels, &path, id, index, f))
        .collect();
    let roots: Vec<(usize, &Node)> = docs.iter().map(|d| (d.index, &d.root)).collect();
    let directives = suppress::directives(&source, &roots);
    // Snippet masks apply to files that hold wirebook documents.
    let snippets = !docs.is_empty();
    // The facts of each document; the tree goes unless the run keeps it.
    let mut refs = Vec::with_capacity(docs.len());
    let documents = docs
        .into_iter()
        .zip(urls)
        .map(|(doc, urls)| {
            refs.push(DocRef::new(0, &path, &doc.root));
            CheckedDoc {
                index: doc.index,
                extra: keep.extract.map(|x| x(&path, doc.index, &doc.root)),
                id: doc.id,
                span: doc.root.span,
                root: keep.trees.then_some(doc.root),
                urls,
            }
        })
        .collect();
    // A clean file's source is not needed for a snippet; read again if a later finding
    // (cross-document, links) points into it.
    let (source, released) = if keep.sources || !diagnostics.is_empty() {
        (shown(source, snippets), None)
    } else {
        let released = Released {
            len: written_len,
            masks,
        };
        (SourceText::new(String::new()), Some(released))
    };
    (
        CheckedFile {
            path,
            source: Arc::new(source),
            documents,
            directives,
            released,
        },
        diagnostics,
        refs,
    )
}

/// The URLs of a document for the link checker, without those that a detected secret
/// lies in outside the user-info.
fn link_urls(root: &Node, source: &SourceText, found: &[Detection]) -> Vec<Occurrence> {
    let mut urls = crate::links::extract::urls(root, source);
    for o in &mut urls {
        o.pointer = crate::document::pointer_at(root, o.span.start);
    }
    if !found.is_empty() {
        urls.retain(|o| {
            let userinfo = secrets::urlparts::parse(&o.raw)
                .and_then(|p| p.userinfo)
                .map(|r| o.span.start + r.start..o.span.start + r.end + 1);
            !found.iter().any(|d| {
                let overlaps = d.span.start < o.span.end && o.span.start < d.span.end;
                let in_userinfo = userinfo
                    .as_ref()
                    .is_some_and(|u| u.start <= d.span.start && d.span.end <= u.end);
                overlaps && !in_userinfo
            })
        });
    }
    urls
}

fn to_diagnostic(
    config: &Config,
    path: &str,
    document: Option<String>,
    index: Option<usize>,
    f: Finding,
) -> Option<Diagnostic> {
    diagnostic(
        &config.levels_for(Path::new(path)),
        path,
        document,
        index,
        f,
    )
}

fn diagnostic(
    levels: &FileLevels<'_>,
    path: &str,
    document: Option<String>,
    index: Option<usize>,
    f: Finding,
) -> Option<Diagnostic> {
    let severity: Severity = levels.level(f.rule.id, f.rule.severity)?;
    Some(Diagnostic {
        rule: f.rule.id,
        name: f.rule.name,
        severity,
        message: redact_owned(f.message),
        help: redact_owned(f.help.unwrap_or_else(|| f.rule.summary.to_owned())),
        file: path.to_owned(),
        span: f.span,
        document,
        related: f
            .related
            .into_iter()
            .map(|(file, span, message)| Related {
                file: if file.is_empty() {
                    path.to_owned()
                } else {
                    file
                },
                span,
                message: redact_owned(message),
            })
            .collect(),
        pointer: f.pointer.unwrap_or_default(),
        fix: f.fix,
        doc: index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options {
            today: "2026-11-20".parse().unwrap(),
            members: None,
        }
    }

    /// Three copies of the complete example: `a` and `b` share an id (WB004 only, a
    /// cross-document finding), `c` is clean.
    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string("examples/integrations/shopify-orders.yaml").unwrap();
        std::fs::create_dir(dir.path().join("img")).unwrap();
        std::fs::copy(
            "examples/integrations/img/shopify-webhooks.png",
            dir.path().join("img/shopify-webhooks.png"),
        )
        .unwrap();
        std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
        std::fs::write(dir.path().join("b.yaml"), &text).unwrap();
        let other = text.replace("id: shopify-orders ", "id: shopify-other  ");
        std::fs::write(dir.path().join("c.yaml"), other).unwrap();
        dir
    }

    /// The files of a run and its findings.
    fn shape(run: &Run) -> (Vec<String>, Vec<Diagnostic>) {
        (
            run.files.iter().map(|f| f.path.clone()).collect(),
            run.diagnostics.clone(),
        )
    }

    #[test]
    fn outcomes_go_back_to_their_places_in_the_walk() {
        let mut rng = fastrand::Rng::with_seed(7);
        for n in [0, 1, 2, 5, 64, 301] {
            let mut places: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut places);
            let mut outcomes: Vec<(usize, PathBuf, String)> = places
                .iter()
                .map(|&at| {
                    (
                        at,
                        PathBuf::from(format!("{at}.yaml")),
                        format!("outcome {at}"),
                    )
                })
                .collect();
            into_walk_order(&mut outcomes);
            let got: Vec<usize> = outcomes.iter().map(|o| o.0).collect();
            assert_eq!(got, (0..n).collect::<Vec<_>>());
            assert!(outcomes.iter().all(|o| o.2 == format!("outcome {}", o.0)));
        }
        // Places that are not a permutation (a repeat) are sorted, not looped on.
        let mut odd = vec![
            (2, PathBuf::new(), ()),
            (0, PathBuf::new(), ()),
            (2, PathBuf::new(), ()),
        ];
        into_walk_order(&mut odd);
        assert_eq!(odd.iter().map(|o| o.0).collect::<Vec<_>>(), [0, 2, 2]);
    }

    #[test]
    fn a_streamed_walk_gives_the_run_of_the_sorted_file_list() {
        let dir = folder();
        let root = dir.path();
        let listed = |paths: &[PathBuf]| {
            let candidates = crate::discover::discover(paths).unwrap();
            shape(&check_files(&candidates, &Config::default(), &options()))
        };
        for paths in [
            vec![root.to_path_buf()],
            // Out of order and repeated: sorted and merged after the walk.
            vec![root.join("c.yaml"), root.to_path_buf(), root.join("a.yaml")],
        ] {
            let streamed = check(&paths, &Config::default(), &options()).unwrap();
            assert_eq!(shape(&streamed), listed(&paths), "{paths:?}");
            assert_eq!(streamed.files.len(), 3);
            assert!(streamed.diagnostics.iter().any(|d| d.rule == "WB004"));
        }
        assert!(matches!(
            check(&[root.join("nope")], &Config::default(), &options()),
            Err(DiscoverError::NotFound(_))
        ));
    }

    #[test]
    fn facts_only_releases_trees_and_clean_sources_and_reads_them_again_when_needed() {
        let dir = folder();
        let config = Config::default();
        let mut run =
            check_keeping(&[dir.path().to_owned()], &config, &options(), Keep::FACTS).unwrap();
        let rules: Vec<&str> = run.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["WB004", "WB004"], "{:?}", run.diagnostics);
        assert_eq!(run.files.len(), 3);
        for file in &run.files {
            let doc = &file.documents[0];
            assert!(doc.root.is_none() && doc.extra.is_none() && doc.urls.is_empty());
            // No finding came from the file's own rules: its source was released.
            assert!(file.shown_source().is_none(), "{}", file.path);
        }
        assert_eq!(
            run.files[2].documents[0].id.as_deref(),
            Some("shopify-other")
        );
        run.restore_sources();
        for file in &run.files[..2] {
            let written = std::fs::read_to_string(&file.path).unwrap();
            assert_eq!(file.shown_source().unwrap().text(), written);
        }
        assert!(
            run.files[2].shown_source().is_none(),
            "a clean file stays released"
        );
    }

    #[test]
    fn a_file_changed_since_the_check_gives_no_snippet() {
        let dir = folder();
        let config = Config::default();
        let mut run =
            check_keeping(&[dir.path().to_owned()], &config, &options(), Keep::FACTS).unwrap();
        std::fs::write(dir.path().join("a.yaml"), "changed").unwrap();
        run.restore_sources();
        assert!(run.files[0].shown_source().is_none());
        assert!(run.files[1].shown_source().is_some());
    }

    #[test]
    fn keep_all_and_an_extractor_keep_what_they_say() {
        let dir = folder();
        let config = Config::default();
        let run = check(&[dir.path().to_owned()], &config, &options()).unwrap();
        let file = &run.files[0];
        assert!(file.shown_source().is_some());
        let doc = &file.documents[0];
        assert_eq!(doc.root.as_ref().unwrap().span, doc.span);
        let urls: Vec<&str> = doc.urls.iter().map(|o| o.raw.as_str()).collect();
        assert!(
            urls.contains(&"https://admin.shopify.com/store/acme"),
            "{urls:?}"
        );
        assert!(doc.urls.iter().all(|o| o.pointer.starts_with("/spec/")));

        let titles = |file: &str, index: usize, root: &Node| {
            let title = root
                .at_path(&crate::keys!["metadata", "title"])
                .and_then(Node::as_str);
            Arc::new(format!("{file}#{index}: {}", title.unwrap_or_default()))
                as Arc<dyn Any + Send + Sync>
        };
        let keep = Keep {
            extract: Some(&titles),
            ..Keep::FACTS
        };
        let run = check_keeping(&[dir.path().to_owned()], &config, &options(), keep).unwrap();
        let doc = &run.files[2].documents[0];
        assert!(doc.root.is_none());
        let extra = doc
            .extra
            .as_ref()
            .unwrap()
            .downcast_ref::<String>()
            .unwrap();
        assert!(extra.ends_with("c.yaml#0: Shopify order sync"), "{extra}");
    }
}
