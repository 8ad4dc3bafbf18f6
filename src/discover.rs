//! Which files to lint: explicit files always, directories walked honouring `.gitignore`.

use std::path::{Path, PathBuf};

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

/// Strips a leading `./` the walk adds when it starts at `.`.
fn tidy(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Expands `paths` (default `.`) into a sorted, de-duplicated list of YAML files.
///
/// # Errors
/// A path that does not exist, or a directory that cannot be read.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Candidate>, DiscoverError> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    for path in paths {
        if path.is_file() {
            out.push(Candidate {
                path: path.clone(),
                explicit: true,
            });
            continue;
        }
        if !path.is_dir() {
            return Err(DiscoverError::NotFound(path.display().to_string()));
        }
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .sort_by_file_name(std::cmp::Ord::cmp)
            .build();
        for entry in walker {
            let entry = entry.map_err(|source| DiscoverError::Walk {
                path: path.display().to_string(),
                source,
            })?;
            if entry.file_type().is_some_and(|t| t.is_file()) && is_yaml(entry.path()) {
                out.push(Candidate {
                    path: tidy(entry.path()),
                    explicit: false,
                });
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| {
        if a.path == b.path {
            b.explicit |= a.explicit;
            true
        } else {
            false
        }
    });
    Ok(out)
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
}
