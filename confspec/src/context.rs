//! Everything a run needs, loaded once: the project root, its settings, the model's IR and the
//! template environment.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use schemars::generate::SchemaSettings;

use crate::command_line::CommandLine;
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Failure};
use crate::ir::{self, Model, NameProblem, NamedRustType, Source};
use crate::registry::{RegisteredType, Registry};

/// A loaded project.
pub struct Context {
    /// The directory of `codegen.toml`; every configured path is relative to it.
    pub root: PathBuf,
    /// The settings.
    pub config: Config,
    /// The model, as read from its schemas.
    pub model: Model,
    /// The templates.
    pub templates: minijinja::Environment<'static>,
    /// The registered model types the IR was built from.
    pub types: &'static [RegisteredType],
    /// The command that refreshes the generated files, as their headers and `--check` name it:
    /// `[project] refresh` of the settings, else what the binary was invoked as.
    pub refresh: String,
    /// The JSON Schema documents of the run, by root type: made once, by whichever stage needs
    /// one first (the schema stage writes them, the examples check validates against them).
    pub json_schemas: Memo<Arc<serde_json::Value>>,
    /// Those documents compiled for validation (the examples check), by root type, or why one
    /// does not compile.
    pub validators: Memo<Arc<Result<jsonschema::Validator, String>>>,
    /// The command line as data, when the run was started from it.
    pub command_line: Option<CommandLine>,
}

/// Values a run computes once, by key, on first use; stages running side by side that ask for
/// the same key wait for the one computing it instead of computing it again.
pub struct Memo<V> {
    slots: Mutex<HashMap<String, Arc<OnceLock<V>>>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            slots: Mutex::new(HashMap::new()),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// The value of `key`, computed by `make` if no one has yet.
    pub fn get_or_init(&self, key: &str, make: impl FnOnce() -> V) -> V {
        let slot = {
            // A thread that panicked while holding the lock left the map intact.
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(slots.entry(key.to_owned()).or_default())
        };
        slot.get_or_init(make).clone()
    }

    /// Forgets every value (benchmarks that run one stage again and again).
    pub fn clear(&self) {
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

/// Where the project comes from.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The directory to search for `codegen.toml` from (the working directory by default).
    pub start: Option<PathBuf>,
    /// Templates overriding the embedded ones.
    pub templates: Option<PathBuf>,
    /// The model: its registered types, and where to find the project when nothing else does.
    pub registry: Registry,
    /// The name the binary was invoked as (the file name of its path), the refresh command
    /// when the settings name none; `codegen` when `None`.
    pub invoked_as: Option<String>,
    /// The model's sources edited since the binary was built (absolute, or relative to the
    /// root): their doc comments are read again ([`crate::fresh_docs`]), and any other change
    /// is a [`Failure::Stale`].
    pub changed_sources: Vec<PathBuf>,
    /// The command line as data ([`crate::cli::command_line`]), for the command-line page;
    /// `None` leaves that page as it is.
    pub command_line: Option<CommandLine>,
}

impl Context {
    /// Finds and loads the project.
    pub fn load(options: &LoadOptions) -> Result<Context, Failure> {
        let start = match &options.start {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().map_err(|err| {
                Failure::Usage(format!("cannot read the working directory: {err}"))
            })?,
        };
        let root = config::find_root(&start)
            .or_else(|| {
                // The project this binary was built from (its crate's directory or above):
                // `cargo run` from anywhere in it, or the built binary run elsewhere, still finds
                // its own project. Never for an explicit `--root`: a mistyped one must not
                // regenerate another project.
                if options.start.is_some() {
                    return None;
                }
                config::find_root(Path::new(options.registry.built_in?))
            })
            .ok_or_else(|| {
                let here = start.join(config::FILE_NAME);
                if here.exists() {
                    return Failure::Usage(format!("{} is not a file", here.display()));
                }
                Failure::Usage(format!(
                    "no {} found in {} or any parent directory",
                    config::FILE_NAME,
                    start.display()
                ))
            })?;
        let root = root.canonicalize().unwrap_or(root);
        let path = root.join(config::FILE_NAME);
        let text = std::fs::read_to_string(&path)
            .map_err(|err| Failure::Usage(format!("cannot read {}: {err}", path.display())))?;
        let config = Config::parse(&text, Path::new(config::FILE_NAME))?;
        let mut model = build_model(&options.registry)?;
        if !options.changed_sources.is_empty() {
            crate::fresh_docs::refresh(
                &mut model,
                &options.registry,
                &root,
                &options.changed_sources,
            )
            .map_err(|crate::fresh_docs::Stale(why)| Failure::Stale(why))?;
        }
        let mut templates = crate::templates::environment(options.templates.as_deref())?;
        let refresh = match &config.project.refresh {
            Some(command) => command.clone(),
            None => options
                .invoked_as
                .clone()
                .unwrap_or_else(|| "codegen".to_owned()),
        };
        templates.add_global("refresh", refresh.clone());
        Ok(Context {
            root,
            config,
            model,
            templates,
            types: options.registry.types,
            refresh,
            json_schemas: Memo::default(),
            validators: Memo::default(),
            command_line: options.command_line.clone(),
        })
    }

    /// An error about `value`, a setting of the table `header` of codegen.toml (`[python]`,
    /// `[[schemas]]`), at its line and column there.
    pub fn setting_error(&self, header: &str, value: &str, message: String) -> Diagnostic {
        // Read again: settings errors are rare, and the parsed settings keep no positions.
        let text = std::fs::read_to_string(self.root.join(config::FILE_NAME)).unwrap_or_default();
        let (line, column) = config::locate_value(&text, header, value);
        Diagnostic::error(Path::new(config::FILE_NAME), line, column, message)
    }

    /// An error for each of `roots`, settings of the table `header`, that is not a model type.
    pub fn unknown_roots(&self, header: &str, roots: &[String]) -> Vec<Diagnostic> {
        let table = header.trim_matches(['[', ']']);
        roots
            .iter()
            .filter(|root| self.model.get(root).is_none())
            .map(|root| {
                self.setting_error(
                    header,
                    root,
                    format!("[{table}] root `{root}` is not a model type"),
                )
                .with_hint(self.registration_hint())
            })
            .collect()
    }

    /// How types get registered, for errors about a name that is not a model type.
    pub fn registration_hint(&self) -> String {
        format!(
            "model types are the public, non-generic structs and enums that derive `JsonSchema` \
             in the sources the binary's build.rs scans (`confspec_build::scan`), found \
             when the binary is built; this binary has {} (rebuild it after adding one)",
            self.types.len()
        )
    }

    /// An unknown type name, with the closest known names.
    pub fn unknown_type(&self, name: &str) -> Failure {
        let mut names: Vec<(f64, &str)> = self
            .model
            .names()
            .map(|n| {
                (
                    strsim::jaro_winkler(&n.to_lowercase(), &name.to_lowercase()),
                    n,
                )
            })
            .collect();
        names.sort_by(|a, b| b.0.total_cmp(&a.0));
        let close: Vec<String> = names
            .iter()
            .take(3)
            .map(|(_, n)| format!("`{n}`"))
            .collect();
        Failure::Usage(format!(
            "unknown type `{name}`; closest known: {}\n  hint: {}",
            close.join(", "),
            self.registration_hint()
        ))
    }

    /// The registered type whose schema name is `name`.
    pub fn registered(&self, name: &str) -> Option<&'static RegisteredType> {
        self.types.iter().find(|t| (t.schema_name)() == name)
    }
}

/// Builds the IR of every registered type (and every type they use) from schemars' draft-07
/// definitions, in registration order.
///
/// Fails when two registered Rust types share one schema name (naming both, at their source
/// lines); names schemars made unique with a number are kept in [`Model::suffixed`], for
/// [`name_warnings`].
pub fn build_model(registry: &Registry) -> Result<Model, Failure> {
    let types = registry.types;
    let mut generator = SchemaSettings::draft07().into_generator();
    let mut sources = HashMap::new();
    let mut order = Vec::new();
    let mut named = Vec::new();
    for ty in types {
        let schema = (ty.add_to)(&mut generator);
        let name = (ty.schema_name)().into_owned();
        let source = Source {
            rust_path: ty.rust_path.to_owned(),
            file: ty.file.to_owned(),
            line: ty.line,
        };
        named.push(NamedRustType {
            schema_name: name.clone(),
            assigned: schema
                .get("$ref")
                .and_then(serde_json::Value::as_str)
                .and_then(ir::definition_name),
            source: source.clone(),
        });
        sources.entry(name.clone()).or_insert(source);
        order.push(name);
    }
    let definitions = generator.take_definitions(true);
    let names: Vec<&str> = definitions.keys().map(String::as_str).collect();
    let shared: Vec<Diagnostic> = ir::check_names(&named, &names, None)
        .iter()
        .filter(|p| matches!(p, NameProblem::Shared { .. }))
        .flat_map(shared_name_errors)
        .collect();
    if !shared.is_empty() {
        return Err(Failure::Content(shared));
    }
    let mut defs: Vec<(String, serde_json::Value)> = Vec::with_capacity(definitions.len());
    for name in &order {
        if let Some(schema) = definitions.get(name) {
            defs.push((name.clone(), schema.clone()));
        }
    }
    for (name, schema) in &definitions {
        if !order.contains(name) {
            defs.push((name.clone(), schema.clone()));
        }
    }
    let mut model = Model::from_definitions(&defs, &sources).map_err(|err| {
        let file = err
            .type_name
            .as_str()
            .pipe(|n| sources.get(n).map(|s| (s.file.clone(), s.line)));
        match file {
            Some((file, line)) => Failure::content(Path::new(&file), line, 0, err.to_string()),
            None => Failure::content(Path::new("schema"), 0, 0, err.to_string()),
        }
    })?;
    model.add_deprecation_notes(registry.deprecations);
    model.add_doc_comments(registry.docs);
    let names: Vec<&str> = defs.iter().map(|(n, _)| n.as_str()).collect();
    model.suffixed = ir::check_names(&named, &names, Some(&model))
        .into_iter()
        .filter(|p| matches!(p, NameProblem::Suffixed { .. }))
        .collect();
    Ok(model)
}

/// One error per type of a shared schema name, each at the type's declaration.
pub fn shared_name_errors(problem: &NameProblem) -> Vec<Diagnostic> {
    let NameProblem::Shared { types, .. } = problem else {
        return Vec::new();
    };
    types
        .iter()
        .map(|(source, _)| {
            Diagnostic::error(Path::new(&source.file), source.line, 0, problem.to_string())
                .with_hint(problem.hint())
        })
        .collect()
}

/// The warnings about names schemars suffixed: at a type that uses the name when its source is
/// known, else at the schema.
pub fn name_warnings(model: &Model) -> Vec<Diagnostic> {
    model
        .suffixed
        .iter()
        .map(|problem| {
            let at = match problem {
                NameProblem::Suffixed {
                    used_by: Some((_, source)),
                    ..
                } => Diagnostic::warning(
                    Path::new(&source.file),
                    source.line,
                    0,
                    problem.to_string(),
                ),
                _ => Diagnostic::warning(Path::new("schema"), 0, 0, problem.to_string()),
            };
            at.with_hint(problem.hint())
        })
        .collect()
}

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}

impl<T> Pipe for T {}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::Memo;

    #[test]
    fn a_memo_makes_each_value_once_for_threads_side_by_side() {
        let memo: Memo<usize> = Memo::default();
        let made = AtomicUsize::new(0);
        let values: Vec<usize> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        memo.get_or_init("a", || {
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            made.fetch_add(1, Ordering::SeqCst) + 10
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(values, [10, 10, 10, 10]);
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert_eq!(memo.get_or_init("b", || 7), 7);
        memo.clear();
        assert_eq!(memo.get_or_init("a", || 3), 3);
    }
}
