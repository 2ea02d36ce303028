//! `codegen.toml`: which types, pages and outputs the job covers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use confspec_load::LoadError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Failure};
use crate::registry::Registry;

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

/// `codegen.toml`: the settings of a project, beside its `Cargo.toml`. Every table is optional;
/// paths are relative to the file's directory; types are named as the JSON Schema names them
/// (the Rust name, unless `#[schemars(rename)]` says otherwise).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenToml")]
pub struct Config {
    /// The project itself: how generated files name the command that refreshes them.
    #[serde(default)]
    pub project: ProjectConfig,
    /// The JSON Schemas to write, one per root type: what editors validate, complete and
    /// explain files with.
    #[serde(default)]
    pub schemas: Vec<SchemaOutput>,
    /// The reference pages: sources with `#SCHEMA#` directives, expanded into an mkdocs
    /// `docs_dir`.
    #[serde(default)]
    pub docs: Option<DocsConfig>,
    /// How the dotted paths of directives map to model types.
    #[serde(default)]
    pub paths: PathsConfig,
    /// Which model each YAML example of the pages is checked against.
    #[serde(default)]
    pub examples: ExamplesConfig,
    /// The TypeScript package of the model's types.
    #[serde(default)]
    pub typescript: Option<PackageOutput>,
    /// The Python package of the model's types (pydantic models).
    #[serde(default)]
    pub python: Option<PackageOutput>,
}

/// `[project]`: the project itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenProject")]
pub struct ProjectConfig {
    /// The command that refreshes the generated files (`cargo run -p codegen`), named by their
    /// headers and by `--check` when a file is stale; what the binary was invoked as when
    /// unset.
    pub refresh: Option<String>,
}

/// `[[schemas]]`: one JSON Schema file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenSchema")]
pub struct SchemaOutput {
    /// The root type's name (`ServerConfig`).
    pub root: String,
    /// Where to write the schema.
    pub output: PathBuf,
    /// The URL the site serves the schema at: its `$id`, and what `$schema=` modelines of
    /// examples name.
    pub url: String,
    /// The schema's `title`, which editors show.
    pub title: Option<String>,
}

/// `[docs]`: the reference pages.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenDocs")]
pub struct DocsConfig {
    /// The directory of the source pages, with `#SCHEMA#` directives and YAML examples.
    pub pages: PathBuf,
    /// Where the expanded pages go: mkdocs' `docs_dir`. Other files of `pages` are copied
    /// there unchanged.
    pub output: PathBuf,
    /// The style of reference items: `default`, `compat` (dstack's own hook format), or the
    /// name of a template `reference/<name>.md` of a `--templates` directory.
    #[serde(default = "default_style")]
    pub style: String,
    /// Named types whose fields the `compat` style does not link, although the type holds a
    /// struct (what dstack's hook did not take for a model, such as its generic `Range[...]`).
    #[serde(default, rename = "compat-unlinked")]
    pub compat_unlinked: Vec<String>,
    /// A page of the command line to write, relative to `output` (`guide/cli.md`): every
    /// command, option, default and accepted value, from the binary's own definition, so the
    /// page cannot drift from it.
    #[serde(default, rename = "cli-page")]
    pub cli_page: Option<PathBuf>,
}

fn default_style() -> String {
    "default".to_owned()
}

/// `[paths]`: how dotted paths in directives resolve.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenPaths")]
pub struct PathsConfig {
    /// A dotted module prefix, as pages write it (`app.models`), mapped to the Rust modules
    /// whose types it names (`["app::models"]`).
    #[serde(default)]
    pub modules: BTreeMap<String, Vec<String>>,
    /// A type name as pages write it (the last segment of a path, or a whole dotted path)
    /// mapped to the model type it stands for (`GPUSpecSchema` is `GPUSpec`).
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
}

/// `[examples]`: which model each YAML example is checked against, when its block has no
/// `<!-- codegen: check TYPE -->` marker.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenExamples")]
pub struct ExamplesConfig {
    /// A file name, as a `<div editor-title="...">` around the block writes it, mapped to the
    /// root type of such files; `*` matches any run of characters (`"*.dstack.yml"`).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// A page (relative to `[docs] pages`) mapped to the root type of its blocks.
    #[serde(default)]
    pub pages: BTreeMap<String, String>,
    /// A schema URL, as a `# yaml-language-server: $schema=` modeline in a block names it,
    /// mapped to a root type. The `url` of every `[[schemas]]` entry is known already.
    #[serde(default)]
    pub schemas: BTreeMap<String, String>,
    /// The root types a block is matched with by its top-level keys, when nothing more
    /// explicit applies.
    #[serde(default)]
    pub roots: Vec<String>,
}

/// `[typescript]`, `[python]`: a generated package.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenPackage")]
pub struct PackageOutput {
    /// The package's directory. The job owns the files of the package's kinds in it: one it
    /// does not write is removed.
    pub output: PathBuf,
    /// The package's name (`app-config`; the Python import name is made from it).
    pub name: String,
    /// The package's version.
    #[serde(default = "default_version")]
    pub version: String,
    /// The root types whose types the package declares (every model type when empty).
    #[serde(default)]
    pub roots: Vec<String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl Config {
    /// Parses `text`, read from `path`: strictly, through the loader every model loads through
    /// ([`crate::toml_tree`]), so an unknown key, a value of the wrong type or a missing key is
    /// an error at its line and column, with its path and the closest known key.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Failure> {
        let error = |err: LoadError| {
            let at = if err.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", err.path)
            };
            let diagnostic = Diagnostic::error(
                path,
                err.pos.line as usize,
                err.pos.column as usize,
                format!("invalid settings: {at}{}", err.message),
            );
            Failure::Content(vec![match err.hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            }])
        };
        let node = crate::toml_tree::parse(text).map_err(error)?;
        confspec_load::from_node(&node).map_err(error)
    }
}

/// The settings types, registered as any model's are (by `build.rs`, with `confspec_build`):
/// a project can write the JSON Schema of `codegen.toml` and document it with `#SCHEMA#`
/// directives, as this workspace does, by adding them to its own registry
/// ([`Registry::with`](crate::registry::Registry::with)).
#[allow(clippy::needless_borrow)] // the generated table's method lookup needs the `&&`
pub fn settings_types() -> Registry {
    Registry {
        types: include!(concat!(env!("OUT_DIR"), "/confspec_types.rs")),
        deprecations: include!(concat!(env!("OUT_DIR"), "/confspec_deprecated.rs")),
        docs: include!(concat!(env!("OUT_DIR"), "/confspec_docs.rs")),
        sources: include!(concat!(env!("OUT_DIR"), "/confspec_sources.rs")),
        built_in: None,
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
