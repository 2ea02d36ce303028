//! Everything a run needs, loaded once: the project root, its settings, the model's IR and the
//! template environment.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;

use crate::config::{self, Config};
use crate::diagnostics::Failure;
use crate::ir::{Model, Source};
use crate::registry::{self, RegisteredType};

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
}

/// Where the project comes from.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The directory to search for `codegen.toml` from (the working directory by default).
    pub start: Option<PathBuf>,
    /// Templates overriding the embedded ones.
    pub templates: Option<PathBuf>,
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
                // The workspace this binary was built from: `cargo run -p codegen` from anywhere
                // in it, or the built binary run elsewhere, still finds its own project.
                let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
                built.join(config::FILE_NAME).is_file().then_some(built)
            })
            .ok_or_else(|| {
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
        let model = build_model()?;
        let templates = crate::templates::environment(options.templates.as_deref())?;
        Ok(Context {
            root,
            config,
            model,
            templates,
        })
    }

    /// The registered type whose schema name is `name`.
    pub fn registered(&self, name: &str) -> Option<&'static RegisteredType> {
        registry::types().iter().find(|t| (t.schema_name)() == name)
    }
}

/// Builds the IR of every registered type (and every type they use) from schemars' draft-07
/// definitions, in registration order.
pub fn build_model() -> Result<Model, Failure> {
    let mut generator = SchemaSettings::draft07().into_generator();
    let mut sources = HashMap::new();
    let mut order = Vec::new();
    for ty in registry::types() {
        (ty.add_to)(&mut generator);
        let name = (ty.schema_name)().into_owned();
        sources.insert(
            name.clone(),
            Source {
                rust_path: ty.rust_path.to_owned(),
                file: ty.file.to_owned(),
                line: ty.line,
            },
        );
        order.push(name);
    }
    let definitions = generator.take_definitions(true);
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
    Model::from_definitions(&defs, &sources).map_err(|err| {
        let file = err
            .type_name
            .as_str()
            .pipe(|n| sources.get(n).map(|s| (s.file.clone(), s.line)));
        match file {
            Some((file, line)) => Failure::content(Path::new(&file), line, 0, err.to_string()),
            None => Failure::content(Path::new("schema"), 0, 0, err.to_string()),
        }
    })
}

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}

impl<T> Pipe for T {}
