//! Configurations, baselines and the call into the engine for a set of files.
//!
//! Each file is linted with the configuration discovered from its folder (as `check`
//! does from the current one), or with `--config` for all; files sharing a
//! configuration are linted together. The baseline (`[baseline] file`) applies as in
//! `check`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::session::{File, Settings};
use crate::baseline::{Baseline, Paths};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::engine::{check_texts_among, Options};
use crate::project::DocRef;

/// The path the engine sees for a file (and prints in messages): absolute, so rules
/// that look beside a document (WB103 screenshots) find the same files as `check`.
#[must_use]
pub fn engine_path(path: &Path) -> String {
    path.display().to_string()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Configurations by file, discovered once per folder and kept until a
/// `wirebook.toml` is saved.
pub struct Configs {
    settings: Settings,
    /// Folder → the configuration file that governs it (`None`: the defaults).
    by_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    loaded: Mutex<HashMap<Option<PathBuf>, Arc<Config>>>,
    baselines: Mutex<HashMap<PathBuf, Option<Arc<Baseline>>>>,
    notices: Mutex<Vec<String>>,
}

impl Configs {
    #[must_use]
    pub fn new(settings: Settings) -> Self {
        Self {
            settings,
            by_dir: Mutex::default(),
            loaded: Mutex::default(),
            baselines: Mutex::default(),
            notices: Mutex::default(),
        }
    }

    /// Forgets every configuration and baseline (they are read again on next use).
    pub fn clear(&self) {
        lock(&self.by_dir).clear();
        lock(&self.loaded).clear();
        lock(&self.baselines).clear();
    }

    /// Something to tell the user (`window/showMessage`).
    pub fn notice(&self, message: String) {
        lock(&self.notices).push(message);
    }

    #[must_use]
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.notices))
    }

    /// Today, or `--today`.
    #[must_use]
    pub fn options(&self) -> Options {
        Options {
            today: self
                .settings
                .today
                .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
            members: None,
        }
    }

    /// Which configuration file governs `path`.
    fn key(&self, path: &Path) -> Option<PathBuf> {
        if let Some(explicit) = &self.settings.config {
            return Some(explicit.clone());
        }
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        lock(&self.by_dir)
            .entry(dir.clone())
            .or_insert_with(|| crate::config::discover(&dir))
            .clone()
    }

    /// The configuration of `path`. A bad file is reported once and the defaults are
    /// used, so the documents still get their findings.
    #[must_use]
    pub fn for_file(&self, path: &Path) -> Arc<Config> {
        self.keyed(path).1
    }

    fn keyed(&self, path: &Path) -> (Option<PathBuf>, Arc<Config>) {
        let key = self.key(path);
        if let Some(c) = lock(&self.loaded).get(&key) {
            return (key, Arc::clone(c));
        }
        let dir = path.parent().unwrap_or(Path::new("/"));
        let mut config = match Config::load(key.as_deref(), dir) {
            Ok(c) => c,
            Err(e) => {
                let at = key
                    .as_ref()
                    .map_or_else(String::new, |k| format!("{}: ", k.display()));
                self.notice(format!(
                    "wirebook: {at}{}; using the default configuration until it is fixed",
                    e.message
                ));
                Config {
                    root: dir.to_path_buf(),
                    ..Config::default()
                }
            }
        };
        let s = &self.settings;
        if let Err(e) = config.apply_cli(&s.deny, &s.warn, &s.allow) {
            self.notice(format!("wirebook: {e}"));
        }
        let config = Arc::new(config);
        lock(&self.loaded).insert(key.clone(), Arc::clone(&config));
        (key, config)
    }

    fn baseline(&self, file: &Path) -> Option<Arc<Baseline>> {
        lock(&self.baselines)
            .entry(file.to_path_buf())
            .or_insert_with(|| match Baseline::load(file) {
                Ok(b) => Some(Arc::new(b)),
                Err(e) => {
                    self.notice(format!("wirebook: {e}"));
                    None
                }
            })
            .clone()
    }
}

/// Lints `paths` (with every other known file as the project's other documents) and
/// returns each one's findings. Files without a wirebook document get none.
#[must_use]
pub fn run(
    files: &BTreeMap<PathBuf, File>,
    paths: &[PathBuf],
    configs: &Configs,
) -> Vec<(PathBuf, Vec<Diagnostic>)> {
    let targets: BTreeSet<&PathBuf> = paths.iter().filter(|p| files.contains_key(*p)).collect();
    let mut groups: BTreeMap<Option<PathBuf>, (Arc<Config>, Vec<&PathBuf>)> = BTreeMap::new();
    let mut out = Vec::new();
    for p in &targets {
        if files[*p].facts.is_wirebook() {
            let (key, config) = configs.keyed(p);
            groups
                .entry(key)
                .or_insert_with(|| (config, Vec::new()))
                .1
                .push(p);
        } else {
            out.push(((*p).clone(), Vec::new()));
        }
    }
    let options = configs.options();
    for (config, members) in groups.values() {
        let mine: BTreeSet<&PathBuf> = members.iter().copied().collect();
        let others: Vec<DocRef> = files
            .iter()
            .filter(|(p, _)| !mine.contains(p))
            .flat_map(|(_, f)| f.facts.docs.iter().cloned())
            .collect();
        let texts: Vec<(String, String)> = members
            .iter()
            .map(|p| (engine_path(p), files[*p].text.clone()))
            .collect();
        let mut run = check_texts_among(&texts, &others, config, &options);
        if let Some(file) = &config.baseline {
            if let Some(b) = configs.baseline(file) {
                b.apply(&mut run, &Paths::for_file(file));
            }
        }
        let mut by_file: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for d in run.diagnostics {
            by_file.entry(d.file.clone()).or_default().push(d);
        }
        for p in members {
            let found = by_file.remove(&engine_path(p)).unwrap_or_default();
            out.push(((*p).clone(), found));
        }
    }
    out
}
