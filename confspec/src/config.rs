//! `codegen.toml`: which types, pages and outputs the job covers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use confspec_load::{LoadError, Loader, Yaml11Guard};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Failure};
use crate::ir::{Field, TypeDef};
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
    /// How the model's YAML documents are read beyond what its types say: by the examples
    /// check, and by a program that builds its loader from these settings (`Config::loader`).
    #[serde(default)]
    pub load: LoadConfig,
    /// What the job requires of the model's sources.
    #[serde(default)]
    pub model: ModelConfig,
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
    /// there unchanged. Without it, `pages` is the `docs_dir` itself and keeps its directives
    /// (the mkdocs plugin expands them when the site is built): the job then checks that every
    /// directive expands, and writes no page.
    #[serde(default)]
    pub output: Option<PathBuf>,
    /// The style of reference items: `default`, `compat` (dstack's own hook format), or the
    /// name of a template `reference/<name>.md` of a `--templates` directory.
    #[serde(default = "default_style")]
    pub style: String,
    /// Named types whose fields the `compat` style does not link, although the type holds a
    /// struct (what dstack's hook did not take for a model, such as its generic `Range[...]`).
    #[serde(default, rename = "compat-unlinked")]
    pub compat_unlinked: Vec<String>,
    /// A page of the command line to write, relative to `output` (`guide/cli.md`; needs
    /// `output`): every
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
    /// The root type of the pages' fenced `toml` blocks: each is checked as a whole file of that
    /// type, as YAML blocks are. A block that is only part of such a file says which table it is
    /// (`<!-- codegen: check TYPE -->`) or opts out (`<!-- codegen: skip -->`). Without it, a
    /// TOML block is reported as not checked, unless its marker names its type.
    pub toml: Option<String>,
}

/// `[load]`: how the model's YAML documents are read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenLoad")]
pub struct LoadConfig {
    /// The YAML 1.1 guard, for files that a YAML 1.1 reader (PyYAML) reads too: a plain value
    /// that reader reads otherwise than YAML 1.2 (`on`, `no`, `1:30`, `026`, `2024-01-01`) is an
    /// error where the model expects a string or a number, with the hint to quote it, so that a
    /// file cannot mean one thing here and another there. Off when absent: the files are
    /// YAML 1.2, where `on` is the string "on".
    pub yaml11: Option<Yaml11Config>,
}

/// `[load.yaml11]`: the YAML 1.1 guard is on.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenYaml11")]
pub struct Yaml11Config {
    /// The YAML 1.1 reader the errors name, after "YAML 1.1": with `"the deploy script's
    /// reader"`, `` `on` is the boolean `true` in YAML 1.1 (the deploy script's reader) and a
    /// string in YAML 1.2 ``. The errors name none when absent.
    pub reader: Option<String>,
}

/// `[model]`: what the job requires of the model's sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CodegenModel")]
pub struct ModelConfig {
    /// What a field without a doc comment is, in the types the outputs show (the roots of the
    /// schemas and of the packages, and every type they use): an `error` (the job fails) or a
    /// `warning` (the field is written without a description, and the `compat` reference
    /// style leaves it out, as dstack's hook did).
    #[serde(default, rename = "undocumented-fields")]
    pub undocumented_fields: Level,
    /// Fields that may have no doc comment, as `Type.field` (the type's name in the schemas and
    /// the field's key): a field of a type whose source is not the project's to change.
    #[serde(default, rename = "allow-undocumented")]
    pub allow_undocumented: Vec<String>,
}

/// How the job takes a problem of the model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "CodegenLevel")]
pub enum Level {
    /// The job fails, with exit code 1.
    #[default]
    Error,
    /// The job reports it and goes on.
    Warning,
}

impl ModelConfig {
    /// Whether the field `field` of the type `ty` may have no doc comment
    /// (`[model] allow-undocumented`).
    pub fn allows_undocumented(&self, ty: &str, field: &str) -> bool {
        self.allow_undocumented
            .iter()
            .any(|entry| entry.split_once('.') == Some((ty, field)))
    }

    /// The problem of a field of `ty` without a doc comment, at the level `[model]
    /// undocumented-fields` sets, located at the field (at the type when the field's place is
    /// not known); `None` when `[model] allow-undocumented` lists it.
    pub fn undocumented_field(&self, ty: &TypeDef, field: &Field) -> Option<Diagnostic> {
        if self.allows_undocumented(&ty.name, &field.name) {
            return None;
        }
        let (file, line) = match (&field.place, &ty.source) {
            (Some(place), _) => (Path::new(&place.file), place.line),
            (None, Some(source)) => (Path::new(&source.file), source.line),
            (None, None) => (Path::new(FILE_NAME), 0),
        };
        let message = format!(
            "field `{}` of `{}` has no doc comment: the schemas, the reference and the packages \
             would show it without a description",
            field.name, ty.name
        );
        let diagnostic = match self.undocumented_fields {
            Level::Error => Diagnostic::error(file, line, 0, message),
            Level::Warning => Diagnostic::warning(file, line, 0, message),
        };
        Some(diagnostic.with_hint(format!(
            "write a `///` comment above the field; or, in {FILE_NAME}, list it in [model] \
             allow-undocumented (\"{}.{}\") or set [model] undocumented-fields = \"warning\"",
            ty.name, field.name
        )))
    }
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
    /// The configured package outputs (`[typescript]`, `[python]`; a language's table is
    /// listed here with it).
    pub fn packages(&self) -> impl Iterator<Item = &PackageOutput> {
        [&self.typescript, &self.python].into_iter().flatten()
    }

    /// Parses `text`, read from `path`: strictly, through the loader every model loads through
    /// ([`crate::toml_tree`]), so an unknown key, a value of the wrong type or a missing key is
    /// an error at its line and column, with its path and the closest known key; every such
    /// error of the file is reported.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Failure> {
        let diagnostic = |err: LoadError| {
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
            match err.hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            }
        };
        let failure =
            |errors: Vec<LoadError>| Failure::Content(errors.into_iter().map(diagnostic).collect());
        let node = crate::toml_tree::parse(text).map_err(|err| failure(vec![err]))?;
        confspec_load::from_node(&node).map_err(failure)
    }

    /// The loader the model's documents are read with (`[load]`).
    pub fn loader(&self) -> Loader {
        let loader = Loader::new();
        match &self.load.yaml11 {
            None => loader,
            Some(Yaml11Config { reader: None }) => loader.with_yaml11(Yaml11Guard::new()),
            Some(Yaml11Config {
                reader: Some(reader),
            }) => loader.with_yaml11(Yaml11Guard::named(reader.clone())),
        }
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
    use std::path::Path;

    use super::{Config, locate_value};

    #[test]
    fn the_yaml11_guard_is_a_setting_off_by_default() {
        let parse = |text: &str| Config::parse(text, Path::new("codegen.toml")).expect("parses");
        assert_eq!(parse("").loader().yaml11(), None);
        let neutral = parse("[load.yaml11]\n").loader();
        assert_eq!(neutral.yaml11().map(|g| g.reader()), Some(None));
        let named = parse("[load.yaml11]\nreader = \"dstack's reader\"\n").loader();
        assert_eq!(
            named.yaml11().and_then(|g| g.reader()),
            Some("dstack's reader")
        );
        let errors = named
            .from_str::<std::collections::BTreeMap<String, String>>("a: no\n")
            .expect_err("the guard refuses `no`");
        assert_eq!(
            errors[0].message,
            "`no` is the boolean `false` in YAML 1.1 (dstack's reader) and a string in YAML 1.2"
        );
    }

    #[test]
    fn every_error_of_the_settings_is_reported() {
        let Err(crate::diagnostics::Failure::Content(diagnostics)) = Config::parse(
            "[load.yaml11]\nreadr = 1\n\n[examples]\nrots = []\n",
            Path::new("codegen.toml"),
        ) else {
            panic!("refused")
        };
        let lines: Vec<usize> = diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 5], "{diagnostics:?}");
    }

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
