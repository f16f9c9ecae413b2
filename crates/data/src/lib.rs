//! The data vedetta runs on: language packs and actor dictionaries.
//!
//! By default the `data/` folder of the source tree is embedded in the binary at build time,
//! so `vedetta` works from any directory. A user can point at another folder with the same
//! layout ([`DataSource::Dir`]); extra actor files are added by the `mentions` stage.

use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Errors reading a data folder.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid UTF-8.
    #[error("{path}: not valid UTF-8 (data files must be UTF-8)")]
    Encoding {
        /// The path.
        path: PathBuf,
    },
}

/// One data file: where it came from and its text.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Display path (`data/actors/people.tsv`, or the user's path).
    pub path: String,
    /// Path relative to the data root, with `/` separators.
    pub rel: String,
    /// Contents.
    pub text: String,
}

/// Where the data comes from.
#[derive(Debug, Clone, Default)]
pub enum DataSource {
    /// The copy embedded at build time.
    #[default]
    Embedded,
    /// A folder on disk with the same layout as `data/`.
    Dir(PathBuf),
}

impl DataSource {
    /// All files whose relative path starts with `prefix` (e.g. `actors/`), sorted by path.
    pub fn files(&self, prefix: &str) -> Result<Vec<DataFile>, DataError> {
        match self {
            DataSource::Embedded => Ok(embedded::FILES
                .iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .map(|(p, t)| DataFile {
                    path: format!("data/{p}"),
                    rel: p.to_string(),
                    text: t.to_string(),
                })
                .collect()),
            DataSource::Dir(root) => {
                let mut out = Vec::new();
                let start = root.join(prefix);
                let dir = if start.is_dir() {
                    start
                } else {
                    match start.parent() {
                        Some(p) if p.is_dir() => p.to_path_buf(),
                        _ => return Ok(out),
                    }
                };
                walk(&dir, &mut |p| {
                    let rel = p
                        .strip_prefix(root)
                        .unwrap_or(p)
                        .to_string_lossy()
                        .replace('\\', "/");
                    if rel.starts_with(prefix) {
                        out.push(read_file(p, rel)?);
                    }
                    Ok(())
                })?;
                out.sort_by(|a, b| a.rel.cmp(&b.rel));
                Ok(out)
            }
        }
    }

    /// One file by relative path, or `None` when it does not exist.
    pub fn file(&self, rel: &str) -> Result<Option<DataFile>, DataError> {
        match self {
            DataSource::Embedded => {
                Ok(embedded::FILES
                    .iter()
                    .find(|(p, _)| *p == rel)
                    .map(|(p, t)| DataFile {
                        path: format!("data/{p}"),
                        rel: p.to_string(),
                        text: t.to_string(),
                    }))
            }
            DataSource::Dir(root) => {
                let p = root.join(rel);
                if p.is_file() {
                    read_file(&p, rel.to_string()).map(Some)
                } else {
                    Ok(None)
                }
            }
        }
    }

    /// The bytes of a binary file (a trained model, `models/it/syntax.model`) by relative
    /// path, with its display path; `None` when it does not exist.
    pub fn bytes(
        &self,
        rel: &str,
    ) -> Result<Option<(String, std::borrow::Cow<'static, [u8]>)>, DataError> {
        match self {
            DataSource::Embedded => Ok(embedded::BINARIES
                .iter()
                .find(|(p, _)| *p == rel)
                .map(|(p, b)| (format!("data/{p}"), std::borrow::Cow::Borrowed(*b)))),
            DataSource::Dir(root) => {
                let p = root.join(rel);
                if !p.is_file() {
                    return Ok(None);
                }
                let b = std::fs::read(&p).map_err(|e| DataError::Io {
                    path: p.clone(),
                    source: e,
                })?;
                Ok(Some((p.display().to_string(), std::borrow::Cow::Owned(b))))
            }
        }
    }

    /// Language codes that have a pack (`lang/<code>/lang.toml`), sorted.
    pub fn languages(&self) -> Result<Vec<String>, DataError> {
        let mut langs: Vec<String> = self
            .files("lang/")?
            .into_iter()
            .filter_map(|f| {
                let rest = f.rel.strip_prefix("lang/")?;
                let (code, file) = rest.split_once('/')?;
                (file == "lang.toml").then(|| code.to_string())
            })
            .collect();
        langs.sort();
        langs.dedup();
        Ok(langs)
    }
}

/// Reads a user-supplied file (or every data file under a folder) as [`DataFile`]s.
pub fn read_user_path(path: &Path) -> Result<Vec<DataFile>, DataError> {
    let mut out = Vec::new();
    if path.is_dir() {
        walk(path, &mut |p| {
            if p.extension().and_then(|e| e.to_str()) == Some("tsv") {
                out.push(read_file(p, p.to_string_lossy().into_owned())?);
            }
            Ok(())
        })?;
        out.sort_by(|a, b| a.path.cmp(&b.path));
    } else {
        out.push(read_file(path, path.to_string_lossy().into_owned())?);
    }
    Ok(out)
}

fn read_file(p: &Path, rel: String) -> Result<DataFile, DataError> {
    let bytes = std::fs::read(p).map_err(|e| DataError::Io {
        path: p.into(),
        source: e,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| DataError::Encoding { path: p.into() })?;
    Ok(DataFile {
        path: p.display().to_string(),
        rel,
        text,
    })
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path) -> Result<(), DataError>) -> Result<(), DataError> {
    let rd = std::fs::read_dir(dir).map_err(|e| DataError::Io {
        path: dir.into(),
        source: e,
    })?;
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, f)?;
        } else {
            f(&p)?;
        }
    }
    Ok(())
}

/// Lines of a list file: trimmed, without empty lines and `#` comments.
pub fn list_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_has_both_language_packs() {
        let langs = DataSource::Embedded.languages().unwrap();
        assert!(
            langs.contains(&"it".to_string()) && langs.contains(&"en".to_string()),
            "{langs:?}"
        );
        assert!(!DataSource::Embedded.files("actors/").unwrap().is_empty());
    }

    #[test]
    fn list_lines_skip_comments_and_blanks() {
        let v: Vec<_> = list_lines("# c\n\n a \nb\n").collect();
        assert_eq!(v, ["a", "b"]);
    }
}
