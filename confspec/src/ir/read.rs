//! Reading draft-07 JSON Schema as schemars writes it for serde types into the IR's shapes:
//! structs, enums of every tagging, options, collections, maps, flattening, validation
//! attributes; and descriptions normalised to markdown.

use serde_json::{Map, Value};

use super::text::description;
use super::types::*;

/// The serialised name of a union's variant: its tag value, the single key of an externally
/// tagged variant, or the string of a unit variant.
pub(super) fn variant_name(variant: &Variant) -> Option<&str> {
    if let Some(tag) = &variant.tag_value {
        return Some(tag);
    }
    match &variant.ty {
        TypeRef::Literal { value } => value.as_str(),
        TypeRef::Object { shape } if shape.fields.len() == 1 && shape.fields[0].required => {
            Some(&shape.fields[0].name)
        }
        _ => None,
    }
}

/// `Some` when schemars marked the schema `"deprecated": true` (the note is added later).
pub(super) fn deprecated(schema: &Value) -> Option<Deprecation> {
    (schema.get("deprecated") == Some(&Value::Bool(true))).then_some(Deprecation { note: None })
}

pub(super) struct Reader<'a> {
    pub(super) type_name: &'a str,
}

impl Reader<'_> {
    fn error(&self, pointer: &str, message: impl Into<String>) -> IrError {
        IrError {
            type_name: self.type_name.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    pub(super) fn shape(&self, schema: &Value) -> Result<Shape, IrError> {
        let Some(obj) = schema.as_object() else {
            return Ok(Shape::Alias {
                target: self.type_ref(schema, "")?,
            });
        };
        if is_object_schema(obj) {
            return Ok(Shape::Struct(self.object(obj, "")?));
        }
        if let Some(values) = literal_set(obj)
            && !(values.len() == 1 && obj.contains_key("const"))
        {
            return Ok(Shape::Enum { values });
        }
        if let Some(list) = union_members(obj)
            && !is_nullable_pair(list)
        {
            let mut variants = Vec::new();
            for (i, member) in list.iter().enumerate() {
                let pointer = format!("/{}/{i}", union_keyword(obj));
                variants.push(Variant {
                    ty: self.type_ref(member, &pointer)?,
                    tag_value: None,
                    description: description(member),
                    deprecated: deprecated(member),
                    member: extended_struct(member),
                });
            }
            return Ok(Shape::Union(Union {
                tag: None,
                variants,
            }));
        }
        Ok(Shape::Alias {
            target: self.type_ref(schema, "")?,
        })
    }

    /// A map whose keys match a pattern: schemars' form of a map with integer keys
    /// (`"patternProperties": {"^\\d+$": V}`, no other key). Other uses of `patternProperties`
    /// are errors.
    fn pattern_map(
        &self,
        obj: &Map<String, Value>,
        patterns: &Value,
        pointer: &str,
    ) -> Result<TypeRef, IrError> {
        let at = format!("{pointer}/patternProperties");
        let patterns = patterns
            .as_object()
            .ok_or_else(|| self.error(&at, "`patternProperties` that is not an object"))?;
        let [(pattern, value)] = patterns.iter().collect::<Vec<_>>()[..] else {
            return Err(self.error(
                &at,
                format!(
                    "a map whose keys match one of {} patterns is not supported (one pattern is: \
                     a map with integer keys)",
                    patterns.len()
                ),
            ));
        };
        if !matches!(
            obj.get("additionalProperties"),
            None | Some(Value::Bool(false))
        ) || obj.contains_key("propertyNames")
        {
            return Err(self.error(
                &at,
                "a map with keys matching a pattern and other keys besides is not supported",
            ));
        }
        Ok(TypeRef::Map {
            key: Some(Box::new(TypeRef::String(StringRules {
                pattern: Some(pattern.clone()),
                ..StringRules::default()
            }))),
            value: Box::new(self.type_ref(value, &format!("{at}/{}", escape_pointer(pattern)))?),
        })
    }

    fn object(&self, obj: &Map<String, Value>, pointer: &str) -> Result<Struct, IrError> {
        if obj.contains_key("patternProperties") {
            return Err(self.error(
                &format!("{pointer}/patternProperties"),
                "an object with declared keys and keys matching a pattern (a struct with a \
                 flattened map whose keys are integers) is not supported",
            ));
        }
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let ptr = format!("{pointer}/properties/{}", escape_pointer(name));
                fields.push(Field {
                    name: name.clone(),
                    description: description(prop),
                    ty: self.type_ref(prop, &ptr)?,
                    required: required.contains(&name.as_str()),
                    default: prop.get("default").cloned(),
                    deprecated: deprecated(prop),
                    read_only: prop
                        .get("readOnly")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    doc: None,
                    place: None,
                });
            }
        }
        let (deny_unknown, extra) = match obj.get("additionalProperties") {
            Some(Value::Bool(false)) => (true, None),
            None | Some(Value::Bool(true)) => (false, None),
            Some(schema) => (
                false,
                Some(Box::new(self.type_ref(
                    schema,
                    &format!("{pointer}/additionalProperties"),
                )?)),
            ),
        };
        let exactly_one_of = obj
            .get("oneOf")
            .and_then(Value::as_array)
            .map(|members| {
                members
                    .iter()
                    .filter_map(|m| {
                        let m = m.as_object()?;
                        // `required`, optionally with the non-null types of those fields.
                        if m.keys().any(|k| k != "required" && k != "properties") {
                            return None;
                        }
                        let req = m.get("required")?.as_array()?;
                        Some(
                            req.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect::<Vec<_>>(),
                        )
                    })
                    .flatten()
                    .collect::<Vec<_>>()
            })
            .filter(|group: &Vec<String>| !group.is_empty())
            .map(|group| vec![group])
            .unwrap_or_default();
        let given_when_non_empty = fields
            .iter()
            .map(|f| f.name.clone())
            .filter(|name| {
                obj.get("oneOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| {
                        m.pointer(&format!("/properties/{}/minLength", escape_pointer(name)))
                    })
                    .any(|min| min.as_u64().is_some_and(|m| m >= 1))
            })
            .collect();
        let rules = obj
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|member| member.is_object())
            .map(|member| SchemaRule {
                description: description(member),
                schema: member.clone(),
            })
            .collect();
        Ok(Struct {
            fields,
            deny_unknown,
            extra,
            exactly_one_of,
            given_when_non_empty,
            rules,
        })
    }

    fn type_ref(&self, schema: &Value, pointer: &str) -> Result<TypeRef, IrError> {
        let obj = match schema {
            Value::Bool(true) => return Ok(TypeRef::Any),
            Value::Bool(false) => return Err(self.error(pointer, "a schema that accepts nothing")),
            Value::Object(obj) => obj,
            _ => {
                return Err(self.error(pointer, "a schema that is neither an object nor a boolean"));
            }
        };
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            return Ok(TypeRef::Named {
                name: ref_name(reference).ok_or_else(|| {
                    self.error(pointer, format!("unsupported reference `{reference}`"))
                })?,
            });
        }
        if let Some(all) = obj.get("allOf").and_then(Value::as_array)
            && all.len() == 1
            && !obj.contains_key("properties")
        {
            return self.type_ref(&all[0], &format!("{pointer}/allOf/0"));
        }
        if let Some(value) = obj.get("const") {
            return Ok(TypeRef::Literal {
                value: value.clone(),
            });
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            let nullable = values.iter().any(Value::is_null);
            let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
            let inner = if values.len() == 1 {
                TypeRef::Literal {
                    value: values[0].clone(),
                }
            } else {
                TypeRef::Enum { values }
            };
            return Ok(if nullable { nullable_of(inner) } else { inner });
        }
        if let Some(members) = union_members(obj) {
            let keyword = union_keyword(obj);
            let mut variants = Vec::new();
            let mut nullable = false;
            for (i, member) in members.iter().enumerate() {
                if member.get("type").and_then(Value::as_str) == Some("null")
                    && member.as_object().is_some_and(|m| m.len() <= 2)
                {
                    nullable = true;
                    continue;
                }
                variants.push(self.type_ref(member, &format!("{pointer}/{keyword}/{i}"))?);
            }
            // A union of single literals is an enum.
            let inner = if variants.len() > 1
                && variants
                    .iter()
                    .all(|v| matches!(v, TypeRef::Literal { .. }))
            {
                TypeRef::Enum {
                    values: variants
                        .into_iter()
                        .map(|v| match v {
                            TypeRef::Literal { value } => value,
                            _ => unreachable!("checked above"),
                        })
                        .collect(),
                }
            } else if variants.len() == 1 {
                variants.pop().expect("one variant")
            } else if variants.is_empty() {
                TypeRef::Null
            } else {
                TypeRef::Union { variants }
            };
            return Ok(if nullable { nullable_of(inner) } else { inner });
        }
        match obj.get("type") {
            None => {
                if obj.contains_key("properties") {
                    return Ok(TypeRef::Object {
                        shape: Box::new(self.object(obj, pointer)?),
                    });
                }
                Ok(TypeRef::Any)
            }
            Some(Value::String(t)) => self.typed(t, obj, pointer),
            Some(Value::Array(types)) => {
                let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                let nullable = names.contains(&"null");
                let rest: Vec<&str> = names.into_iter().filter(|t| *t != "null").collect();
                let inner = match rest.as_slice() {
                    [] => TypeRef::Null,
                    [one] => self.typed(one, obj, pointer)?,
                    many => TypeRef::Union {
                        variants: many
                            .iter()
                            .map(|t| self.typed(t, obj, pointer))
                            .collect::<Result<_, _>>()?,
                    },
                };
                Ok(if nullable { nullable_of(inner) } else { inner })
            }
            Some(other) => Err(self.error(pointer, format!("unsupported `type`: {other}"))),
        }
    }

    fn typed(&self, t: &str, obj: &Map<String, Value>, pointer: &str) -> Result<TypeRef, IrError> {
        let num = |key: &str| obj.get(key).and_then(Value::as_f64);
        let uint = |key: &str| obj.get(key).and_then(Value::as_u64);
        let format = obj.get("format").and_then(Value::as_str).map(str::to_owned);
        Ok(match t {
            "null" => TypeRef::Null,
            "boolean" => TypeRef::Bool,
            "integer" | "number" => {
                let rules = NumberRules {
                    minimum: num("minimum"),
                    maximum: num("maximum"),
                    exclusive_minimum: num("exclusiveMinimum"),
                    exclusive_maximum: num("exclusiveMaximum"),
                    multiple_of: num("multipleOf"),
                    format,
                };
                if t == "integer" {
                    TypeRef::Integer(rules)
                } else {
                    TypeRef::Number(rules)
                }
            }
            "string" => TypeRef::String(StringRules {
                min_length: uint("minLength"),
                max_length: uint("maxLength"),
                pattern: obj
                    .get("pattern")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                format,
            }),
            "array" => match obj.get("items") {
                Some(Value::Array(items)) => TypeRef::Tuple {
                    items: items
                        .iter()
                        .enumerate()
                        .map(|(i, s)| self.type_ref(s, &format!("{pointer}/items/{i}")))
                        .collect::<Result<_, _>>()?,
                },
                Some(item) => TypeRef::List {
                    item: Box::new(self.type_ref(item, &format!("{pointer}/items"))?),
                    min_items: uint("minItems"),
                    max_items: uint("maxItems"),
                    unique: obj
                        .get("uniqueItems")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                },
                None => TypeRef::List {
                    item: Box::new(TypeRef::Any),
                    min_items: uint("minItems"),
                    max_items: uint("maxItems"),
                    unique: obj
                        .get("uniqueItems")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                },
            },
            "object" => {
                if obj.contains_key("properties") {
                    TypeRef::Object {
                        shape: Box::new(self.object(obj, pointer)?),
                    }
                } else if let Some(patterns) = obj.get("patternProperties") {
                    self.pattern_map(obj, patterns, pointer)?
                } else {
                    let value = match obj.get("additionalProperties") {
                        None | Some(Value::Bool(true)) => TypeRef::Any,
                        Some(schema) => {
                            self.type_ref(schema, &format!("{pointer}/additionalProperties"))?
                        }
                    };
                    let key = match obj.get("propertyNames") {
                        Some(names) => Some(Box::new(
                            self.type_ref(names, &format!("{pointer}/propertyNames"))?,
                        )),
                        None => None,
                    };
                    TypeRef::Map {
                        key,
                        value: Box::new(value),
                    }
                }
            }
            other => return Err(self.error(pointer, format!("unsupported `type` \"{other}\""))),
        })
    }
}

/// The named type an object variant extends: schemars writes a newtype variant of an
/// internally tagged enum whose struct accepts unknown keys as the tag's properties beside
/// `allOf: [{"$ref": struct}]` (its fields are added to the variant by
/// [`super::Model::from_definitions`]).
fn extended_struct(member: &Value) -> Option<String> {
    let obj = member.as_object()?;
    if !obj.contains_key("properties") {
        return None;
    }
    match obj.get("allOf")?.as_array()?.as_slice() {
        [only] => ref_name(only.get("$ref")?.as_str()?),
        _ => None,
    }
}

fn nullable_of(inner: TypeRef) -> TypeRef {
    match inner {
        TypeRef::Nullable { .. } | TypeRef::Null | TypeRef::Any => inner,
        other => TypeRef::Nullable {
            inner: Box::new(other),
        },
    }
}

fn is_object_schema(obj: &Map<String, Value>) -> bool {
    obj.get("type").and_then(Value::as_str) == Some("object") && obj.contains_key("properties")
        || (obj.get("type").and_then(Value::as_str) == Some("object")
            && obj.get("additionalProperties") == Some(&Value::Bool(false))
            // A map with integer keys: no other key, and keys matching a pattern.
            && !obj.contains_key("patternProperties"))
}

fn literal_set(obj: &Map<String, Value>) -> Option<Vec<Value>> {
    if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    if let Some(value) = obj.get("const") {
        return Some(vec![value.clone()]);
    }
    let members = union_members(obj)?;
    let values: Option<Vec<Value>> = members
        .iter()
        .map(|m| {
            m.get("const").cloned().or_else(|| {
                m.get("enum")
                    .and_then(Value::as_array)
                    .filter(|e| e.len() == 1)
                    .map(|e| e[0].clone())
            })
        })
        .collect();
    values.filter(|v| !v.is_empty())
}

fn union_keyword(obj: &Map<String, Value>) -> &'static str {
    if obj.contains_key("oneOf") {
        "oneOf"
    } else {
        "anyOf"
    }
}

fn union_members(obj: &Map<String, Value>) -> Option<&Vec<Value>> {
    if obj.contains_key("properties") {
        return None;
    }
    obj.get("oneOf")
        .or_else(|| obj.get("anyOf"))
        .and_then(Value::as_array)
}

fn is_nullable_pair(list: &[Value]) -> bool {
    list.len() == 2
        && list
            .iter()
            .any(|m| m.get("type").and_then(Value::as_str) == Some("null"))
}

pub(super) fn ref_name(reference: &str) -> Option<String> {
    let raw = reference
        .strip_prefix("#/definitions/")
        .or_else(|| reference.strip_prefix("#/$defs/"))?;
    Some(raw.replace("~1", "/").replace("~0", "~"))
}

fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
