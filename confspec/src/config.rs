//! `codegen.toml`: which types, pages and outputs the job covers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Failure;

/// The file name looked up from the working directory upwards.
pub const FILE_NAME: &str = "codegen.toml";

/// Where `"value"` first stands in a table `header` (`[typescript]`, `[[schemas]]`) of the
/// settings text: 1-based line and column, or `(0, 0)` when it is not there.
pub fn locate_value(text: &str, header: &str, value: &str) -> (usize, usize) {
    let quoted = format!("\"{value}\"");
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') && !trimmed.contains('=') {
            in_table = trimmed == header;
        }
        if in_table && let Some(col) = line.find(&quoted) {
            return (i + 1, line[..col].chars().count() + 1);
        }
    }
    (0, 0)
}

/// The settings of a project.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The project itself.
    #[serde(default)]
    pub project: ProjectConfig,
    /// JSON Schemas to write, one per root type.
    #[serde(default)]
    pub schemas: Vec<SchemaOutput>,
    /// Reference pages.
    #[serde(default)]
    pub docs: Option<DocsConfig>,
    /// How directive paths map to model types.
    #[serde(default)]
    pub paths: PathsConfig,
    /// The YAML examples check.
    #[serde(default)]
    pub examples: ExamplesConfig,
    /// The TypeScript package.
    #[serde(default)]
    pub typescript: Option<PackageOutput>,
    /// The Python package.
    #[serde(default)]
    pub python: Option<PackageOutput>,
}

/// The project itself.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// The command that refreshes the generated files (`cargo xtask codegen`), named by their
    /// headers and by `--check`; what the binary was invoked as by default.
    pub refresh: Option<String>,
}

/// One JSON Schema file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaOutput {
    /// The root type's name (`ServerConfig`).
    pub root: String,
    /// Where to write it, relative to the project root.
    pub output: PathBuf,
    /// The URL the site serves it at (the schema's `$id`).
    pub url: String,
    /// The schema's `title`.
    pub title: Option<String>,
}

/// Reference pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocsConfig {
    /// The source pages, with directives.
    pub pages: PathBuf,
    /// Where the expanded pages go (mkdocs' `docs_dir`).
    pub output: PathBuf,
    /// The rendering style: `default` or `compat`.
    #[serde(default = "default_style")]
    pub style: String,
    /// Named types whose fields the `compat` style does not link although the type holds a
    /// struct: what dstack's hook did not take for a model (its generic `Range[...]`).
    #[serde(default, rename = "compat-unlinked")]
    pub compat_unlinked: Vec<String>,
}

fn default_style() -> String {
    "default".to_owned()
}

/// How dotted paths in directives resolve.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PathsConfig {
    /// Dotted module prefix (as pages write it) → Rust modules whose types it names.
    #[serde(default)]
    pub modules: BTreeMap<String, Vec<String>>,
    /// Type name as pages write it (the last segment of a path, or a bare name) → the model
    /// type it stands for (`GPUSpecSchema` → `GPUSpec`).
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
}

/// Which model each YAML example is checked against.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExamplesConfig {
    /// File names (as in `<div editor-title="...">`) → root type.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Pages (relative to the pages directory) → default root type.
    #[serde(default)]
    pub pages: BTreeMap<String, String>,
    /// Schema URLs (as in a `$schema=` modeline) → root type. The URLs of `[[schemas]]` are
    /// added automatically.
    #[serde(default)]
    pub schemas: BTreeMap<String, String>,
    /// Root types tried by shared top-level keys when nothing more explicit applies.
    #[serde(default)]
    pub roots: Vec<String>,
}

/// A generated package.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageOutput {
    /// The package directory.
    pub output: PathBuf,
    /// The package name.
    pub name: String,
    /// The package version.
    #[serde(default = "default_version")]
    pub version: String,
    /// The root types whose closures the package contains (all types when empty).
    #[serde(default)]
    pub roots: Vec<String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl Config {
    /// Parses `text`, read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Failure> {
        toml::from_str(text).map_err(|err| {
            let (line, column) = err
                .span()
                .map(|span| line_col(text, span.start))
                .unwrap_or((1, 1));
            Failure::content(
                path,
                line,
                column,
                format!("invalid settings: {}", err.message()),
            )
        })
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Finds the project root: the first directory from `start` upwards that holds `codegen.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::locate_value;

    #[test]
    fn values_are_located_in_their_table() {
        let text = "[python]\nroots = [\"X\"]\n\n[typescript]\nname = \"n\"\nroots = [\"A\", \"X\"]\n\n[[schemas]]\nroot = \"Y\"\n";
        assert_eq!(locate_value(text, "[typescript]", "X"), (6, 15));
        assert_eq!(locate_value(text, "[python]", "X"), (2, 10));
        assert_eq!(locate_value(text, "[[schemas]]", "Y"), (9, 8));
        assert_eq!(locate_value(text, "[typescript]", "Y"), (0, 0));
        assert_eq!(locate_value(text, "[typescript]", "Z"), (0, 0));
    }
}
