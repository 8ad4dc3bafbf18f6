//! The result cache: successes with the time they were seen, reused within
//! `cache_max_age`. Failures are never stored, so they are always checked again.
//!
//! The file is JSON (`{"version": 1, "entries": {url: {...}}}`), written to a
//! temporary file beside it and renamed into place, so an interrupted run never
//! leaves half a file. A file that cannot be read is ignored with a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

const VERSION: u32 = 1;

/// A success seen at `checked` (seconds since the Unix epoch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub checked: u64,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_status: Option<u16>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

/// The cache of one run.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    max_age: Duration,
    entries: BTreeMap<String, Entry>,
}

/// Seconds since the Unix epoch.
#[must_use]
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// Reads the cache; a missing file is an empty cache, a broken one is ignored
    /// and described in the returned warning.
    #[must_use]
    pub fn load(path: &Path, max_age: Duration) -> (Self, Option<String>) {
        let mut cache = Self {
            path: path.to_owned(),
            max_age,
            entries: BTreeMap::new(),
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (cache, None),
            Err(e) => {
                return (
                    cache,
                    Some(format!(
                        "link cache {} unreadable ({e}); ignored",
                        path.display()
                    )),
                )
            }
        };
        match serde_json::from_str::<File>(&text) {
            Ok(file) if file.version == VERSION => {
                cache.entries = file.entries;
                (cache, None)
            }
            Ok(file) => (
                cache,
                Some(format!(
                    "link cache {} has version {}, expected {VERSION}; ignored",
                    path.display(),
                    file.version
                )),
            ),
            Err(e) => (
                cache,
                Some(format!(
                    "link cache {} is corrupt ({e}); ignored and rewritten",
                    path.display()
                )),
            ),
        }
    }

    /// A fresh success for `url`.
    #[must_use]
    pub fn get(&self, url: &str, now: u64) -> Option<&Entry> {
        self.entries
            .get(url)
            .filter(|e| now.saturating_sub(e.checked) <= self.max_age.as_secs() && e.checked <= now)
    }

    pub fn insert(&mut self, url: String, entry: Entry) {
        self.entries.insert(url, entry);
    }

    pub fn remove(&mut self, url: &str) {
        self.entries.remove(url);
    }

    /// Writes the cache atomically, dropping expired entries.
    ///
    /// # Errors
    /// The file or its temporary sibling could not be written.
    pub fn save(mut self, now: u64) -> std::io::Result<()> {
        let max = self.max_age.as_secs();
        self.entries
            .retain(|_, e| now.saturating_sub(e.checked) <= max && e.checked <= now);
        let file = File {
            version: VERSION,
            entries: self.entries,
        };
        let json = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let name = self.path.file_name().map_or_else(
            || "wirebook-cache".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, json + "\n")?;
        std::fs::rename(&tmp, &self.path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(checked: u64) -> Entry {
        Entry {
            checked,
            status: 200,
            moved_to: None,
            moved_status: None,
        }
    }

    #[test]
    fn round_trip_expiry_and_corruption() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/cache.json");
        let (mut c, warning) = Cache::load(&path, Duration::from_secs(100));
        assert!(warning.is_none());
        c.insert("https://a.example/".into(), entry(1_000));
        c.insert("https://old.example/".into(), entry(1));
        c.save(1_050).unwrap();
        let (c, warning) = Cache::load(&path, Duration::from_secs(100));
        assert!(warning.is_none());
        assert_eq!(c.get("https://a.example/", 1_050), Some(&entry(1_000)));
        assert!(c.get("https://a.example/", 1_200).is_none(), "too old");
        assert!(c.get("https://old.example/", 1_050).is_none(), "pruned");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");

        std::fs::write(&path, "{not json").unwrap();
        let (c, warning) = Cache::load(&path, Duration::from_secs(100));
        assert!(warning.unwrap().contains("corrupt"));
        assert!(c.get("https://a.example/", 1_050).is_none());
    }
}
