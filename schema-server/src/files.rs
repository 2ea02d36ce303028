//! The explicit load-time step that reads files named in the configuration.
//!
//! Parsing never touches the file system. A server that wants the contents of a service account
//! file or a kubeconfig calls [`crate::ServerConfig::load_files`] after loading.

use std::fmt;
use std::path::{Path, PathBuf};

/// A file named by the configuration could not be read.
#[derive(Debug)]
pub struct FileError {
    /// YAML path of the `filename` key.
    pub path: String,
    /// The file, after `~` expansion.
    pub file: PathBuf,
    /// Why it could not be read.
    pub source: std::io::Error,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.kind() == std::io::ErrorKind::NotFound {
            write!(f, "{}: No such file: {}", self.path, self.file.display())
        } else {
            write!(
                f,
                "{}: cannot read {}: {}",
                self.path,
                self.file.display(),
                self.source
            )
        }
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Expands a leading `~` against `home`.
pub fn expand_home(filename: &str, home: Option<&Path>) -> PathBuf {
    match (filename.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(filename),
    }
}

/// Reads `filename` into `data` when `data` is not set.
pub fn fill(
    filename: &str,
    data: &mut Option<String>,
    home: Option<&Path>,
    path: String,
) -> Result<(), FileError> {
    if data.is_some() {
        return Ok(());
    }
    let file = expand_home(filename, home);
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            *data = Some(text);
            Ok(())
        }
        Err(source) => Err(FileError { path, file, source }),
    }
}
