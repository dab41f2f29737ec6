//! Expanding command-line paths into posting files, in a stable order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::posting::POSTING_EXTENSIONS;

/// One input named or found: a file to read, stdin, or a path that failed.
#[derive(Debug)]
pub enum Source {
    /// A file to read.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// A path that could not be walked, with the reason.
    Failed(PathBuf, String),
}

impl Source {
    /// The path as shown in output (`-` for stdin).
    pub fn display(&self) -> String {
        match self {
            Source::File(p) | Source::Failed(p, _) => p.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }
}

/// True when a file found in a folder walk looks like a posting (by extension).
pub fn is_posting_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| POSTING_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Yields the sources for `paths` lazily: each argument in the order given;
/// folders walked recursively with entries sorted by name (path order), keeping
/// only posting files. Files named directly are always read.
pub fn sources(paths: &[PathBuf]) -> impl Iterator<Item = Source> + '_ {
    paths
        .iter()
        .flat_map(|path| -> Box<dyn Iterator<Item = Source>> {
            if path.as_os_str() == "-" {
                return Box::new(std::iter::once(Source::Stdin));
            }
            match std::fs::metadata(path) {
                Err(e) => Box::new(std::iter::once(Source::Failed(
                    path.clone(),
                    format!("cannot read: {e}"),
                ))),
                Ok(meta) if !meta.is_dir() => Box::new(std::iter::once(Source::File(path.clone()))),
                Ok(_) => Box::new(
                    WalkDir::new(path)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_map(|entry| match entry {
                            Ok(e) if e.file_type().is_file() && is_posting_file(e.path()) => {
                                Some(Source::File(e.into_path()))
                            }
                            Ok(_) => None,
                            Err(e) => {
                                let p = e.path().unwrap_or(Path::new("")).to_path_buf();
                                Some(Source::Failed(p, format!("cannot read: {e}")))
                            }
                        }),
                ),
            }
        })
}
