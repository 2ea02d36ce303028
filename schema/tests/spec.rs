//! The model against its specification, field by field: every type of
//! `../shared/reference/dstack-server-config-model.md` (relative to the workspace root) is read
//! and compared with the JSON Schema schemars derives from the Rust types: the type's name, its
//! fields in order, each field's requiredness, type, default and description (verbatim where the
//! specification gives one; present where it gives none), and the `type` tag's description
//! convention.
//!
//! The specification lives outside the repository; without it this test prints that it was
//! skipped. The committed schema snapshot (`codegen/tests/snapshots/`) and the fixtures cover
//! the same facts in a plain clone.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// One row of a specification table.
#[derive(Debug)]
struct SpecField {
    name: String,
    ty: String,
    required: bool,
    default: Option<String>,
    description: Option<String>,
}

fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/dstack-server-config-model.md")
}

/// Reads every `## Type` section with its field table.
fn read_spec(text: &str) -> BTreeMap<String, Vec<SpecField>> {
    let mut types = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            current = Some(name.trim().to_owned());
            types.insert(name.trim().to_owned(), Vec::new());
            continue;
        }
        let Some(name) = &current else { continue };
        if !line.starts_with("| `") {
            continue;
        }
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split(" | ")
            .map(str::trim)
            .collect();
        assert_eq!(cells.len(), 5, "unexpected table row: {line}");
        let unquote = |cell: &str| cell.trim_matches('`').to_owned();
        let optional = |cell: &str| (cell != "—").then(|| unquote(cell));
        types.get_mut(name).unwrap().push(SpecField {
            name: unquote(cells[0]),
            ty: unquote(cells[1]),
            required: match cells[2] {
                "yes" => true,
                "no" => false,
                other => panic!("requiredness `{other}` in {line}"),
            },
            default: optional(cells[3]),
            // Verbatim: a description may start or end with inline code.
            description: (cells[4] != "—").then(|| cells[4].to_owned()),
        });
    }
    types
}

/// The draft-07 definitions of every type reachable from the root, plus the root itself.
fn definitions() -> BTreeMap<String, Value> {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let root = generator.into_root_schema_for::<schema::ServerConfig>();
    let mut root = root.to_value();
    let mut out: BTreeMap<String, Value> = root
        .as_object_mut()
        .unwrap()
        .remove("definitions")
        .and_then(|d| serde_json::from_value(d).ok())
        .unwrap_or_default();
    out.insert("ServerConfig".to_owned(), root);
    out
}

/// Whether a property schema accepts `null`.
fn nullable(prop: &Value) -> bool {
    match prop.get("type") {
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        Some(Value::String(t)) => t == "null",
        _ => prop
            .get("anyOf")
            .or_else(|| prop.get("oneOf"))
            .and_then(Value::as_array)
            .is_some_and(|alts| {
                alts.iter()
                    .any(|a| a.get("type") == Some(&Value::from("null")))
            }),
    }
}

/// The schema type of a property without its `null` alternative, as a short word.
fn base_type(prop: &Value) -> String {
    if let Some(reference) = prop.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap().to_owned();
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(alts) = prop.get(key).and_then(Value::as_array) {
            let named: Vec<String> = alts
                .iter()
                .filter(|a| a.get("type") != Some(&Value::from("null")))
                .map(base_type)
                .collect();
            if named.len() == 1 {
                return named[0].clone();
            }
        }
    }
    let ty = match prop.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("?")
            .to_owned(),
        Some(Value::String(t)) => t.clone(),
        _ => "?".to_owned(),
    };
    match ty.as_str() {
        "array" => format!("List[{}]", base_type(&prop["items"])),
        "object" => match prop.get("additionalProperties") {
            Some(inner @ Value::Object(_)) => format!("Mapping[str, {}]", base_type(inner)),
            _ => "object".to_owned(),
        },
        "string" => match prop.get("enum").or_else(|| prop.get("const")) {
            Some(Value::Array(values)) if values.len() == 1 => {
                format!("Literal['{}']", values[0].as_str().unwrap())
            }
            Some(Value::String(value)) => format!("Literal['{value}']"),
            _ => "str".to_owned(),
        },
        "integer" => "int".to_owned(),
        "boolean" => "bool".to_owned(),
        other => other.to_owned(),
    }
}

/// The specification's type with `Optional[...]` removed, in the words of [`base_type`].
fn spec_base_type(ty: &str) -> (String, bool) {
    let ty = ty.split("  (").next().unwrap().trim();
    match ty
        .strip_prefix("Optional[")
        .and_then(|t| t.strip_suffix(']'))
    {
        Some(inner) => (inner.to_owned(), true),
        None => (ty.to_owned(), false),
    }
}

/// The union names the conventions give to `Union[...]` fields.
fn union_name(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "Union[AWSAccessKeyCreds, AWSDefaultCreds]" => "AWSCreds",
        "Union[AzureClientCreds, AzureDefaultCreds]" => "AzureCreds",
        "Union[GCPServiceAccountCreds, GCPDefaultCreds]" => "GCPCreds",
        "Union[OCIClientCreds, OCIDefaultCreds]" => "OCICreds",
        _ => return None,
    })
}

/// The description the conventions require for a `type` tag.
fn tag_description(type_name: &str) -> &'static str {
    if type_name == "AWSConfig" || type_name == "AzureConfig" {
        "The type of the backend"
    } else if type_name.ends_with("Config") {
        "The type of backend"
    } else {
        "The type of credentials"
    }
}

#[test]
fn model_matches_the_specification() {
    let path = spec_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is not present", path.display());
        return;
    };
    let spec = read_spec(&text);
    assert!(
        spec.len() >= 30,
        "read only {} types from the specification",
        spec.len()
    );
    let defs = definitions();
    let mut problems = Vec::new();
    for (type_name, fields) in &spec {
        let Some(def) = defs.get(type_name) else {
            problems.push(format!("{type_name}: no schema definition of that name"));
            continue;
        };
        let props = def["properties"].as_object().expect("an object type");
        let names: Vec<&str> = props.keys().map(String::as_str).collect();
        let expected: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        if names != expected {
            problems.push(format!(
                "{type_name}: fields {names:?}, specification {expected:?}"
            ));
        }
        if def.get("additionalProperties") != Some(&Value::Bool(false)) {
            problems.push(format!("{type_name}: unknown keys are not rejected"));
        }
        let required: Vec<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for field in fields {
            let at = format!("{type_name}.{}", field.name);
            let Some(prop) = props.get(&field.name) else {
                continue;
            };
            if required.contains(&field.name.as_str()) != field.required {
                problems.push(format!("{at}: required should be {}", field.required));
            }
            let (spec_ty, optional) = spec_base_type(&field.ty);
            let spec_ty = union_name(&spec_ty).map_or(spec_ty.clone(), str::to_owned);
            let ours = base_type(prop);
            if ours != spec_ty {
                problems.push(format!("{at}: type {ours}, specification {spec_ty}"));
            }
            if nullable(prop) != optional {
                problems.push(format!(
                    "{at}: accepts null: {}, specification Optional: {optional}",
                    nullable(prop)
                ));
            }
            let default = prop
                .get("default")
                .map(|d| d.as_str().unwrap_or("?").to_owned());
            if default != field.default {
                problems.push(format!(
                    "{at}: default {default:?}, specification {:?}",
                    field.default
                ));
            }
            let description = prop.get("description").and_then(Value::as_str);
            match (&field.description, description) {
                (_, None) => problems.push(format!("{at}: no description")),
                (Some(spec), Some(ours)) if spec != ours => problems.push(format!(
                    "{at}: description {ours:?}, specification {spec:?}"
                )),
                _ => {}
            }
            if field.name == "type" && description != Some(tag_description(type_name)) {
                problems.push(format!(
                    "{at}: description {description:?}, convention {:?}",
                    tag_description(type_name)
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the model differs from the specification:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_model_type_is_specified() {
    let path = spec_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is not present", path.display());
        return;
    };
    let spec = read_spec(&text);
    let unions = [
        "BackendConfig",
        "AWSCreds",
        "AzureCreds",
        "GCPCreds",
        "OCICreds",
    ];
    for name in definitions().keys() {
        assert!(
            spec.contains_key(name) || unions.contains(&name.as_str()),
            "{name} is in the model but not in the specification"
        );
    }
}
