//! The round-trip comparison: the example as written against what the model serialises back,
//! as YAML values (mappings unordered, sequences in order, integers and floats distinct).

use confspec_load::{Node, Pos, Segment};
use serde_json::Value as Json;

/// One difference between the original and the value given back.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Where, in the original's terms (for an added key: the key the model added).
    pub path: Vec<Segment>,
    /// What changed, in one sentence.
    pub message: String,
}

/// Whether the key at `path` holding `value` means the same as the key omitted: a key the
/// original lacks that the value given back holds with what the model fills in, or a `null` the
/// original writes for a key the model leaves out (then it is not a difference).
pub type Omitted<'a> = &'a dyn Fn(&[Segment], &Json) -> bool;

/// Every difference between `original` and `back`, in the original's order; a key `back` adds
/// is not one when `omitted` says it is the default, nor a `null` of the original that `back`
/// leaves out when `omitted` says `null` is the same as no key.
pub fn differences(original: &Json, back: &Json, omitted: Omitted<'_>) -> Vec<Difference> {
    let mut out = Vec::new();
    compare(original, back, omitted, &mut Vec::new(), &mut out);
    out
}

fn compare(
    original: &Json,
    back: &Json,
    omitted: Omitted<'_>,
    path: &mut Vec<Segment>,
    out: &mut Vec<Difference>,
) {
    match (original, back) {
        (Json::Object(a), Json::Object(b)) => {
            for (key, value) in a {
                path.push(Segment::Key(key.clone()));
                match b.get(key) {
                    Some(other) => compare(value, other, omitted, path, out),
                    None if value.is_null() && omitted(path, value) => {}
                    None => out.push(Difference {
                        path: path.clone(),
                        message: format!(
                            "the model drops `{key}` (the example has {}): it does not round-trip",
                            describe(value)
                        ),
                    }),
                }
                path.pop();
            }
            for (key, value) in b {
                if !a.contains_key(key) {
                    path.push(Segment::Key(key.clone()));
                    if !omitted(path, value) {
                        out.push(Difference {
                            path: path.clone(),
                            message: format!(
                                "the model adds `{key}: {}`, which the example does not have (a default injected on output)",
                                compact(value)
                            ),
                        });
                    }
                    path.pop();
                }
            }
        }
        (Json::Array(a), Json::Array(b)) => {
            for (index, value) in a.iter().enumerate() {
                path.push(Segment::Index(index));
                match b.get(index) {
                    Some(other) => compare(value, other, omitted, path, out),
                    None => out.push(Difference {
                        path: path.clone(),
                        message: format!("the model drops item {index} ({})", describe(value)),
                    }),
                }
                path.pop();
            }
            for (index, value) in b.iter().enumerate().skip(a.len()) {
                path.push(Segment::Index(index));
                out.push(Difference {
                    path: path.clone(),
                    message: format!("the model adds item {index} ({})", describe(value)),
                });
                path.pop();
            }
        }
        (a, b) if same_scalar(a, b) => {}
        (a, b) => out.push(Difference {
            path: path.clone(),
            message: format!(
                "the model changes the value: the example has {}, the model writes back {}",
                describe(a),
                describe(b)
            ),
        }),
    }
}

/// Scalars are the same YAML value: equal and of the same kind (an integer is not a float).
fn same_scalar(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.is_f64() == y.is_f64() && x == y,
        _ => a == b,
    }
}

/// The value and its YAML kind: `32000 (integer)`, `"32000" (string)`.
fn describe(value: &Json) -> String {
    let kind = match value {
        Json::Null => return "null".to_owned(),
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_f64() => "float",
        Json::Number(_) => "integer",
        Json::String(_) => "string",
        Json::Array(_) => "list",
        Json::Object(_) => "mapping",
    };
    format!("`{}` ({kind})", compact(value))
}

/// Compact JSON, cut after 60 characters.
fn compact(value: &Json) -> String {
    let text = value.to_string();
    if text.chars().count() <= 60 {
        return text;
    }
    let cut: String = text.chars().take(59).collect();
    format!("{cut}…")
}

/// The position to report for `path` in the original: the key's position when it exists,
/// else the closest existing ancestor's (an added key is reported at its parent).
pub fn position(node: &Node, path: &[Segment]) -> Pos {
    for len in (0..=path.len()).rev() {
        if let Some(pos) = node.locate(&path[..len]) {
            return pos;
        }
    }
    node.pos
}

/// The value at `path` in a JSON document written as a JSON pointer, as YAML path segments
/// (array positions become indices, everything else keys).
pub fn pointer_segments(root: &Json, pointer: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current = Some(root);
    for raw in pointer.split('/').skip(1) {
        let part = raw.replace("~1", "/").replace("~0", "~");
        match current {
            Some(Json::Array(items)) => match part.parse::<usize>() {
                Ok(index) => {
                    current = items.get(index);
                    segments.push(Segment::Index(index));
                }
                Err(_) => {
                    current = None;
                    segments.push(Segment::Key(part));
                }
            },
            Some(Json::Object(map)) => {
                current = map.get(&part);
                segments.push(Segment::Key(part));
            }
            _ => {
                current = None;
                segments.push(Segment::Key(part));
            }
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(a: Json, b: Json) -> Vec<(String, String)> {
        differences(&a, &b, &|_, _| false)
            .into_iter()
            .map(|d| (confspec_load::render_path(&d.path), d.message))
            .collect()
    }

    #[test]
    fn equal_values_have_no_differences_whatever_the_key_order() {
        assert!(
            messages(
                json!({"a": 1, "b": [1, {"c": null}]}),
                json!({"b": [1, {"c": null}], "a": 1})
            )
            .is_empty()
        );
    }

    #[test]
    fn reports_coerced_dropped_and_injected_values() {
        let found = messages(
            json!({"p": [{"port": 32000, "regions": null, "on": true}]}),
            json!({"p": [{"port": "32000", "on": true, "type": "aws"}]}),
        );
        assert_eq!(
            found,
            [
                (
                    "p[0].port".to_owned(),
                    "the model changes the value: the example has `32000` (integer), the model writes back `\"32000\"` (string)".to_owned()
                ),
                (
                    "p[0].regions".to_owned(),
                    "the model drops `regions` (the example has null): it does not round-trip".to_owned()
                ),
                (
                    "p[0].type".to_owned(),
                    "the model adds `type: \"aws\"`, which the example does not have (a default injected on output)".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_null_the_model_leaves_out_is_no_difference_where_null_means_no_key() {
        let original = json!({"p": [{"regions": null, "name": null}]});
        let back = json!({"p": [{}]});
        // Where `omitted` says null is the same as no key (an optional field that takes null).
        let nullable = |path: &[Segment], value: &Json| {
            value.is_null() && path.last() == Some(&Segment::Key("regions".into()))
        };
        let found: Vec<String> = differences(&original, &back, &nullable)
            .into_iter()
            .map(|d| confspec_load::render_path(&d.path))
            .collect();
        assert_eq!(found, ["p[0].name"]);
    }

    #[test]
    fn integers_and_floats_differ() {
        assert_eq!(messages(json!(1), json!(1.0)).len(), 1);
        assert!(messages(json!(1.5), json!(1.5)).is_empty());
    }

    #[test]
    fn list_lengths_differ() {
        let found = messages(json!([1, 2]), json!([1]));
        assert_eq!(
            found,
            [(
                "[1]".to_owned(),
                "the model drops item 1 (`2` (integer))".to_owned()
            )]
        );
        let found = messages(json!([1]), json!([1, 3]));
        assert_eq!(
            found,
            [(
                "[1]".to_owned(),
                "the model adds item 1 (`3` (integer))".to_owned()
            )]
        );
    }

    #[test]
    fn pointers_follow_the_document() {
        let doc = json!({"projects": [{"0": {"a/b": 1}}]});
        assert_eq!(
            pointer_segments(&doc, "/projects/0/0/a~1b"),
            [
                Segment::Key("projects".into()),
                Segment::Index(0),
                Segment::Key("0".into()),
                Segment::Key("a/b".into())
            ]
        );
        assert!(pointer_segments(&doc, "").is_empty());
    }

    #[test]
    fn long_values_are_cut() {
        assert!(compact(&json!("x".repeat(100))).ends_with('…'));
    }
}
