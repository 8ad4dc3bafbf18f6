//! Which files to lint: explicit files always, directories walked honouring `.gitignore`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file to read, as the user will see its path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (linted even if ignored or oddly named).
    pub explicit: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{0}: no such file or directory")]
    NotFound(String),
    #[error("cannot walk {path}: {source}")]
    Walk {
        path: String,
        #[source]
        source: ignore::Error,
    },
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Does the name end in an image type (a screenshot, as WB103 asks for one)?
fn is_image(path: &Path) -> bool {
    const TYPES: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "tif", "tiff", "avif", "heic", "ico",
    ];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TYPES.iter().any(|t| e.eq_ignore_ascii_case(t)))
}

/// The image files the walk passed on its way (regular files, not links): WB103 asks
/// here before it asks the file system, so a screenshot beside its documents costs no
/// `statx`. Only a "yes" is taken from it: a path it lacks (not walked yet, spelled
/// another way, a link, ignored, past [`Seen::MOST`]) is asked of the file system, so the
/// answer is the one `std::fs::metadata` gives.
#[derive(Debug, Default)]
pub struct Seen {
    files: std::sync::RwLock<HashSet<PathBuf, foldhash::fast::RandomState>>,
}

impl Seen {
    /// Most paths remembered (a few MiB at most, however many images a tree holds).
    pub const MOST: usize = 65_536;

    fn add(&self, path: PathBuf) {
        let mut files = self
            .files
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if files.len() < Self::MOST {
            files.insert(path);
        }
    }

    /// Did the walk pass `path` as a regular file? (Paths compare by component.)
    #[must_use]
    pub fn has(&self, path: &Path) -> bool {
        self.files
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(path)
    }
}

/// Strips a leading `./` the walk adds when it starts at `.`.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// The files of `paths` (default `.`) in the order they are found: each path in turn, a
/// file as it is, a directory walked with each folder's entries sorted by name. Within
/// one directory that order is already [`discover`]'s sorted order; [`Walk::in_order`]
/// says whether every path came after the one before (so the caller need not sort).
/// After an error the walk ends.
pub struct Walk {
    roots: std::vec::IntoIter<PathBuf>,
    current: Option<(PathBuf, ignore::Walk)>,
    last: Option<PathBuf>,
    in_order: bool,
    failed: bool,
    seen: Arc<Seen>,
}

impl Walk {
    /// Starts the walk.
    ///
    /// # Errors
    /// A path that is neither a file nor a directory (checked for all before any walk).
    pub fn new(paths: &[PathBuf]) -> Result<Self, DiscoverError> {
        let roots = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        };
        if let Some(missing) = roots.iter().find(|p| !p.is_file() && !p.is_dir()) {
            return Err(DiscoverError::NotFound(missing.display().to_string()));
        }
        Ok(Self {
            roots: roots.into_iter(),
            current: None,
            last: None,
            in_order: true,
            failed: false,
            seen: Arc::default(),
        })
    }

    /// The image files passed so far, and later ones as the walk goes on.
    #[must_use]
    pub fn seen(&self) -> Arc<Seen> {
        Arc::clone(&self.seen)
    }

    /// Did every path found so far sort after the one before (none repeated)?
    #[must_use]
    pub fn in_order(&self) -> bool {
        self.in_order
    }

    fn next_unchecked(&mut self) -> Option<Result<Candidate, DiscoverError>> {
        loop {
            if let Some((root, walker)) = &mut self.current {
                for entry in walker.by_ref() {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(source) => {
                            return Some(Err(DiscoverError::Walk {
                                path: root.display().to_string(),
                                source,
                            }))
                        }
                    };
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    if is_yaml(entry.path()) {
                        return Some(Ok(Candidate {
                            path: tidy(entry.path()),
                            explicit: false,
                        }));
                    }
                    if is_image(entry.path()) {
                        self.seen.add(tidy(entry.path()));
                    }
                }
                self.current = None;
            }
            let path = self.roots.next()?;
            if path.is_file() {
                return Some(Ok(Candidate {
                    path,
                    explicit: true,
                }));
            }
            let walker = ignore::WalkBuilder::new(&path)
                .require_git(false)
                .sort_by_file_name(std::cmp::Ord::cmp)
                .build();
            self.current = Some((path, walker));
        }
    }
}

impl Iterator for Walk {
    type Item = Result<Candidate, DiscoverError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.next_unchecked()?;
        match &item {
            Ok(c) => {
                if self.last.as_ref().is_some_and(|last| *last >= c.path) {
                    self.in_order = false;
                }
                self.last = Some(c.path.clone());
            }
            Err(_) => self.failed = true,
        }
        Some(item)
    }
}

/// Expands `paths` (default `.`) into a sorted, de-duplicated list of YAML files.
///
/// # Errors
/// A path that does not exist, or a directory that cannot be read.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Candidate>, DiscoverError> {
    let mut walk = Walk::new(paths)?;
    let mut out = walk.by_ref().collect::<Result<Vec<_>, _>>()?;
    if !walk.in_order() {
        sort_and_merge(&mut out);
    }
    Ok(out)
}

/// Sorts candidates by path and merges repeats (explicit if any of them was).
pub fn sort_and_merge(out: &mut Vec<Candidate>) {
    out.sort();
    out.dedup_by(|a, b| {
        if a.path == b.path {
            b.explicit |= a.explicit;
            true
        } else {
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_yaml_honours_gitignore_and_keeps_explicit_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/skip")).unwrap();
        std::fs::write(root.join(".gitignore"), "skip/\n").unwrap();
        for f in [
            "a/one.yaml",
            "a/two.yml",
            "a/skip/three.yaml",
            "a/readme.md",
        ] {
            std::fs::write(root.join(f), "x: 1\n").unwrap();
        }
        let found = discover(&[root.to_path_buf()]).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|c| c.path.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("a/one.yaml"), PathBuf::from("a/two.yml")]
        );
        let explicit = discover(&[root.join("a/skip/three.yaml")]).unwrap();
        assert!(explicit[0].explicit);
        assert!(matches!(
            discover(&[root.join("nope")]),
            Err(DiscoverError::NotFound(_))
        ));
    }

    #[test]
    fn one_directory_is_walked_in_sorted_order_and_several_are_sorted_after() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Names whose byte order and component order could disagree in a naive walk.
        for f in [
            "a.yaml",
            "a/z.yaml",
            "a-b.yaml",
            "a/b/c.yaml",
            "a.b/x.yaml",
            "B.yaml",
            "b.yml",
            "é.yaml",
            "ab/0.yaml",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x: 1\n").unwrap();
        }
        let mut walk = Walk::new(&[root.to_path_buf()]).unwrap();
        let walked: Vec<PathBuf> = walk.by_ref().map(|c| c.unwrap().path).collect();
        assert!(walk.in_order(), "{walked:?}");
        let mut sorted = walked.clone();
        sorted.sort();
        assert_eq!(walked, sorted);
        assert_eq!(walked.len(), 9);

        // Two roots, the second before the first, one inside the other: out of order
        // and repeated, so `discover` sorts and merges.
        let roots = [root.join("b.yml"), root.to_path_buf(), root.join("a")];
        let mut walk = Walk::new(&roots).unwrap();
        let n = walk.by_ref().count();
        assert!(!walk.in_order());
        assert_eq!(n, 1 + 9 + 2);
        let found = discover(&roots).unwrap();
        let paths: Vec<&PathBuf> = found.iter().map(|c| &c.path).collect();
        assert_eq!(paths, sorted.iter().collect::<Vec<_>>());
        assert!(
            found
                .iter()
                .find(|c| c.path.ends_with("b.yml"))
                .unwrap()
                .explicit
        );
    }

    #[test]
    fn the_walk_remembers_regular_image_files_only_and_at_most_most() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::create_dir_all(d.join("img/dir.png")).unwrap();
        for f in ["a.yaml", "img/shot.PNG", "img/notes.txt", "img/b.yaml"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("shot.PNG", d.join("img/link.png")).unwrap();
        let mut walk = Walk::new(&[d.to_path_buf()]).unwrap();
        let seen = walk.seen();
        let found: Vec<_> = walk.by_ref().map(|c| c.unwrap().path).collect();
        assert_eq!(found, vec![d.join("a.yaml"), d.join("img/b.yaml")]);
        assert!(seen.has(&d.join("img/shot.PNG")));
        assert!(
            seen.has(&d.join("img//shot.PNG")),
            "paths compare by component"
        );
        for no in [
            "img/notes.txt",
            "img/dir.png",
            "img/link.png",
            "a.yaml",
            "img/gone.png",
        ] {
            assert!(!seen.has(&d.join(no)), "{no}");
        }
        let many = Seen::default();
        for i in 0..Seen::MOST + 10 {
            many.add(PathBuf::from(format!("{i}.png")));
        }
        assert!(many.has(Path::new("0.png")));
        assert!(!many.has(&PathBuf::from(format!("{}.png", Seen::MOST + 5))));
    }
}
