//! A synthetic model and its docs, of any size, for the scaling benchmarks
//! (`benches/stages.rs`), the memory measurement (`examples/scale.rs`) and their smoke test
//! (`tests/synthetic.rs`). Each includes this file with `#[path]`.
//!
//! The model is built at the schema level: hand-written draft-07 definitions, as schemars
//! writes them for serde types, read by [`confspec::ir::Model::from_definitions`]. No Rust type
//! exists for it, so the registry (and the examples check, which loads YAML through the Rust
//! types) is not involved; every stage after the registry is.
//!
//! Types come in groups of ten, a realistic mix:
//! - `G{g}Config`: a struct with required and optional fields, a default, a list of structs, a
//!   map, an optional enum, a tagged union, a nested struct, and an optional field for each of up
//!   to ten child groups (`G{10g+1}Config` ... `G{10g+10}Config`): the groups form a tree of
//!   depth log10(groups) under the root `G0Config`;
//! - `G{g}Kind`: a union tagged by `type`, of `G{g}KindHttp`, `G{g}KindGrpc`, `G{g}KindQueue`;
//! - `G{g}Settings` with a nested `G{g}Limits`;
//! - `G{g}Mode`: an enumeration; `G{g}Port`: an alias of a bounded integer;
//! - `G{g}Item`: a struct that refers to itself (a list of children).
//!
//! There is one page per group, with eight `#SCHEMA#` directives (inside tabs, under headings
//! with explicit ids, linking to each other) and a YAML example.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use confspec::config::{Config, DocsConfig, PackageOutput, SchemaOutput};
use confspec::context::Context;
use confspec::diagnostics::{Diagnostic, Failure, Severity};
use confspec::emit::json_schema::{self, SchemaMeta};
use confspec::ir::Model;
use confspec::output::Outputs;
use serde_json::{Map, Value, json};

/// Types per group (and per page).
pub const GROUP: usize = 10;

/// Directives per page.
pub const DIRECTIVES_PER_PAGE: usize = 7;

/// A synthetic model: its definitions and its pages.
pub struct Synthetic {
    /// Named draft-07 definitions, root first.
    pub definitions: Vec<(String, Value)>,
    /// The root type.
    pub root: String,
    /// Pages, relative to the pages directory, with their text.
    pub pages: Vec<(PathBuf, String)>,
}

impl Synthetic {
    /// A model of `types` types (rounded up to a multiple of ten) and one page per ten types.
    pub fn new(types: usize) -> Synthetic {
        let groups = types.div_ceil(GROUP).max(1);
        let mut definitions = Vec::with_capacity(groups * GROUP);
        let mut pages = Vec::with_capacity(groups);
        for g in 0..groups {
            group_definitions(g, groups, &mut definitions);
            pages.push((PathBuf::from(format!("g{g}.md")), page(g)));
        }
        Synthetic {
            definitions,
            root: "G0Config".to_owned(),
            pages,
        }
    }

    /// The IR of the definitions.
    pub fn model(&self) -> Model {
        Model::from_definitions(&self.definitions, &HashMap::new())
            .expect("the synthetic model reads")
    }

    /// A project around the model: its pages written under `dir/pages`, expanded into
    /// `dir/docs` (default style); TypeScript and Python packages of the root's closure.
    pub fn context(&self, dir: &Path) -> Context {
        self.context_with(dir, None)
    }

    /// [`Synthetic::context`] with templates overriding the embedded ones (`--templates DIR`).
    pub fn context_with(&self, dir: &Path, templates: Option<&Path>) -> Context {
        let pages = dir.join("pages");
        for (rel, text) in &self.pages {
            let path = pages.join(rel);
            std::fs::create_dir_all(path.parent().expect("pages have a directory")).expect("mkdir");
            std::fs::write(&path, text).expect("write a synthetic page");
        }
        let package = |output: &str| PackageOutput {
            output: PathBuf::from(output),
            name: "synthetic-config".to_owned(),
            version: "0.1.0".to_owned(),
            roots: vec![self.root.clone()],
        };
        let config = Config {
            schemas: vec![SchemaOutput {
                root: self.root.clone(),
                output: PathBuf::from("schemas/synthetic.json"),
                url: "https://example.org/schemas/synthetic.json".to_owned(),
                title: None,
            }],
            docs: Some(DocsConfig {
                pages: PathBuf::from("pages"),
                output: PathBuf::from("docs"),
                style: "default".to_owned(),
                compat_unlinked: Vec::new(),
                cli_page: None,
            }),
            typescript: Some(package("bindings/typescript")),
            python: Some(package("bindings/python")),
            ..Config::default()
        };
        Context {
            root: dir.to_path_buf(),
            config,
            model: self.model(),
            templates: confspec::templates::environment(templates).expect("the templates load"),
            types: &[],
            refresh: "codegen".to_owned(),
            json_schemas: Default::default(),
            validators: Default::default(),
            command_line: None,
        }
    }
}

/// The root schema as schemars writes it (the root's own schema, every other type under
/// `definitions`), which the JSON Schema emitter starts from; rebuilt from the schemas the IR
/// keeps, as the job asks schemars for it anew (the definitions may be gone by then).
pub fn raw_root_schema(model: &Model, root: &str) -> Value {
    let mut document = Map::new();
    document.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    document.insert("title".into(), json!(root));
    let mut definitions = Map::with_capacity(model.types.len());
    for ty in &model.types {
        if ty.name == root {
            if let Value::Object(map) = &ty.schema {
                document.extend(map.clone());
            }
        } else {
            definitions.insert(ty.name.clone(), ty.schema.clone());
        }
    }
    document.insert("definitions".into(), Value::Object(definitions));
    Value::Object(document)
}

/// The JSON Schema stage on a synthetic model: the emitted document's text.
pub fn json_schema_text(ctx: &Context) -> String {
    let schema = &ctx.config.schemas[0];
    json_schema::render(
        &ctx.model,
        &schema.root,
        raw_root_schema(&ctx.model, &schema.root),
        &SchemaMeta {
            id: Some(&schema.url),
            title: schema.title.as_deref(),
        },
    )
}

/// The JSON Schema stage on a synthetic project (the job's needs the registry's schemars
/// schema of the root; this one starts from the IR's).
fn json_schema_stage(
    ctx: &Context,
    outputs: &mut Outputs,
    _: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    let schema = &ctx.config.schemas[0];
    outputs.add(&schema.output, json_schema_text(ctx));
    Ok(())
}

/// A stage adds files to the outputs and diagnostics to the list (as the job's stages do).
pub type Stage = confspec::job::Stage;

/// The stages after the registry, in the job's order (the examples check needs Rust types and
/// is not among them).
pub const STAGES: &[(&str, Stage)] = &[
    ("json-schema", json_schema_stage),
    ("pages", confspec::docs::pages::stage),
    ("typescript", |ctx, out, d| {
        confspec::emit::package::stage(&confspec::emit::typescript::TypeScript, ctx, out, d)
    }),
    ("python", |ctx, out, d| {
        confspec::emit::package::stage(&confspec::emit::python::Python, ctx, out, d)
    }),
];

/// Runs one stage; panics on a failure or an error diagnostic (the synthetic project is valid).
pub fn run_stage(ctx: &Context, stage: Stage) -> Outputs {
    // Each run makes the JSON Schema documents anew, as a process does.
    ctx.json_schemas.clear();
    ctx.validators.clear();
    let mut outputs = Outputs::default();
    let mut diagnostics = Vec::new();
    if let Err(failure) = stage(ctx, &mut outputs, &mut diagnostics) {
        panic!("a synthetic stage failed: {failure:?}");
    }
    assert_no_errors(&diagnostics);
    outputs
}

/// Every stage after the registry (side by side, as `confspec::job::produce` runs them), into one
/// set of outputs.
pub fn run_job(ctx: &Context) -> Outputs {
    ctx.json_schemas.clear();
    ctx.validators.clear();
    let (outputs, diagnostics) = confspec::job::run_stages(ctx, STAGES, &mut Vec::new())
        .unwrap_or_else(|failure| panic!("a synthetic stage failed: {failure:?}"));
    assert_no_errors(&diagnostics);
    outputs
}

fn assert_no_errors(diagnostics: &[Diagnostic]) {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "synthetic stage errors: {errors:#?}");
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/definitions/{name}") })
}

/// A field whose type is a named type, with its description (schemars' draft-07 form).
fn described_ref(name: &str, description: &str) -> Value {
    json!({ "description": description, "allOf": [reference(name)] })
}

/// An optional named type, defaulting to null.
fn optional_ref(name: &str, description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [reference(name), { "type": "null" }],
        "default": null,
    })
}

fn tag_field(value: &str, description: &str) -> Value {
    json!({ "type": "string", "enum": [value], "default": value, "description": description })
}

/// Appends the ten definitions of group `g` (of `groups`).
fn group_definitions(g: usize, groups: usize, out: &mut Vec<(String, Value)>) {
    let name = |suffix: &str| format!("G{g}{suffix}");
    let mut config = Map::new();
    config.insert(
        "name".into(),
        json!({ "type": "string", "minLength": 1, "description": format!("The name of this group-{g} service. Must be unique within the project; it is shown in logs and in the `status` output.") }),
    );
    config.insert(
        "enabled".into(),
        json!({ "type": "boolean", "default": true, "description": "Whether the service is started.\n\nA disabled service keeps its settings." }),
    );
    config.insert(
        "port".into(),
        described_ref(&name("Port"), "The port the service listens on"),
    );
    config.insert(
        "mode".into(),
        optional_ref(
            &name("Mode"),
            "How the service trades safety for speed. Defaults to the project's mode",
        ),
    );
    config.insert(
        "kind".into(),
        described_ref(
            &name("Kind"),
            "The kind of endpoint, selected by its `type`",
        ),
    );
    config.insert(
        "settings".into(),
        optional_ref(&name("Settings"), "Tuning. Omit it to use the defaults"),
    );
    config.insert(
        "items".into(),
        json!({ "type": "array", "items": reference(&name("Item")), "default": [], "description": "The items this service serves, in priority order" }),
    );
    config.insert(
        "labels".into(),
        json!({ "type": "object", "additionalProperties": { "type": "string" }, "default": {}, "description": "Labels attached to every resource the service creates" }),
    );
    config.insert(
        "tags".into(),
        json!({ "type": ["array", "null"], "items": { "type": "string" }, "description": "Free-form tags. `null` means none" }),
    );
    for child in (g * GROUP + 1)..=(g * GROUP + GROUP) {
        if child < groups {
            config.insert(
                format!("sub{child}"),
                optional_ref(
                    &format!("G{child}Config"),
                    &format!("The nested group-{child} service, when there is one"),
                ),
            );
        }
    }
    out.push((
        name("Config"),
        json!({
            "description": format!("A group-{g} service.\n\nEach service has a `kind` and optional `settings`;\nsee the sections below."),
            "type": "object",
            "properties": config,
            "required": ["name", "port", "kind"],
            "additionalProperties": false,
        }),
    ));
    out.push((
        name("Kind"),
        json!({
            "description": "The kind of endpoint, selected by its `type`.",
            "anyOf": [
                { "description": "An HTTP endpoint.", "$ref": format!("#/definitions/{}", name("KindHttp")) },
                { "description": "A gRPC service.", "$ref": format!("#/definitions/{}", name("KindGrpc")) },
                { "description": "A queue consumer.", "$ref": format!("#/definitions/{}", name("KindQueue")) },
            ],
        }),
    ));
    out.push((
        name("KindHttp"),
        json!({
            "description": "An HTTP endpoint.",
            "type": "object",
            "properties": {
                "type": tag_field("http", "The type of the endpoint"),
                "url": { "type": "string", "format": "uri", "description": "The URL to call, with its scheme (`https://...`)" },
                "method": { "type": "string", "enum": ["GET", "POST", "PUT"], "default": "GET", "description": "The HTTP method" },
                "headers": { "type": "object", "additionalProperties": { "type": "string" }, "default": {}, "description": "Extra request headers" },
            },
            "required": ["url"],
            "additionalProperties": false,
        }),
    ));
    out.push((
        name("KindGrpc"),
        json!({
            "description": "A gRPC service.",
            "type": "object",
            "properties": {
                "type": tag_field("grpc", "The type of the endpoint"),
                "service": { "type": "string", "description": "The fully qualified service name" },
                "port": described_ref(&name("Port"), "The port of the service"),
            },
            "required": ["service", "port"],
            "additionalProperties": false,
        }),
    ));
    out.push((
        name("KindQueue"),
        json!({
            "description": "A queue consumer.",
            "type": "object",
            "properties": {
                "type": tag_field("queue", "The type of the endpoint"),
                "queue": { "type": "string", "description": "The queue to consume" },
                "batch": { "type": "integer", "format": "uint16", "minimum": 1, "default": 10, "description": "Messages fetched at once" },
                "dead_letter": { "type": ["string", "null"], "description": "Where failed messages go. Dropped when `null`" },
            },
            "required": ["queue"],
            "additionalProperties": false,
        }),
    ));
    out.push((
        name("Settings"),
        json!({
            "description": "Tuning of a service.",
            "type": "object",
            "properties": {
                "timeout": { "type": "integer", "format": "uint32", "minimum": 0, "default": 30, "description": "Seconds before a request fails" },
                "retries": { "type": "integer", "format": "uint8", "minimum": 0, "maximum": 255, "default": 3, "description": "How many times a failed request is retried" },
                "limits": optional_ref(&name("Limits"), "Resource limits. Unlimited when omitted"),
                "region": { "type": ["string", "null"], "description": "The region to run in. The project's default region when `null`" },
                "endpoints": { "type": "array", "items": { "type": "string" }, "default": [], "description": "Extra endpoints to register" },
            },
            "additionalProperties": false,
        }),
    ));
    out.push((
        name("Limits"),
        json!({
            "description": "Resource limits.",
            "type": "object",
            "properties": {
                "cpu": { "type": "number", "format": "double", "exclusiveMinimum": 0.0, "description": "CPU cores, fractions allowed" },
                "memory": { "type": "string", "pattern": "^[0-9]+(Mi|Gi)$", "description": "Memory, such as `512Mi` or `4Gi`" },
                "gpu": { "type": ["integer", "null"], "format": "uint8", "minimum": 0, "description": "GPUs. None when `null`" },
            },
            "required": ["cpu", "memory"],
            "additionalProperties": false,
        }),
    ));
    out.push((
        name("Mode"),
        json!({
            "description": "How a service trades safety for speed.",
            "type": "string",
            "enum": ["fast", "safe", "off"],
        }),
    ));
    out.push((
        name("Port"),
        json!({
            "description": "A TCP port.",
            "type": "integer",
            "format": "uint16",
            "minimum": 1,
            "maximum": 65535,
        }),
    ));
    out.push((
        name("Item"),
        json!({
            "description": "An item served, possibly with children.",
            "type": "object",
            "properties": {
                "name": { "type": "string", "minLength": 1, "description": "The item's name" },
                "weight": { "type": ["number", "null"], "format": "double", "description": "Relative weight. Equal weights when `null`" },
                "mode": optional_ref(&name("Mode"), "The item's own mode"),
                "children": { "type": "array", "items": reference(&name("Item")), "default": [], "description": "Items nested under this one" },
            },
            "required": ["name"],
            "additionalProperties": false,
        }),
    ));
}

/// The page of group `g`: prose, a YAML example and eight directives.
fn page(g: usize) -> String {
    let mut page = format!(
        "---\ntitle: Group {g}\n---\n\n# Group {g}\n\nThe `G{g}Config` section configures one service of group {g}.\n\
         Every field is documented below; the [kinds](#g{g}-kind) are selected by `type`.\n\n\
         <div editor-title=\"group{g}.yml\">\n\n```yaml\nname: group-{g}\nport: 8080\nkind:\n  type: http\n  url: https://example.org/{g}\n```\n\n</div>\n\n\
         ## `g{g}` {{ #g{g} }}\n\n\
         #SCHEMA# G{g}Config\n    overrides:\n        show_root_heading: false\n        item_id_prefix: g{g}-\n\n\
         ## `g{g}.kind` {{ #g{g}-kind data-toc-label=\"kind\" }}\n\n"
    );
    for (title, variant, tag) in [
        ("HTTP", "KindHttp", "http"),
        ("gRPC", "KindGrpc", "grpc"),
        ("Queue", "KindQueue", "queue"),
    ] {
        page.push_str(&format!(
            "=== \"{title}\"\n    #SCHEMA# G{g}{variant}\n        overrides:\n            show_root_heading: false\n            type:\n                required: true\n            item_id_prefix: g{g}-{tag}-\n\n"
        ));
    }
    page.push_str(&format!(
        "## `g{g}.settings` {{ #g{g}-settings }}\n\n\
         #SCHEMA# G{g}Settings\n    overrides:\n        show_root_heading: false\n        item_id_prefix: g{g}-settings-\n\n\
         ### `g{g}.settings.limits` {{ #g{g}-limits }}\n\n\
         #SCHEMA# G{g}Limits\n    overrides:\n        show_root_heading: false\n        item_id_prefix: g{g}-limits-\n\n\
         ## `g{g}.items[n]` {{ #g{g}-items }}\n\n\
         !!! info \"Nesting\"\n    Items nest: each has `children` of the same type.\n\n\
         #SCHEMA# G{g}Item\n    overrides:\n        show_root_heading: false\n        item_id_prefix: g{g}-item-\n\n\
         ## Modes {{ #g{g}-modes }}\n\n\
         #SCHEMA# G{g}Mode\n"
    ));
    page
}
