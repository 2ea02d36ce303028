//! The JSON Schema editors use: draft-07, shaped for yaml-language-server and VS Code.
//!
//! It starts from the draft-07 schema schemars writes for the root type and changes only what
//! editors read badly:
//! - a tagged union (every variant an object with a distinct literal under one key, as the IR
//!   finds them: a `tagged_union!` of named structs, or serde's `#[serde(tag = "...")]` enum,
//!   whose variants schemars writes inline) becomes an object whose tag property lists every
//!   allowed value in an `enum`, and one `if`/`then` per value under `allOf`, the variant under
//!   `then`. A wrong tag then gets the full list of values, and an error inside a variant is
//!   reported against that variant alone (`cmd` is not allowed, rather than "not valid under
//!   any of the given schemas");
//! - a single-member `oneOf`/`anyOf` (schemars' way of describing a unit enum) is folded into
//!   its parent;
//! - every `description` gets a `markdownDescription` twin, which editors render in hovers;
//! - an integer with schemars' width `format` (`int32`, `uint64`, `int` for `isize`...) gets the
//!   width's range as `minimum`/`maximum` where schemars leaves it out (it writes it only for 8-
//!   and 16-bit integers): `format` is an annotation validators ignore, and serde rejects a value
//!   out of range (128-bit integers keep no bounds: JSON numbers past 64 bits are not portable);
//! - what schemars marks `"deprecated": true` (a type, a field: Rust's `#[deprecated]`) gets a
//!   `deprecationMessage` with the attribute's note, which VS Code and yaml-language-server show
//!   as a warning on the key (and leave out of completion);
//! - the document gets its `$id` (the URL the site serves it at) and `title`.

use std::sync::Arc;

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::{Map, Value, json};

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::ir::{IntegerWidth, Model, Shape, TypeRef};
use crate::output::Outputs;
use crate::registry::RegisteredType;

/// The stage: every configured `[[schemas]]` document.
pub fn stage(
    ctx: &Context,
    outputs: &mut Outputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    // Schema names schemars made unique with a number (`Page2`): every output uses them.
    diagnostics.extend(crate::context::name_warnings(&ctx.model));
    for schema in &ctx.config.schemas {
        if ctx.registered(&schema.root).is_none() {
            diagnostics.push(
                ctx.setting_error(
                    "[[schemas]]",
                    &schema.root,
                    format!("[[schemas]] root `{}` is not a model type", schema.root),
                )
                .with_hint(ctx.registration_hint()),
            );
            continue;
        }
        outputs.add(&schema.output, text(&*document(ctx, &schema.root)?));
    }
    Ok(())
}

/// The JSON Schema of the type named `name`, as the job writes it, made anew.
pub fn schema_text(ctx: &Context, name: &str) -> Result<String, Failure> {
    let registered = ctx.registered(name).ok_or_else(|| ctx.unknown_type(name))?;
    Ok(text(&make_document(ctx, name, registered)))
}

/// The JSON Schema document of the type named `name`, made once per run
/// ([`Context::json_schemas`]): what the schema stage writes and the examples check validates
/// against.
pub fn document(ctx: &Context, name: &str) -> Result<Arc<Value>, Failure> {
    let registered = ctx.registered(name).ok_or_else(|| ctx.unknown_type(name))?;
    Ok(ctx
        .json_schemas
        .get_or_init(name, || Arc::new(make_document(ctx, name, registered))))
}

fn make_document(ctx: &Context, name: &str, registered: &RegisteredType) -> Value {
    let raw = (registered.root_schema)(SchemaSettings::draft07()).to_value();
    let configured = ctx.config.schemas.iter().find(|s| s.root == name);
    let meta = SchemaMeta {
        id: configured.map(|s| s.url.as_str()),
        title: configured.and_then(|s| s.title.as_deref()),
    };
    render_document(&ctx.model, name, raw, &meta)
}

/// Settings of one emitted schema.
pub struct SchemaMeta<'a> {
    /// The `$id`.
    pub id: Option<&'a str>,
    /// The `title` (the root type's name when absent).
    pub title: Option<&'a str>,
}

/// Reshapes schemars' draft-07 root schema of a model type for editors; returns the document
/// text (two-space indentation, trailing newline).
pub fn render(model: &Model, root_name: &str, raw: Value, meta: &SchemaMeta<'_>) -> String {
    text(&render_document(model, root_name, raw, meta))
}

/// A document's text as the job writes it: two-space indentation, trailing newline.
pub fn text(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).expect("JSON values serialise");
    text.push('\n');
    text
}

/// [`render`], the document as a value.
pub fn render_document(model: &Model, root_name: &str, raw: Value, meta: &SchemaMeta<'_>) -> Value {
    let mut root = match raw {
        Value::Object(map) => map,
        other => {
            let mut map = Map::new();
            map.insert("allOf".into(), json!([other]));
            map
        }
    };
    if let Some(Value::Object(definitions)) = root.get_mut("definitions") {
        for (name, schema) in definitions.iter_mut() {
            reshape_union(model, name, schema);
            add_deprecation_messages(model, name, schema);
        }
    }
    let mut root_value = Value::Object(std::mem::take(&mut root));
    reshape_union(model, root_name, &mut root_value);
    add_deprecation_messages(model, root_name, &mut root_value);
    if let Ok(schema) = <&mut Schema>::try_from(&mut root_value) {
        ForEditors.transform(schema);
    }
    let Value::Object(body) = root_value else {
        unreachable!("root stays an object")
    };
    let mut document = Map::new();
    document.insert(
        "$schema".into(),
        Value::String("http://json-schema.org/draft-07/schema#".into()),
    );
    if let Some(id) = meta.id {
        document.insert("$id".into(), Value::String(id.to_owned()));
    }
    document.insert(
        "title".into(),
        Value::String(meta.title.unwrap_or(root_name).to_owned()),
    );
    for (key, value) in body {
        if key != "$schema" && key != "title" && key != "$id" {
            document.insert(key, value);
        }
    }
    Value::Object(document)
}

fn reshape_union(model: &Model, name: &str, schema: &mut Value) {
    let Some(ty) = model.get(name) else { return };
    let Shape::Union(union) = &ty.shape else {
        return;
    };
    let Some(tag) = &union.tag else { return };
    // The members as schemars wrote them, in the order of the IR's variants.
    let arms = ["oneOf", "anyOf"]
        .iter()
        .find_map(|key| schema.get(*key).and_then(Value::as_array))
        .filter(|arms| arms.len() == union.variants.len());
    let mut values = Vec::new();
    let mut branches = Vec::new();
    for (i, variant) in union.variants.iter().enumerate() {
        let Some(value) = &variant.tag_value else {
            return;
        };
        let then = match (&variant.ty, arms) {
            (TypeRef::Named { name: target }, _) => {
                json!({ "$ref": format!("#/definitions/{}", escape_ref(target)) })
            }
            // An object variant (serde's `#[serde(tag)]` enums): the member itself, which
            // holds the tag and, closed, refuses the keys of the other variants.
            (_, Some(arms)) => arms[i].clone(),
            (_, None) => return,
        };
        values.push(Value::String(value.clone()));
        branches.push(json!({
            "if": {
                "properties": { tag.as_str(): { "const": value } },
                "required": [tag],
            },
            "then": then,
        }));
    }
    let mut reshaped = Map::new();
    if let Some(description) = &ty.description {
        reshaped.insert("description".into(), Value::String(description.clone()));
    }
    reshaped.insert("type".into(), Value::String("object".into()));
    reshaped.insert("required".into(), json!([tag]));
    reshaped.insert(
        "properties".into(),
        json!({ tag.as_str(): { "type": "string", "enum": values } }),
    );
    reshaped.insert("allOf".into(), Value::Array(branches));
    // A union at the root keeps the definitions its branches refer to.
    if let Some(definitions) = schema.get_mut("definitions").map(Value::take) {
        reshaped.insert("definitions".into(), definitions);
    }
    *schema = Value::Object(reshaped);
}

/// `deprecationMessage` beside `deprecated` on the type `name`'s schema and its fields'.
fn add_deprecation_messages(model: &Model, name: &str, schema: &mut Value) {
    let Some(ty) = model.get(name) else { return };
    if let Some(deprecation) = &ty.deprecated {
        insert_message(schema, deprecation.message(name));
    }
    let (Shape::Struct(s), Some(Value::Object(properties))) =
        (&ty.shape, schema.get_mut("properties"))
    else {
        return;
    };
    for field in &s.fields {
        if let (Some(deprecation), Some(property)) =
            (&field.deprecated, properties.get_mut(&field.name))
        {
            insert_message(property, deprecation.message(&field.name));
        }
    }
}

fn insert_message(schema: &mut Value, message: String) {
    let Value::Object(map) = schema else { return };
    let at = map
        .keys()
        .position(|k| k == "deprecated")
        .map_or(map.len(), |i| i + 1);
    map.shift_insert(at, "deprecationMessage".into(), Value::String(message));
}

fn escape_ref(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The rewrites of every subschema for editors: one walk, schemars' own over the keywords that
/// hold schemas ([`transform_subschemas`]), so keys under `properties` and `definitions` are
/// names and values under `default`, `enum`, `const` or `examples` are data, left as written.
/// At each schema, in order: a single alternative folded in, integer bounds added, the
/// `markdownDescription` twin added; then its subschemas (a folded member's among them).
struct ForEditors;

impl Transform for ForEditors {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(map) = schema.as_object_mut() {
            fold_single_alternatives(map);
            add_integer_bounds(map);
            add_markdown_description(map);
        }
        transform_subschemas(self, schema);
    }
}

/// A `oneOf`/`anyOf` of one member (not a `$ref`) merged into its schema; the schema's own
/// keys (its description) win.
fn fold_single_alternatives(map: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let single = matches!(map.get(key), Some(Value::Array(list)) if list.len() == 1
            && list[0].as_object().is_some_and(|m| !m.contains_key("$ref")));
        if single {
            let Some(Value::Array(mut list)) = map.remove(key) else {
                unreachable!()
            };
            if let Value::Object(member) = list.remove(0) {
                for (k, v) in member {
                    if k == "description" && map.contains_key("description") {
                        continue;
                    }
                    map.entry(k).or_insert(v);
                }
            }
        }
    }
}

/// The range of a schemars integer format ([`IntegerWidth`]), when it is one of up to 64 bits.
fn integer_format_range(format: &str) -> Option<(Value, Value)> {
    let width = IntegerWidth::from_format(format).filter(|w| w.bits <= 64)?;
    let min = i64::try_from(width.min()).ok()?;
    let max = u64::try_from(width.max()).ok()?;
    Some((json!(min), json!(max)))
}

/// An integer schema with a width `format`: the width's `minimum`/`maximum` where it has none,
/// right after the `format`.
fn add_integer_bounds(map: &mut Map<String, Value>) {
    let integer = match map.get("type") {
        Some(Value::String(t)) => t == "integer",
        Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
        _ => false,
    };
    let range = map
        .get("format")
        .and_then(Value::as_str)
        .and_then(integer_format_range);
    if let (true, Some((min, max))) = (integer, range) {
        let at = map
            .keys()
            .position(|k| k == "format")
            .map_or(map.len(), |i| i + 1);
        let has_max = map.contains_key("maximum") || map.contains_key("exclusiveMaximum");
        let has_min = map.contains_key("minimum") || map.contains_key("exclusiveMinimum");
        if !has_max {
            map.shift_insert(at, "maximum".into(), max);
        }
        if !has_min {
            map.shift_insert(at, "minimum".into(), min);
        }
    }
}

/// The description normalised, and its `markdownDescription` twin right after it, so that a
/// reader sees the pair together.
fn add_markdown_description(map: &mut Map<String, Value>) {
    if let Some(index) = map.keys().position(|k| k == "description")
        && let Some(Value::String(description)) = map.get("description")
    {
        let text = crate::ir::normalize_description(description);
        map.insert("description".into(), Value::String(text.clone()));
        map.shift_insert(index + 1, "markdownDescription".into(), Value::String(text));
    }
}

#[cfg(test)]
mod tests {
    use schemars::generate::SchemaSettings;
    use serde_json::json;

    use super::*;
    use crate::ir::test_models::{Pipeline, pipeline};

    /// Each error a draft-07 validator reports for `value`, as `pointer: message`.
    fn errors(schema: &Value, value: &Value) -> Vec<String> {
        let validator = jsonschema::draft7::options()
            .should_validate_formats(false)
            .build(schema)
            .expect("the schema compiles");
        validator
            .iter_errors(value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    #[test]
    fn a_serde_tagged_enum_is_one_if_then_per_tag_value() {
        let raw = SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<Pipeline>()
            .to_value();
        let meta = SchemaMeta {
            id: None,
            title: None,
        };
        let schema = render_document(&pipeline(), "Pipeline", raw, &meta);
        let step = &schema["definitions"]["Step"];
        assert_eq!(
            step["properties"]["type"]["enum"],
            json!(["run", "cache", "wait", "noop"])
        );
        let branches = step["allOf"].as_array().expect("one branch per value");
        assert_eq!(branches.len(), 4);
        assert_eq!(
            branches[0]["if"],
            json!({"properties": {"type": {"const": "run"}}, "required": ["type"]})
        );
        // The variant as schemars wrote it: the struct's fields and the tag, closed.
        assert_eq!(branches[0]["then"]["additionalProperties"], json!(false));
        assert_eq!(
            branches[1]["then"]["allOf"],
            json!([{"$ref": "#/definitions/CacheStep"}])
        );
        // A validator names the variant's own problem, not "none of the alternatives".
        assert_eq!(
            errors(
                &schema,
                &json!({"steps": [{"type": "run", "cmd": "make", "key": "k"}]})
            ),
            ["/steps/0: Additional properties are not allowed ('key' was unexpected)"]
        );
        assert_eq!(
            errors(&schema, &json!({"steps": [{"type": "cache"}]})),
            ["/steps/0: \"key\" is a required property"]
        );
        let wrong_tag = errors(&schema, &json!({"steps": [{"type": "sleep"}]}));
        assert_eq!(wrong_tag.len(), 1, "{wrong_tag:?}");
        assert!(
            wrong_tag[0].starts_with("/steps/0/type: \"sleep\" is not one of"),
            "{wrong_tag:?}"
        );
        assert_eq!(
            errors(
                &schema,
                &json!({"steps": [{"type": "cache", "key": "k", "x": 1}, {"type": "noop"}]})
            ),
            Vec::<String>::new()
        );
    }
}
