//! Every serde shape, proven across all four outputs, on the catalogue of `tests/shapes`
//! (`shapes::Catalogue` and every type it uses).
//!
//! Differential, value by value:
//! - **valid values**: for each shape, 32 values generated from the Rust type (proptest
//!   strategies below, fixed seed) and serialised with serde. Each must round-trip through serde,
//!   validate against the JSON Schema the emitter writes for that type (the `jsonschema` crate
//!   and ajv), validate in the pydantic package and dump back to the same JSON, and type-check as
//!   a TypeScript constant of the declared type.
//! - **invalid documents**: hand-written, each rejected by serde (checked). The JSON Schema
//!   (both validators) and pydantic must reject it too; TypeScript must reject it where its types
//!   can say why (`// @ts-expect-error`), and where they cannot, the case says so and the test
//!   proves that TypeScript accepts it (the closest sound type, as the declarations' comments say).
//! - **documented differences**, each with its reason, and each must still differ, so that the
//!   README's list ("Supported serde shapes") stays true: invalid documents some outputs accept
//!   ([`Lenient`]: a whole float is an integer to JSON Schema, schemars' key pattern of integer
//!   maps, an adjacently tagged unit variant's content), and documents serde accepts that every
//!   output rejects by design ([`stricter`]: rules only the schema carries, `serde(alias)` keys,
//!   forms serde reads but never writes).
//!
//! Also: an error naming the type and the shape for what no output can express.
//!
//! The pydantic round-trip is `dump_python(mode="json", by_alias=True, exclude_unset=True)` for
//! every shape: the input is what serde wrote, so "unset" is exactly what serde skipped
//! (`skip_serializing_if`). `exclude_none` would drop the `null` serde writes for a plain
//! `Option`, and `exclude_defaults` the defaults serde always writes.
//!
//! Tools are batched: one ajv process, one Python process and one `tsc` run for all values. They
//! come from `CODEGEN_NODE_MODULES` (else `tests/js/node_modules`) and `CODEGEN_PYTHON` (else
//! `.venv/bin/python`); a missing tool fails under `CI`, and is reported as skipped otherwise.
//!
//! Also: snapshots of the four outputs for the catalogue, and the detection of schema names
//! that collide (two Rust types, one name) or that schemars suffixed (`Item2`).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::process::Command;

use confspec::config::{Config, PackageOutput};
use confspec::context::{self, Context};
use confspec::docs::pages;
use confspec::emit::json_schema::{self, SchemaMeta};
use confspec::emit::{python, typescript};
use confspec::ir::{self, Model, NamedRustType, Source};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use shapes::*;

// --- The model and its four outputs --------------------------------------------------------------

mod common;
use common::workspace;

fn templates() -> minijinja::Environment<'static> {
    confspec::templates::environment(None).expect("the built-in templates load")
}

/// The JSON Schema the emitter writes for the catalogue type `T`, as a root.
fn schema_of<T: JsonSchema>(model: &Model) -> String {
    let raw = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    json_schema::render(
        model,
        &T::schema_name(),
        raw,
        &SchemaMeta {
            id: None,
            title: None,
        },
    )
}

fn package_settings() -> PackageOutput {
    PackageOutput {
        output: PathBuf::from("shapes"),
        name: "shapes-catalogue".into(),
        version: "0.0.0".into(),
        roots: vec!["Catalogue".into()],
    }
}

fn typescript_files(model: &Model) -> Vec<typescript::PackageFile> {
    typescript::render_package(model, &package_settings(), &templates())
        .unwrap_or_else(|err| panic!("the TypeScript package renders: {err}"))
}

fn python_files(model: &Model) -> Vec<(PathBuf, String)> {
    python::package(model, &package_settings(), &templates())
        .unwrap_or_else(|err| panic!("the Python package renders: {err}"))
        .into_iter()
        .map(|file| (file.path, file.text))
        .collect()
}

/// A project whose model is the catalogue (no codegen.toml of its own: the settings are empty).
fn catalogue_context(model: Model) -> Context {
    Context {
        root: workspace(),
        config: Config::parse("", Path::new("codegen.toml")).expect("empty settings parse"),
        model,
        templates: templates(),
        types: &[],
        refresh: "codegen".to_owned(),
        json_schemas: Default::default(),
        validators: Default::default(),
        command_line: None,
    }
}

/// A reference page with one directive per catalogue type, in the catalogue's order.
fn reference_page(model: &Model) -> String {
    let mut page = String::from("# The shapes catalogue\n\nOne directive per type.\n");
    for ty in &model.types {
        page.push_str(&format!("\n#SCHEMA# {}\n", ty.name));
    }
    page
}

fn expanded_reference(model: Model) -> pages::Expanded {
    let page = reference_page(&model);
    let ctx = catalogue_context(model);
    pages::expand_text(&ctx, Path::new("shapes.md"), &page, Some("default"))
        .expect("the default style exists")
}

#[test]
fn json_schema_snapshot() {
    insta::assert_snapshot!(
        "shapes_json_schema",
        schema_of::<Catalogue>(&common::catalogue_model())
    );
}

#[test]
fn typescript_snapshot() {
    let files = typescript_files(&common::catalogue_model());
    let declarations = files
        .iter()
        .find(|f| f.path == Path::new(typescript::DECLARATIONS))
        .expect("the declarations");
    insta::assert_snapshot!("shapes_typescript", declarations.text);
}

#[test]
fn python_snapshot() {
    let files = python_files(&common::catalogue_model());
    let (_, models) = files
        .iter()
        .find(|(path, _)| path.ends_with("models.py"))
        .expect("models.py");
    insta::assert_snapshot!("shapes_python", models);
}

#[test]
fn reference_snapshot() {
    let expanded = expanded_reference(common::catalogue_model());
    let shown: Vec<String> = expanded
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        shown.is_empty(),
        "the reference page has diagnostics:\n{}",
        shown.join("\n")
    );
    insta::assert_snapshot!("shapes_reference", expanded.text);
}

// --- Values: proptest strategies for every catalogue type -------------------------------------

/// Values generated per shape.
const CASES: usize = 32;

/// Short keys: never `__proto__` (which a JavaScript object literal reads as its prototype), never
/// a key a struct declares beside a flattened map.
fn key() -> impl Strategy<Value = String> {
    "k[a-z]{0,4}"
}

/// Strings: mostly readable, sometimes any printable Unicode (the outputs must escape it).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-z ]{0,8}", 1 => "\\PC{0,6}"]
}

/// A finite `f64`: serde_json writes NaN and the infinities as `null`, which is another value.
fn finite64() -> impl Strategy<Value = f64> {
    use proptest::num::f64 as f;
    prop_oneof![
        3 => -1.0e6..1.0e6f64,
        1 => f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO,
    ]
}

/// A finite `f32`.
fn finite32() -> impl Strategy<Value = f32> {
    use proptest::num::f32 as f;
    prop_oneof![
        3 => -1.0e6..1.0e6f32,
        1 => f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO,
    ]
}

/// Any JSON value, nested up to three levels.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite64().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn color() -> impl Strategy<Value = Color> {
    prop::sample::select(vec![Color::SkyBlue, Color::GrassGreen, Color::None])
}

fn external() -> impl Strategy<Value = External> {
    prop_oneof![
        Just(External::Empty),
        finite64().prop_map(External::Radius),
        (any::<i32>(), any::<i32>()).prop_map(|(x, y)| External::Point(x, y)),
        finite64().prop_map(|radius| External::Circle { radius }),
    ]
}

fn internal() -> impl Strategy<Value = Internal> {
    prop_oneof![
        any::<u32>().prop_map(|side| Internal::Square { side }),
        text().prop_map(|name| Internal::Named(Named { name })),
        Just(Internal::Nothing),
    ]
}

fn adjacent() -> impl Strategy<Value = Adjacent> {
    prop_oneof![
        text().prop_map(Adjacent::Text),
        any::<i64>().prop_map(Adjacent::Number),
        Just(Adjacent::Nothing),
        (any::<i32>(), any::<i32>()).prop_map(|(first, second)| Adjacent::Pair { first, second }),
    ]
}

fn untagged() -> impl Strategy<Value = Untagged> {
    prop_oneof![
        any::<bool>().prop_map(Untagged::Flag),
        any::<u32>().prop_map(Untagged::Count),
        finite64().prop_map(Untagged::Ratio),
        prop::collection::vec(text(), 0..3).prop_map(Untagged::Words),
        (any::<i32>(), any::<i32>()).prop_map(|(left, right)| Untagged::Pair { left, right }),
    ]
}

fn user_id() -> impl Strategy<Value = UserId> {
    any::<u64>().prop_map(UserId)
}

fn rgb() -> impl Strategy<Value = Rgb> {
    any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Rgb(r, g, b))
}

fn optionality() -> impl Strategy<Value = Optionality> {
    use prop::option::of;
    (
        of(text()),
        of(text()),
        of(any::<i32>()),
        of(any::<bool>()),
        of(text()),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(
            |(plain, defaulted, skipped, nullable, skipped_only, retries, verbose)| Optionality {
                plain,
                defaulted,
                skipped,
                nullable,
                skipped_only,
                retries,
                verbose,
            },
        )
}

fn level() -> impl Strategy<Value = Level> {
    prop::sample::select(vec![Level::Low, Level::High])
}

fn collections() -> impl Strategy<Value = Collections> {
    use prop::collection::{btree_map, hash_map, vec};
    (
        vec(text(), 0..4),
        hash_map(key(), any::<i32>(), 0..3),
        btree_map(key(), any::<bool>(), 0..3),
        btree_map(color(), any::<u16>(), 0..3),
        vec(vec(finite64(), 0..3), 0..3),
        hash_map(level(), any::<u8>(), 0..2),
        btree_map(any::<u32>(), text(), 0..3),
    )
        .prop_map(
            |(list, hash, ordered, by_color, matrix, by_level, by_id)| Collections {
                list,
                hash,
                ordered,
                by_color,
                matrix,
                by_level,
                by_id,
            },
        )
}

fn meta() -> impl Strategy<Value = Meta> {
    (text(), prop::option::of(any::<i32>())).prop_map(|(author, year)| Meta { author, year })
}

fn flattened() -> impl Strategy<Value = Flattened> {
    (text(), meta()).prop_map(|(id, meta)| Flattened { id, meta })
}

fn strict_flattened() -> impl Strategy<Value = StrictFlattened> {
    (text(), meta()).prop_map(|(id, meta)| StrictFlattened { id, meta })
}

fn flattened_map() -> impl Strategy<Value = FlattenedMap> {
    (
        text(),
        prop::collection::btree_map(key(), any::<i64>(), 0..3),
    )
        .prop_map(|(name, counts)| FlattenedMap { name, counts })
}

fn renamed() -> impl Strategy<Value = Renamed> {
    (
        text(),
        text(),
        prop::option::of(text()),
        prop::option::of(any::<u8>()),
    )
        .prop_map(|(first_name, kind, class_name, dash)| Renamed {
            first_name,
            kind,
            class_name,
            dash,
        })
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = any::<i32>().prop_map(|value| Tree {
        value,
        children: Vec::new(),
        next: None,
    });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            any::<i32>(),
            prop::collection::vec(inner.clone(), 0..3),
            prop::option::of(inner.prop_map(Box::new)),
        )
            .prop_map(|(value, children, next)| Tree {
                value,
                children,
                next,
            })
    })
}

fn page<T: Debug>(items: impl Strategy<Value = T>) -> impl Strategy<Value = Page<T>> {
    (prop::collection::vec(items, 0..3), any::<u64>())
        .prop_map(|(items, total)| Page { items, total })
}

fn numbers() -> impl Strategy<Value = Numbers> {
    (
        (
            any::<i8>(),
            any::<i16>(),
            any::<i32>(),
            any::<i64>(),
            any::<isize>(),
        ),
        (
            any::<u8>(),
            any::<u16>(),
            any::<u32>(),
            any::<u64>(),
            any::<usize>(),
        ),
        (finite32(), finite64(), any::<bool>(), any::<char>()),
    )
        .prop_map(
            |((i8, i16, i32, i64, isize), (u8, u16, u32, u64, usize), (f32, f64, flag, letter))| {
                Numbers {
                    i8,
                    i16,
                    i32,
                    i64,
                    u8,
                    u16,
                    u32,
                    u64,
                    isize,
                    usize,
                    f32,
                    f64,
                    flag,
                    letter,
                }
            },
        )
}

fn free_form() -> impl Strategy<Value = FreeForm> {
    (
        json_value(),
        prop::collection::btree_map(key(), json_value(), 0..3),
    )
        .prop_map(|(anything, extra)| FreeForm { anything, extra })
}

/// Values within the schemars rules (`range`, `length`, `regex`): the model's intent.
fn validated() -> impl Strategy<Value = Validated> {
    (
        0u8..=100,
        "\\PC{1,8}",
        "[a-z][a-z0-9-]{0,8}",
        prop::collection::vec(text(), 1..=3),
        0.0..=1.0f64,
    )
        .prop_map(|(percent, short, slug, tags, ratio)| Validated {
            percent,
            short,
            slug,
            tags,
            ratio,
        })
}

fn documented() -> impl Strategy<Value = Documented> {
    any::<bool>().prop_map(|documented| Documented { documented })
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = any::<i64>().prop_map(Expr::Num);
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::Add(Box::new(a), Box::new(b))),
            prop::collection::vec(inner, 0..3).prop_map(Expr::List),
        ]
    })
}

fn defaults() -> impl Strategy<Value = Defaults> {
    (text(), any::<u32>(), prop::collection::vec(color(), 0..3)).prop_map(
        |(name, count, colors)| Defaults {
            name,
            count,
            colors,
        },
    )
}

#[allow(deprecated)] // builds values of the deprecated fields, as serde does
fn deprecations() -> impl Strategy<Value = Deprecations> {
    (
        prop::option::of(any::<u32>()),
        prop::option::of(any::<bool>()),
        prop::option::of(text()),
    )
        .prop_map(|(max_retries, retry_on_failure, legacy)| Deprecations {
            max_retries,
            retry_on_failure,
            legacy,
        })
}

fn legacy_color() -> impl Strategy<Value = legacy::Color> {
    prop::sample::select(vec![legacy::Color::Red, legacy::Color::Blue])
}

fn catalogue() -> impl Strategy<Value = Catalogue> {
    (
        (
            color(),
            external(),
            internal(),
            adjacent(),
            untagged(),
            user_id(),
            rgb(),
            optionality(),
            collections(),
            flattened(),
            strict_flattened(),
            renamed(),
        ),
        (
            tree(),
            page(text()),
            page(tree()),
            numbers(),
            free_form(),
            validated(),
            documented(),
            flattened_map(),
            expr(),
            Just(Marker),
            defaults(),
            legacy_color(),
        ),
        (deprecations(),),
    )
        .prop_map(|(a, b, c)| Catalogue {
            color: a.0,
            external: a.1,
            internal: a.2,
            adjacent: a.3,
            untagged: a.4,
            user: a.5,
            rgb: a.6,
            optionality: a.7,
            collections: a.8,
            flattened: a.9,
            strict_flattened: a.10,
            renamed: a.11,
            tree: b.0,
            names: b.1,
            forest: b.2,
            numbers: b.3,
            free: b.4,
            validated: b.5,
            documented: b.6,
            flattened_map: b.7,
            expr: b.8,
            marker: b.9,
            defaults: b.10,
            legacy_color: b.11,
            deprecations: c.0,
        })
}

// --- Shapes: values, invalid documents, documented differences ----------------------------------

/// What TypeScript's types say about a document serde rejects.
#[derive(Debug, Clone, Copy)]
enum Ts {
    /// The declarations reject it: written under `// @ts-expect-error`.
    Rejects,
    /// The declarations accept it, for this reason (which their doc comments state): written as
    /// a plain constant, which must compile.
    Accepts(&'static str),
}

const TS_NUMBER: &str =
    "`number` carries no integer-ness, width or range (the doc comment states them)";
const TS_STRING: &str = "`string` carries no length or pattern (the doc comment states them)";
const TS_LIST: &str = "`T[]` carries no item count (the doc comment states it)";
const TS_EXTRA: &str = "an index signature cannot type extra keys apart from the declared ones \
     (the doc comment says so)";

const TS_KEYS: &str =
    "`Record<string, T>` admits any key (the doc comment states the keys' pattern)";

/// Outputs that accept a document serde rejects, and why: a documented limit.
#[derive(Debug, Clone, Copy)]
struct Lenient {
    /// Among `jsonschema`, `ajv`, `pydantic`.
    tools: &'static [&'static str],
    why: &'static str,
}

/// A JSON document serde rejects.
struct Invalid {
    doc: Value,
    ts: Ts,
    /// Which outputs accept it anyway, when some do.
    lenient: Option<Lenient>,
}

fn bad(doc: Value) -> Invalid {
    Invalid {
        doc,
        ts: Ts::Rejects,
        lenient: None,
    }
}

fn bad_untyped(doc: Value, why: &'static str) -> Invalid {
    Invalid {
        ts: Ts::Accepts(why),
        ..bad(doc)
    }
}

/// A whole float where serde wants an integer: JSON Schema cannot tell `1.0` from `1`.
fn whole_float(doc: Value) -> Invalid {
    Invalid {
        lenient: Some(Lenient {
            tools: &["jsonschema", "ajv"],
            why: "JSON Schema's `integer` is any number with a zero fractional part, so `1.0` is \
                  one; serde reads only integer literals as integers",
        }),
        ..bad_untyped(doc, TS_NUMBER)
    }
}

/// A key of a map with integer keys that schemars' key pattern admits and serde does not.
fn integer_key(doc: Value, why: &'static str) -> Invalid {
    Invalid {
        lenient: Some(Lenient {
            tools: &["jsonschema", "ajv", "pydantic"],
            why,
        }),
        ..bad_untyped(doc, TS_KEYS)
    }
}

/// A JSON document serde accepts and every output rejects, by design.
struct Stricter {
    shape: &'static str,
    doc: Value,
    why: &'static str,
    ts: Ts,
}

/// One shape: its type's schema name, emitted schema, serde round-trip, values, invalid documents.
struct ShapeCase {
    name: String,
    schema: String,
    serde: fn(&Value) -> Result<Value, String>,
    values: Vec<Value>,
    invalid: Vec<Invalid>,
}

/// serde's verdict on a document read as text, and what it writes back.
fn round_trip<T: Serialize + DeserializeOwned>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_str(&value.to_string()).map_err(|err| err.to_string())?;
    serde_json::to_value(&typed).map_err(|err| err.to_string())
}

fn shape<T, S>(model: &Model, strategy: S, invalid: Vec<Invalid>) -> ShapeCase
where
    T: JsonSchema + Serialize + DeserializeOwned,
    S: Strategy<Value = T>,
{
    let name = T::schema_name().into_owned();
    // A seed per shape, so that adding a shape changes no other shape's values.
    let mut seed = [0x5au8; 32];
    for (i, byte) in name.bytes().enumerate() {
        seed[i % 32] = seed[i % 32].rotate_left(3) ^ byte;
    }
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let values = (0..CASES)
        .map(|_| {
            let tree = strategy
                .new_tree(&mut runner)
                .unwrap_or_else(|err| panic!("{name}: the strategy fails: {err}"));
            serde_json::to_value(tree.current()).expect("catalogue values serialise")
        })
        .collect();
    ShapeCase {
        schema: schema_of::<T>(model),
        name,
        serde: round_trip::<T>,
        values,
        invalid,
    }
}

/// `base` with the key path `path` set to `value`, or removed when `value` is `None`.
fn edit(base: &Value, path: &[&str], value: Option<Value>) -> Value {
    let mut out = base.clone();
    let (last, parents) = path.split_last().expect("a path");
    let mut target = &mut out;
    for part in parents {
        target = match target {
            Value::Array(items) => &mut items[part.parse::<usize>().expect("an index")],
            other => &mut other[*part],
        };
    }
    let map = target.as_object_mut().expect("an object");
    match value {
        Some(value) => {
            map.insert((*last).to_owned(), value);
        }
        None => {
            map.remove(*last);
        }
    }
    out
}

fn set(base: &Value, path: &[&str], value: Value) -> Value {
    edit(base, path, Some(value))
}

fn unset(base: &Value, path: &[&str]) -> Value {
    edit(base, path, None)
}

/// Every shape of the catalogue, in the catalogue's order.
fn cases(model: &Model) -> Vec<ShapeCase> {
    let optionality_doc = json!({"nullable": null});
    let collections_doc = json!({
        "list": [], "hash": {}, "ordered": {}, "by_color": {}, "matrix": [], "by_level": {},
        "by_id": {}
    });
    let flat = json!({"id": "i", "author": "a"});
    let renamed_doc = json!({"firstName": "a", "type": "t"});
    let tree_doc = json!({"value": 1, "children": []});
    let numbers_doc = json!({
        "i8": 0, "i16": 0, "i32": 0, "i64": 0, "isize": 0, "u8": 0, "u16": 0, "u32": 0, "u64": 0,
        "usize": 0, "f32": 0.5, "f64": 0.5, "flag": true, "letter": "x"
    });
    let free = json!({"anything": null, "extra": {}});
    let validated_doc =
        json!({"percent": 1, "short": "s", "slug": "s", "tags": ["t"], "ratio": 0.5});
    let catalogue_doc = {
        let mut runner = TestRunner::new_with_rng(
            RunnerConfig::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
        );
        serde_json::to_value(
            catalogue()
                .new_tree(&mut runner)
                .expect("a catalogue")
                .current(),
        )
        .expect("serialises")
    };
    vec![
        shape(
            model,
            catalogue(),
            vec![
                bad(unset(&catalogue_doc, &["color"])),
                bad(set(&catalogue_doc, &["unknown"], json!(1))),
                bad(set(&catalogue_doc, &["marker"], json!({}))),
                bad(set(
                    &catalogue_doc,
                    &["optionality", "retries"],
                    json!(null),
                )),
            ],
        ),
        shape(
            model,
            color(),
            vec![
                bad(json!("SkyBlue")),
                bad(json!("red")),
                bad(json!(null)),
                bad(json!(1)),
            ],
        ),
        shape(
            model,
            external(),
            vec![
                bad(json!({"Radius": "1"})),
                bad(json!({"Point": [1]})),
                bad(json!({"Point": [1, 2, 3]})),
                bad(json!({"Circle": {}})),
                bad(json!("Radius")),
                bad(json!({"Radius": 1.0, "Point": [1, 2]})),
                bad(json!({})),
                bad(json!({"Square": 1})),
                bad_untyped(json!({"Point": [1, 2.5]}), TS_NUMBER),
            ],
        ),
        shape(
            model,
            internal(),
            vec![
                bad(json!({"kind": "circle"})),
                bad(json!({"side": 1})),
                bad(json!({"kind": "square"})),
                bad(json!({"kind": "named"})),
                bad(json!({"kind": "named", "name": "n", "extra": 1})),
                bad(json!({"kind": "Square", "side": 1})),
                bad_untyped(json!({"kind": "square", "side": -1}), TS_NUMBER),
                bad_untyped(json!({"kind": "square", "side": 1.5}), TS_NUMBER),
            ],
        ),
        shape(
            model,
            adjacent(),
            vec![
                bad(json!({"t": "text"})),
                bad(json!({"t": "text", "c": 1})),
                bad(json!({"t": "pair", "c": {"first": 1}})),
                bad(json!({"t": "pair", "c": [1, 2]})),
                bad(json!({"c": "x"})),
                bad(json!({"t": "other", "c": 1})),
                Invalid {
                    lenient: Some(Lenient {
                        tools: &["jsonschema", "ajv", "pydantic"],
                        why: "serde wants a unit variant's content absent or null, but schemars \
                              writes no rule for it; the variant's schema cannot be told from an \
                              internally tagged variant that ignores unknown keys",
                    }),
                    ..bad_untyped(
                        json!({"t": "none", "c": 5}),
                        "the variant admits other keys, as the schema does",
                    )
                },
                bad_untyped(json!({"t": "number", "c": 1.5}), TS_NUMBER),
            ],
        ),
        shape(
            model,
            untagged(),
            vec![
                bad(json!("text")),
                bad(json!({"left": 1})),
                bad(json!([1])),
                bad(json!(null)),
                bad(json!({"left": 1, "right": "2"})),
                bad(json!({})),
            ],
        ),
        shape(
            model,
            user_id(),
            vec![
                bad(json!("7")),
                bad(json!(null)),
                bad_untyped(json!(-1), TS_NUMBER),
                bad_untyped(json!(1.5), TS_NUMBER),
                whole_float(json!(7.0)),
            ],
        ),
        shape(
            model,
            rgb(),
            vec![
                bad(json!([1, 2])),
                bad(json!([1, 2, 3, 4])),
                bad(json!(["1", 2, 3])),
                bad(json!({"r": 1})),
                bad_untyped(json!([1, 2, 256]), TS_NUMBER),
            ],
        ),
        shape(
            model,
            optionality(),
            vec![
                bad(json!({})),
                bad(set(&optionality_doc, &["retries"], json!(null))),
                bad(set(&optionality_doc, &["verbose"], json!(null))),
                bad(set(&optionality_doc, &["nullable"], json!(1))),
                bad(set(&optionality_doc, &["plain"], json!(1))),
                bad(set(&optionality_doc, &["skipped_only"], json!(false))),
                bad(set(&optionality_doc, &["extra"], json!(1))),
                bad_untyped(set(&optionality_doc, &["retries"], json!(256)), TS_NUMBER),
            ],
        ),
        shape(
            model,
            collections(),
            vec![
                bad(unset(&collections_doc, &["by_level"])),
                bad(set(&collections_doc, &["by_color"], json!({"red": 1}))),
                bad(set(&collections_doc, &["by_level"], json!({"medium": 1}))),
                bad(set(&collections_doc, &["by_level"], json!({"low": null}))),
                bad(set(&collections_doc, &["list"], json!([null]))),
                bad(set(&collections_doc, &["matrix"], json!([[1.5, "x"]]))),
                bad(set(&collections_doc, &["ordered"], json!({"a": 1}))),
                bad(set(&collections_doc, &["hash"], json!([]))),
                bad_untyped(
                    set(&collections_doc, &["hash"], json!({"a": 1.5})),
                    TS_NUMBER,
                ),
                bad_untyped(
                    set(&collections_doc, &["by_color"], json!({"none": 65536})),
                    TS_NUMBER,
                ),
                bad(set(&collections_doc, &["by_id"], json!({"1": 2}))),
                bad_untyped(
                    set(&collections_doc, &["by_id"], json!({"x": "a"})),
                    TS_KEYS,
                ),
                bad_untyped(
                    set(&collections_doc, &["by_id"], json!({"-1": "a"})),
                    TS_KEYS,
                ),
                bad_untyped(
                    set(&collections_doc, &["by_id"], json!({"1.0": "a"})),
                    TS_KEYS,
                ),
                integer_key(
                    set(&collections_doc, &["by_id"], json!({"01": "a"})),
                    "schemars' key pattern `^\\d+$` admits leading zeros; serde's number parser \
                     does not",
                ),
                integer_key(
                    set(&collections_doc, &["by_id"], json!({"4294967296": "a"})),
                    "schemars' key pattern `^\\d+$` carries no width: the key is past `u32`",
                ),
                // A Unicode digit: `\\d` is ASCII in JSON Schema (ECMA-262); the Python
                // emitter writes it as `[0-9]` for pydantic, whose `\\d` is Unicode-aware.
                bad_untyped(
                    set(&collections_doc, &["by_id"], json!({"\u{663}": "a"})),
                    TS_KEYS,
                ),
            ],
        ),
        shape(
            model,
            flattened(),
            vec![
                bad(unset(&flat, &["author"])),
                bad(set(&flat, &["year"], json!("2020"))),
                bad(set(
                    &unset(&flat, &["author"]),
                    &["meta"],
                    json!({"author": "a"}),
                )),
            ],
        ),
        shape(
            model,
            strict_flattened(),
            vec![
                bad(set(&flat, &["unknown"], json!(1))),
                bad(unset(&flat, &["id"])),
                bad(set(&flat, &["meta"], json!({"author": "a"}))),
            ],
        ),
        shape(
            model,
            renamed(),
            vec![
                bad(json!({"first_name": "a", "type": "t"})),
                bad(json!({"firstName": 1, "type": "t"})),
                bad(json!({"firstName": "a"})),
                bad(json!({"firstName": "a", "kind": "t"})),
                bad(set(&renamed_doc, &["class_name"], json!("c"))),
                bad_untyped(set(&renamed_doc, &["x-dash-key"], json!(-1)), TS_NUMBER),
            ],
        ),
        shape(
            model,
            tree(),
            vec![
                bad(json!({"value": 1})),
                bad(set(
                    &tree_doc,
                    &["children"],
                    json!([{"value": "2", "children": []}]),
                )),
                bad(set(&tree_doc, &["next"], json!({"value": 2}))),
                bad(set(&tree_doc, &["extra"], json!(true))),
                bad(set(&tree_doc, &["children"], json!(null))),
            ],
        ),
        shape(
            model,
            page(text()),
            vec![
                bad(json!({"items": [1], "total": 1})),
                bad(json!({"items": []})),
                bad(json!({"items": [], "total": 1, "next": 2})),
                bad_untyped(json!({"items": [], "total": -1}), TS_NUMBER),
            ],
        ),
        shape(
            model,
            page(tree()),
            vec![
                bad(json!({"items": ["x"], "total": 1})),
                bad(json!({"items": [{"value": 1}], "total": 1})),
            ],
        ),
        shape(model, numbers(), {
            let mut invalid = vec![
                bad(unset(&numbers_doc, &["usize"])),
                bad(set(&numbers_doc, &["f32"], json!("1.5"))),
                bad(set(&numbers_doc, &["flag"], json!(1))),
                bad(set(&numbers_doc, &["letter"], json!(null))),
                bad(set(&numbers_doc, &["letter"], json!(7))),
                bad_untyped(set(&numbers_doc, &["letter"], json!("")), TS_STRING),
                bad_untyped(set(&numbers_doc, &["letter"], json!("ab")), TS_STRING),
                whole_float(set(&numbers_doc, &["u8"], json!(1.0))),
                whole_float(set(&numbers_doc, &["i64"], json!(-3.0))),
            ];
            let limits: [(&str, Value); 20] = [
                ("i8", json!(-129)),
                ("i8", json!(128)),
                ("i16", json!(-32769)),
                ("i16", json!(32768)),
                ("i32", json!(-2147483649i64)),
                ("i32", json!(2147483648u64)),
                // 64-bit limits a little past the edge: JavaScript numbers (ajv) cannot tell
                // 2^63 from 2^63 - 1.
                ("i64", json!(9_300_000_000_000_000_000u64)),
                ("i64", json!(-1.0e19)),
                ("isize", json!(9_300_000_000_000_000_000u64)),
                ("u8", json!(-1)),
                ("u8", json!(256)),
                ("u16", json!(65536)),
                ("u32", json!(4294967296u64)),
                ("u64", json!(-1)),
                ("u64", json!(1.0e20)),
                ("usize", json!(-1)),
                ("i32", json!(0.5)),
                ("u8", json!(true)),
                ("f64", json!("0")),
                ("f64", json!(null)),
            ];
            for (field, value) in limits {
                let doc = set(&numbers_doc, &[field], value.clone());
                invalid.push(if value.is_number() {
                    bad_untyped(doc, TS_NUMBER)
                } else {
                    bad(doc)
                });
            }
            invalid
        }),
        shape(
            model,
            free_form(),
            vec![
                bad(unset(&free, &["anything"])),
                bad(unset(&free, &["extra"])),
                bad(set(&free, &["extra"], json!([]))),
                bad(set(&free, &["extra"], json!(null))),
                bad(set(&free, &["other"], json!(1))),
            ],
        ),
        shape(
            model,
            validated(),
            vec![
                bad(set(&validated_doc, &["percent"], json!("1"))),
                bad(set(&validated_doc, &["tags"], json!("t"))),
                bad(unset(&validated_doc, &["slug"])),
                bad_untyped(set(&validated_doc, &["percent"], json!(256)), TS_NUMBER),
            ],
        ),
        shape(
            model,
            documented(),
            vec![bad(json!({"documented": "true"})), bad(json!({}))],
        ),
        shape(
            model,
            flattened_map(),
            vec![
                bad(json!({})),
                bad(json!({"name": 1})),
                bad(json!({"name": "n", "k": null})),
                bad_untyped(json!({"name": "n", "k": "x"}), TS_EXTRA),
                bad_untyped(json!({"name": "n", "k": 1.5}), TS_NUMBER),
            ],
        ),
        shape(
            model,
            expr(),
            vec![
                bad(json!({"neg": {"num": "1"}})),
                bad(json!({"add": [{"num": 1}]})),
                bad(json!({"mul": []})),
                bad(json!("num")),
                bad(json!({"num": 1, "neg": {"num": 1}})),
                bad(json!({"list": [{"list": [null]}]})),
                bad_untyped(json!({"num": 1.5}), TS_NUMBER),
            ],
        ),
        shape(
            model,
            Just(Marker),
            vec![
                bad(json!({})),
                bad(json!(0)),
                bad(json!([])),
                bad(json!("null")),
            ],
        ),
        shape(
            model,
            defaults(),
            vec![
                bad(json!({"name": null})),
                bad(json!({"colors": ["red"]})),
                bad(json!({"other": 1})),
                bad(json!({"colors": null})),
                bad_untyped(json!({"count": -1}), TS_NUMBER),
            ],
        ),
        shape(
            model,
            legacy_color(),
            vec![bad(json!("Red")), bad(json!("red")), bad(json!(["RED"]))],
        ),
        shape(
            model,
            deprecations(),
            vec![
                bad(json!({"retry_on_failure": true})),
                bad(json!({"retry-on-failure": "yes"})),
                bad(json!({"legacy": 1})),
                bad_untyped(json!({"max-retries": -1}), TS_NUMBER),
            ],
        ),
    ]
}

/// Documents serde accepts that every output rejects, by design: the outputs describe what
/// serde writes and what the model's author declared, which is narrower than what serde reads.
fn stricter() -> Vec<Stricter> {
    let validated = json!({"percent": 1, "short": "s", "slug": "s", "tags": ["t"], "ratio": 0.5});
    let schema_only = "`#[schemars(range/length/regex)]` is a rule of the schema only: serde does \
                       not check it (a model that wants it enforced checks it in Rust)";
    let mut out: Vec<Stricter> = [
        (set(&validated, &["percent"], json!(101)), TS_NUMBER),
        (set(&validated, &["short"], json!("")), TS_STRING),
        (set(&validated, &["short"], json!("123456789")), TS_STRING),
        (set(&validated, &["slug"], json!("Not-a-slug")), TS_STRING),
        (set(&validated, &["tags"], json!([])), TS_LIST),
        (
            set(&validated, &["tags"], json!(["a", "b", "c", "d"])),
            TS_LIST,
        ),
        (set(&validated, &["ratio"], json!(1.5)), TS_NUMBER),
    ]
    .into_iter()
    .map(|(doc, ts)| Stricter {
        shape: "Validated",
        doc,
        why: schema_only,
        ts: Ts::Accepts(ts),
    })
    .collect();
    let sequence = "serde also reads a struct from a JSON array of its field values, in \
                    declaration order; the outputs describe the object serde writes";
    out.push(Stricter {
        shape: "Tree",
        doc: json!([1, []]),
        why: sequence,
        ts: Ts::Rejects,
    });
    out.push(Stricter {
        shape: "Internal",
        doc: json!(["square", 1]),
        why: "serde also reads an internally tagged variant from a JSON array: the tag, then the \
              fields in order; the outputs describe the object serde writes",
        ts: Ts::Rejects,
    });
    out.push(Stricter {
        shape: "External",
        doc: json!({"Empty": null}),
        why: "serde also reads a unit variant written as a one-key object with `null`; the \
              outputs describe the string serde writes",
        ts: Ts::Rejects,
    });
    out.push(Stricter {
        shape: "Renamed",
        doc: json!({"firstName": "a", "type": "t", "klass": "c"}),
        why: "`#[serde(alias)]` is invisible in the schema: serde also reads `klass`, the outputs \
              know only `class`, the name serde writes",
        ts: Ts::Rejects,
    });
    out
}

// --- The differential test ---------------------------------------------------------------------

/// What every output must say about a document.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// serde wrote it: every output accepts it (and pydantic dumps it back unchanged).
    Valid,
    /// serde rejects it: the schema and pydantic reject it, but for the tools `lenient` names
    /// (a documented limit); TypeScript as `ts` says.
    Invalid { ts: Ts, lenient: Option<Lenient> },
    /// serde accepts it, every output rejects it (TypeScript as `ts` says).
    Stricter { ts: Ts, why: &'static str },
}

/// One document for every tool.
struct Item {
    id: String,
    shape: String,
    value: Value,
    expect: Expect,
}

/// A tool the test needs is missing: fails under CI, otherwise says the test was skipped.
fn missing(what: &str) -> Option<PathBuf> {
    common::missing(what);
    None
}

/// The `node_modules` with `tsc` and ajv.
fn node_modules() -> Option<PathBuf> {
    let dir = std::env::var_os("CODEGEN_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("tests/js/node_modules"));
    if dir.join(".bin/tsc").is_file() && dir.join("ajv/package.json").is_file() {
        return Some(dir);
    }
    missing(&format!(
        "no tsc or ajv in {} (set CODEGEN_NODE_MODULES or run `npm ci` in tests/js)",
        dir.display()
    ))
}

/// The Python with pydantic.
fn python() -> Option<PathBuf> {
    let path = std::env::var_os("CODEGEN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv/bin/python"));
    if path.is_file() {
        return Some(path);
    }
    missing(&format!(
        "no Python at {} (set CODEGEN_PYTHON or run scripts/test.sh, which creates .venv)",
        path.display()
    ))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Runs a command; panics with its output when it fails.
fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("cannot run {what}: {err}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{what} failed:\n{text}");
    text
}

/// Verdicts of a batch tool: id → `{"valid": bool, ...}`.
fn verdicts(path: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(path).expect("the tool wrote its results");
    let mut parsed: Value = serde_json::from_str(&text).expect("results are JSON");
    parsed["results"]
        .as_object_mut()
        .map(std::mem::take)
        .expect("a results object")
}

/// ajv's verdict on every item, in one process.
fn ajv(
    modules: &Path,
    dir: &Path,
    cases: &[ShapeCase],
    items: &[Item],
) -> serde_json::Map<String, Value> {
    let schemas: serde_json::Map<String, Value> = cases
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                serde_json::from_str(&c.schema).expect("the schema is JSON"),
            )
        })
        .collect();
    let input = json!({
        "schemas": schemas,
        "cases": items.iter().map(|i| json!({"id": i.id, "type": i.shape, "value": i.value})).collect::<Vec<_>>(),
    });
    let (input_file, output_file) = (dir.join("ajv-input.json"), dir.join("ajv-output.json"));
    write(&input_file, &input.to_string());
    run(
        Command::new("node")
            .arg(workspace().join("tests/js/shapes-ajv.mjs"))
            .arg(&input_file)
            .arg(&output_file)
            .env("CODEGEN_NODE_MODULES", modules),
        "node tests/js/shapes-ajv.mjs",
    );
    verdicts(&output_file)
}

/// pydantic's verdict (and dump) on every item, in one process.
fn pydantic(
    python: &Path,
    dir: &Path,
    model: &Model,
    items: &[Item],
) -> serde_json::Map<String, Value> {
    let package_dir = dir.join("python");
    for (path, text) in python_files(model) {
        write(&package_dir.join(path), &text);
    }
    let input = json!({
        "package_dir": package_dir,
        "module": python::import_name(&package_settings().name),
        "cases": items.iter().map(|i| json!({"id": i.id, "type": i.shape, "json": i.value.to_string()})).collect::<Vec<_>>(),
    });
    let (input_file, output_file) = (dir.join("py-input.json"), dir.join("py-output.json"));
    write(&input_file, &input.to_string());
    run(
        Command::new(python)
            .arg(workspace().join("tests/python/shapes_check.py"))
            .arg(&input_file)
            .arg(&output_file),
        "tests/python/shapes_check.py",
    );
    verdicts(&output_file)
}

/// The compiler options of the TypeScript project: as strict as a consumer could be.
const TS_OPTIONS: &str = r#""strict": true, "noEmit": true, "skipLibCheck": false, "target": "es2022",
    "module": "nodenext", "types": [], "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true, "verbatimModuleSyntax": true"#;

/// tsc's verdict on every item, in one run: id → rejected. Each item is one exported constant
/// of its type, on one line; an item TypeScript must reject stands under `// @ts-expect-error`,
/// so that an accepted one is an error of its own ("unused directive") at the line above.
fn tsc(modules: &Path, dir: &Path, model: &Model, items: &[Item]) -> HashMap<String, bool> {
    let project = dir.join("ts");
    let package = package_settings();
    for file in typescript_files(model) {
        write(
            &project
                .join("node_modules")
                .join(&package.name)
                .join(&file.path),
            &file.text,
        );
    }
    write(
        &project.join("package.json"),
        r#"{ "name": "shapes-values", "private": true, "type": "module" }"#,
    );
    write(
        &project.join("tsconfig.json"),
        &format!("{{ \"compilerOptions\": {{ {TS_OPTIONS} }}, \"files\": [\"values.ts\"] }}"),
    );
    let bindings = typescript::Bindings::new(model, &package.roots).expect("the root exists");
    let names: BTreeSet<&str> = items
        .iter()
        .map(|i| {
            bindings
                .ts_name(&i.shape)
                .unwrap_or_else(|| panic!("{} is not declared", i.shape))
        })
        .collect();
    let mut source = format!(
        "import type {{ {} }} from \"{}\";\n",
        names.into_iter().collect::<Vec<_>>().join(", "),
        package.name
    );
    let mut line_of_item: HashMap<usize, usize> = HashMap::new();
    let mut line = 1;
    for (index, item) in items.iter().enumerate() {
        let rejects = match item.expect {
            Expect::Valid => false,
            Expect::Invalid { ts, .. } | Expect::Stricter { ts, .. } => matches!(ts, Ts::Rejects),
        };
        source.push_str(&format!("// {}\n", item.id));
        line += 1;
        if rejects {
            source.push_str("// @ts-expect-error\n");
            line += 1;
            line_of_item.insert(line, index);
        }
        source.push_str(&format!(
            "export const v{index}: {} = {};\n",
            bindings.ts_name(&item.shape).expect("declared"),
            item.value
        ));
        line += 1;
        line_of_item.insert(line, index);
    }
    write(&project.join("values.ts"), &source);
    let output = Command::new(modules.join(".bin/tsc"))
        .args(["-p", ".", "--pretty", "false"])
        .current_dir(&project)
        .output()
        .expect("tsc runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Which items have an error; anything else (an error in the package) fails the test.
    let mut erroneous: BTreeSet<usize> = BTreeSet::new();
    let mut other = Vec::new();
    for message in text.lines().filter(|l| l.contains("error TS")) {
        let at = message
            .strip_prefix("values.ts(")
            .and_then(|rest| rest.split_once(','))
            .and_then(|(line, _)| line.parse::<usize>().ok())
            .and_then(|line| line_of_item.get(&line));
        match at {
            Some(&index) => {
                erroneous.insert(index);
            }
            None => other.push(message.to_owned()),
        }
    }
    assert!(
        other.is_empty(),
        "tsc errors outside the values:\n{}",
        other.join("\n")
    );
    // An item with an error is "rejected" unless it stands under a directive, where an error
    // means the directive was unused: TypeScript accepted it.
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let rejects = match item.expect {
                Expect::Valid => false,
                Expect::Invalid { ts, .. } | Expect::Stricter { ts, .. } => {
                    matches!(ts, Ts::Rejects)
                }
            };
            let error = erroneous.contains(&index);
            (item.id.clone(), if rejects { !error } else { error })
        })
        .collect()
}

/// Whether `a` and `b` are the same JSON value: numbers compare by kind too (`1` is not `1.0`),
/// objects by their entries.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.is_f64() == y.is_f64() && x.as_f64() == y.as_f64() && (x.is_f64() || x == y)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn every_shape_agrees_across_outputs() {
    let model = common::catalogue_model();
    let cases = cases(&model);
    // Every type of the catalogue has a case, and no case names a type the IR does not have.
    let case_names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    let model_names: BTreeSet<&str> = model.names().collect();
    assert_eq!(
        case_names, model_names,
        "the cases cover exactly the catalogue's types"
    );

    let mut items = Vec::new();
    for case in &cases {
        for (i, value) in case.values.iter().enumerate() {
            items.push(Item {
                id: format!("{}#valid{i}", case.name),
                shape: case.name.clone(),
                value: value.clone(),
                expect: Expect::Valid,
            });
        }
        for (i, invalid) in case.invalid.iter().enumerate() {
            items.push(Item {
                id: format!("{}#invalid{i}", case.name),
                shape: case.name.clone(),
                value: invalid.doc.clone(),
                expect: Expect::Invalid {
                    ts: invalid.ts,
                    lenient: invalid.lenient,
                },
            });
        }
    }
    for (i, s) in stricter().into_iter().enumerate() {
        items.push(Item {
            id: format!("{}#stricter{i}", s.shape),
            shape: s.shape.to_owned(),
            value: s.doc,
            expect: Expect::Stricter {
                ts: s.ts,
                why: s.why,
            },
        });
    }
    let case_of = |name: &str| cases.iter().find(|c| c.name == name).expect("a case");

    // serde first: the test's own data must be right.
    for item in &items {
        let verdict = (case_of(&item.shape).serde)(&item.value);
        match (item.expect, &verdict) {
            (Expect::Valid, Ok(back)) => assert!(
                same_json(back, &item.value),
                "{}: serde does not write back what it read: {} became {back}",
                item.id,
                item.value
            ),
            (Expect::Invalid { .. }, Err(_)) | (Expect::Stricter { .. }, Ok(_)) => {}
            (expect, verdict) => panic!(
                "{}: the case is wrong: serde says {verdict:?} about {}, the case expects {expect:?}",
                item.id, item.value
            ),
        }
    }

    let mut problems: Vec<String> = Vec::new();
    let mut report = |item: &Item, tool: &str, said: &str| {
        let why = match item.expect {
            Expect::Invalid {
                ts: Ts::Accepts(why),
                ..
            }
            | Expect::Stricter {
                ts: Ts::Accepts(why),
                ..
            } if tool == "tsc" => format!(" (expected to accept: {why})"),
            Expect::Stricter { why, .. } => format!(" (by design: {why})"),
            Expect::Invalid {
                lenient: Some(Lenient { tools, why }),
                ..
            } if tools.contains(&tool) => format!(" (documented: {why})"),
            _ => String::new(),
        };
        problems.push(format!("{}: {tool} {said}{why}: {}", item.id, item.value));
    };

    // The JSON Schema, with the jsonschema crate.
    let validators: HashMap<&str, jsonschema::Validator> = cases
        .iter()
        .map(|c| {
            let schema: Value = serde_json::from_str(&c.schema).expect("the schema is JSON");
            let validator = jsonschema::draft7::options()
                .build(&schema)
                .unwrap_or_else(|err| panic!("{}: the schema does not compile: {err}", c.name));
            (c.name.as_str(), validator)
        })
        .collect();
    let should_accept = |expect: Expect, tool: &str| match expect {
        Expect::Valid => true,
        Expect::Invalid { lenient, .. } => lenient.is_some_and(|l| l.tools.contains(&tool)),
        Expect::Stricter { .. } => false,
    };
    for item in &items {
        let accepted = validators[item.shape.as_str()].is_valid(&item.value);
        if accepted != should_accept(item.expect, "jsonschema") {
            report(
                item,
                "jsonschema",
                if accepted { "accepts it" } else { "rejects it" },
            );
        }
    }

    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut tools = vec!["serde", "jsonschema"];
    if let Some(modules) = node_modules() {
        tools.push("ajv");
        let results = ajv(&modules, dir.path(), &cases, &items);
        for item in &items {
            let accepted = results[&item.id]["valid"] == json!(true);
            if accepted != should_accept(item.expect, "ajv") {
                let said = if accepted {
                    "accepts it".to_owned()
                } else {
                    format!("rejects it ({})", results[&item.id]["error"])
                };
                report(item, "ajv", &said);
            }
        }
        tools.push("tsc");
        let rejected = tsc(&modules, dir.path(), &model, &items);
        for item in &items {
            let should_reject = match item.expect {
                Expect::Valid => false,
                Expect::Invalid { ts, .. } | Expect::Stricter { ts, .. } => {
                    matches!(ts, Ts::Rejects)
                }
            };
            if rejected[&item.id] != should_reject {
                let said = match (rejected[&item.id], item.expect) {
                    (true, _) => "rejects it".to_owned(),
                    (false, Expect::Invalid { .. } | Expect::Stricter { .. }) => {
                        "accepts it under @ts-expect-error".to_owned()
                    }
                    (false, Expect::Valid) => "accepts it".to_owned(),
                };
                report(item, "tsc", &said);
            }
        }
    }
    if let Some(python) = python() {
        tools.push("pydantic");
        let results = pydantic(&python, dir.path(), &model, &items);
        for item in &items {
            let result = &results[&item.id];
            let accepted = result["valid"] == json!(true);
            match item.expect {
                Expect::Valid if !accepted => report(
                    item,
                    "pydantic",
                    &format!("rejects it ({})", result["error"]),
                ),
                Expect::Valid if !same_json(&result["dump"], &item.value) => {
                    report(item, "pydantic", &format!("dumps it as {}", result["dump"]))
                }
                Expect::Invalid { .. } | Expect::Stricter { .. }
                    if accepted != should_accept(item.expect, "pydantic") =>
                {
                    let said = if accepted {
                        "accepts it".to_owned()
                    } else {
                        format!("rejects it ({})", result["error"])
                    };
                    report(item, "pydantic", &said)
                }
                _ => {}
            }
        }
    }
    let valid = items
        .iter()
        .filter(|i| matches!(i.expect, Expect::Valid))
        .count();
    println!(
        "{} shapes; {valid} valid values, {} invalid documents, {} stricter by design; tools: {}",
        cases.len(),
        items
            .iter()
            .filter(|i| matches!(i.expect, Expect::Invalid { .. }))
            .count(),
        items
            .iter()
            .filter(|i| matches!(i.expect, Expect::Stricter { .. }))
            .count(),
        tools.join(", ")
    );
    assert!(
        problems.is_empty(),
        "{} disagreement(s) with serde:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// --- Name collisions ---------------------------------------------------------------------------

/// Where the `nth` (0-based) `pub struct {ident}` of the catalogue's source is declared.
fn catalogue_source(rust_path: &str, ident: &str, nth: usize) -> Source {
    let file = "tests/shapes/src/lib.rs";
    let text = std::fs::read_to_string(workspace().join(file)).expect("the catalogue's source");
    let needle = format!("pub struct {ident} ");
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(&needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no {needle} in {file}"));
    Source {
        rust_path: rust_path.to_owned(),
        file: file.to_owned(),
        line,
    }
}

fn named<T: JsonSchema>(
    generator: &mut schemars::SchemaGenerator,
    source: Source,
) -> NamedRustType {
    let schema = generator.subschema_for::<T>();
    NamedRustType {
        schema_name: T::schema_name().into_owned(),
        assigned: schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(ir::definition_name),
        source,
    }
}

#[test]
fn two_rust_types_with_one_schema_name_are_errors_at_both() {
    let a = catalogue_source("shapes::clash::a::Item", "Item", 0);
    let b = catalogue_source("shapes::clash::b::Item", "Item", 1);
    let mut generator = SchemaSettings::draft07().into_generator();
    let types = vec![
        named::<clash::a::Item>(&mut generator, a.clone()),
        named::<clash::b::Item>(&mut generator, b.clone()),
    ];
    // schemars renamed the second silently.
    assert_eq!(types[1].assigned.as_deref(), Some("Item2"));
    let definitions = generator.take_definitions(true);
    let names: Vec<&str> = definitions.keys().map(String::as_str).collect();
    let problems = ir::check_names(&types, &names, None);
    assert_eq!(
        problems.len(),
        1,
        "one problem, not also a suffix warning: {problems:?}"
    );
    let shown: Vec<String> = context::shared_name_errors(&problems[0])
        .iter()
        .map(ToString::to_string)
        .collect();
    let message = format!(
        "2 Rust types share the schema name `Item`: `shapes::clash::a::Item` (tests/shapes/src/lib.rs:{}) \
         and `shapes::clash::b::Item` (tests/shapes/src/lib.rs:{}, which schemars renamed `Item2`)\n  \
         hint: give each type a name of its own with `#[schemars(rename = \"...\")]` (or `#[serde(rename)]`)",
        a.line, b.line
    );
    assert_eq!(
        shown,
        [
            format!("tests/shapes/src/lib.rs:{}: error: {message}", a.line),
            format!("tests/shapes/src/lib.rs:{}: error: {message}", b.line),
        ]
    );
}

#[test]
fn names_schemars_suffixed_are_warnings() {
    let mut generator = SchemaSettings::draft07().into_generator();
    generator.subschema_for::<clash::Clash>();
    let definitions: Vec<(String, Value)> = generator.take_definitions(true).into_iter().collect();
    let names: Vec<&str> = definitions.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Clash", "Item", "Item2", "Wrapper", "Wrapper2"]);
    let clash = catalogue_source("shapes::clash::Clash", "Clash", 0);
    let sources = HashMap::from([("Clash".to_owned(), clash.clone())]);
    let mut model = Model::from_definitions(&definitions, &sources).expect("the IR reads it");
    model.suffixed = ir::check_names(&[], &names, Some(&model));
    let shown: Vec<String> = context::name_warnings(&model)
        .iter()
        .map(ToString::to_string)
        .collect();
    let warning = |name: &str, base: &str| {
        format!(
            "tests/shapes/src/lib.rs:{}: warning: the schema name `{name}` is `{base}` with a number \
             appended by schemars: two types (a generic type instantiated twice, or two types with \
             one name) both asked for `{base}`, and every output calls the second one `{name}` (used \
             by `Clash`)\n  hint: name each instantiation: `#[schemars(rename = \"{base}_for_{{T}}\")]` \
             on a generic type, `#[schemars(rename = \"...\")]` on a type whose name another shares",
            clash.line
        )
    };
    assert_eq!(
        shown,
        [warning("Item2", "Item"), warning("Wrapper2", "Wrapper")]
    );
    // The job reports them (and still succeeds).
    let (_, summary) = confspec::job::produce(&catalogue_context(model)).expect("the job runs");
    let reported: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(reported, shown);
}

#[test]
fn the_catalogue_and_the_server_config_name_every_type_once() {
    let model = common::catalogue_model();
    let names: Vec<&str> = model.names().collect();
    assert_eq!(ir::check_names(&[], &names, Some(&model)), []);
    for renamed in ["Page_for_string", "Page_for_Tree", "LegacyColor"] {
        assert!(names.contains(&renamed), "{renamed} missing from {names:?}");
    }
    for silent in ["Page", "Page2", "Color2"] {
        assert!(!names.contains(&silent), "{silent} in {names:?}");
    }
    let project = context::build_model(&codegen::registry()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(project.suffixed, []);
    assert_eq!(context::name_warnings(&project), []);
}

// --- Shapes no output can express ---------------------------------------------------------------

#[test]
fn a_shape_no_output_can_express_is_an_error_naming_the_type_and_the_shape() {
    let mut generator = SchemaSettings::draft07().into_generator();
    generator.subschema_for::<unsupported::NumberedExtras>();
    let definitions: Vec<(String, Value)> = generator.take_definitions(true).into_iter().collect();
    let err = Model::from_definitions(&definitions, &HashMap::new())
        .expect_err("a struct with integer-keyed extras is refused");
    assert_eq!(
        err.to_string(),
        "type `NumberedExtras` at `/patternProperties`: an object with declared keys and keys \
         matching a pattern (a struct with a flattened map whose keys are integers) is not supported"
    );
}
