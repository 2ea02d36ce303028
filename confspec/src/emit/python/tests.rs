//! Unit tests of the Python emitter on a hand-built model
//! (`tests/python/fixtures/hostile.json`): hostile descriptions, keyword and non-identifier
//! keys, every kind of type reference. `codegen/tests/python.rs` runs the same package under
//! pydantic and mypy.

use std::collections::HashMap;

use super::names::*;
use super::pytype::*;
use super::*;
use crate::hash::HashSet;
use serde_json::Value;
use std::path::Path;

fn hostile() -> Model {
    let text = include_str!("../../../../tests/python/fixtures/hostile.json");
    let definitions: serde_json::Map<String, Value> = serde_json::from_str(text).expect("JSON");
    let definitions: Vec<(String, Value)> = definitions.into_iter().collect();
    Model::from_definitions(&definitions, &HashMap::new()).expect("the IR reads it")
}

fn settings(roots: &[&str]) -> PackageOutput {
    PackageOutput {
        output: PathBuf::from("out"),
        name: "hostile-names".to_owned(),
        version: "1.0.0".to_owned(),
        roots: roots.iter().map(|r| (*r).to_owned()).collect(),
    }
}

fn render(model: &Model, roots: &[&str]) -> Vec<(PathBuf, String)> {
    let env = crate::templates::environment(None).expect("the embedded templates load");
    package(model, &settings(roots), &env)
        .expect("the package renders")
        .into_iter()
        .map(|file| (file.path, file.text))
        .collect()
}

fn models_py(files: &[(PathBuf, String)]) -> String {
    files
        .iter()
        .find(|(p, _)| p == Path::new("hostile_names/models.py"))
        .expect("models.py")
        .1
        .clone()
}

#[test]
fn string_literals_escape_everything_that_could_end_them() {
    assert_eq!(py_str(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    assert_eq!(py_str("\"\"\""), r#""\"\"\"""#);
    assert_eq!(py_str("line\nbreak\r\ttab"), r#""line\nbreak\r\ttab""#);
    assert_eq!(py_str("\u{7}\u{2028}\u{85}é"), r#""\x07\u2028\x85é""#);
    assert_eq!(py_str(""), r#""""#);
}

#[test]
fn docstrings_keep_line_breaks_and_escape_quotes() {
    assert_eq!(py_docstring("a\n\nb"), "a\n\nb");
    assert_eq!(
        py_docstring(r#"ends with a quote ""#),
        r#"ends with a quote \""#
    );
    assert_eq!(py_docstring(r#"""" and \"#), r#"\"\"\" and \\"#);
    assert_eq!(py_comment("two\nlines\u{2028}here"), "two lines here");
}

#[test]
fn names_that_python_cannot_use_are_changed() {
    let none = HashSet::default();
    assert_eq!(field_ident("class", &none), "class_");
    assert_eq!(field_ident("from", &none), "from_");
    assert_eq!(field_ident("a-b", &none), "a_b");
    assert_eq!(field_ident("2fast", &none), "field_2fast");
    assert_eq!(field_ident("_private", &none), "field_private");
    assert_eq!(field_ident("model_config", &none), "field_model_config");
    assert_eq!(field_ident("json", &none), "json_");
    assert_eq!(field_ident("str", &none), "str_");
    assert_eq!(field_ident("type", &none), "type");
    assert_eq!(
        field_ident("Other", &HashSet::from_iter(["Other".to_owned()])),
        "Other_"
    );
    assert_eq!(import_name("dstack-server-config"), "dstack_server_config");
    assert_eq!(import_name("My.Package"), "my_package");
}

#[test]
fn integer_formats_give_their_ranges() {
    let range = |f: &str| integer_range(f).map(|(a, b)| format!("{a}..{b}"));
    assert_eq!(range("uint16").as_deref(), Some("0..65535"));
    assert_eq!(range("int8").as_deref(), Some("-128..127"));
    assert_eq!(range("uint64").as_deref(), Some("0..18446744073709551615"));
    assert_eq!(
        range("int").as_deref(),
        Some("-9223372036854775808..9223372036854775807")
    );
    assert_eq!(range("double"), None);
    assert_eq!(range("int7"), None);
}

#[test]
fn keyword_and_odd_keys_become_aliased_attributes() {
    let text = models_py(&render(&hostile(), &[]));
    let not_null = |t: &str| {
        format!("Annotated[Optional[{t}], BeforeValidator(_not_null)] = Field(default=None")
    };
    for expected in [
        r#"class_: str = Field(validation_alias="class", serialization_alias="class""#.to_owned(),
        r#"from_: Optional[Annotated[int, Field(ge=0, le=255)]] = Field(default=None, validation_alias="from""#.to_owned(),
        r#"a_b_: str = Field(validation_alias="a-b", serialization_alias="a-b""#.to_owned(),
        format!("a_b: {}, description=", not_null("bool")),
        format!(r#"field_model_config: {}, validation_alias="model_config""#, not_null("str")),
        format!(r#"field_private: {}, validation_alias="_private""#, not_null("str")),
        format!(r#"field_2fast: {}, validation_alias="2fast""#, not_null("Annotated[float, Field(gt=0.0)]")),
        format!(r#"str_: {}, validation_alias="str""#, not_null(r#"Annotated[str, Field(min_length=1, max_length=3, pattern="^[a-z\\\\\"]+$")]"#)),
        format!(r#"json_: {}, validation_alias="json""#, not_null("str")),
        format!(r#"Other_: {}, validation_alias="Other""#, not_null("Other")),
    ] {
        assert!(text.contains(&expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn hostile_texts_stay_inside_their_literals() {
    let text = models_py(&render(&hostile(), &[]));
    // The class docstring: quotes and backslashes escaped, paragraphs kept.
    assert!(text.contains(
        r#"    """A type whose docs try to break out: \"\"\" and ''' and a backslash \\ then \\\"\"\""#
    ), "{text}");
    assert!(text.contains(r#"quote at the very end \""""#), "{text}");
    assert!(text.contains(r#"    """\"\"\""""#), "{text}");
    assert!(
        text.contains(r#"description="A keyword; the end is a backslash \\""#),
        "{text}"
    );
    assert!(text.contains(r#"description="Not an identifier.\n\nSecond paragraph: \x07 bell, \u2028 line separator, \r carriage return.""#), "{text}");
    // No raw control character reaches the source.
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a control character in the source"
    );
}

#[test]
fn every_kind_of_type_reference_has_a_sound_python_type() {
    let text = models_py(&render(&hostile(), &[]));
    for expected in [
        // A tagged union: discriminated by the tag's attribute.
        "Field(discriminator=\"type\")",
        // Values that Literal cannot tell apart are checked by JSON equality.
        r#"Weird: TypeAlias = Annotated[Literal["a\"b", "c\\d", 1, True], PlainValidator(_json_one_of("a\"b", "c\\d", 1, True)"#,
        "Constant: TypeAlias = Annotated[JsonValue, PlainValidator(_json_one_of(1.5)",
        // A recursive alias, a tuple that takes lists, a set that is a list, enum keys.
        r#"Json = TypeAliasType("Json", "Annotated[Union[StrictStr, list[Json]], Field(union_mode=\"left_to_right\")]")"#,
        "Pair: TypeAlias = Annotated[tuple[StrictInt, StrictStr], Field(strict=False)]",
        "Tags: TypeAlias = Annotated[list[StrictStr], Field(min_length=1)]",
        r#"Keyed: TypeAlias = dict[Literal["a", "b"], StrictInt]"#,
        "Anything: TypeAlias = JsonValue",
        "Nothing: TypeAlias = None",
        "Num: TypeAlias = Annotated[StrictFloat, Field(ge=0.5, le=10.0, multiple_of=0.5)]",
        "MaybeInts: TypeAlias = Optional[list[StrictInt]]",
        // Typed extra keys, ignored extra keys, an inline object, a struct default.
        "__pydantic_extra__: dict[str, int] = Field(init=False)",
        "model_config = ConfigDict(extra=\"ignore\", strict=True, populate_by_name=True)",
        "inline: Annotated[Optional[HostileInline], BeforeValidator(_not_null)] = Field(default=None)",
        "point: Point = Field(default=cast(Any, {\"x\": 1}), validate_default=True",
        // May be omitted, never null.
        "not_null: Annotated[Optional[str], BeforeValidator(_not_null)] = Field(default=None",
        "old: Annotated[Optional[str], BeforeValidator(_not_null)] = Field(default=None, deprecated=True)",
        // A class whose model name is not a Python name keeps it as its title.
        r#"class Weird_Name(BaseModel):"#,
        r#"title="Weird-Name""#,
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    // What Python cannot say exactly is said in a comment.
    for note in [
        "# A fixed-length list",
        "# A set in the model",
        "# The model gives the format `uuid`",
        "# Values that `Literal` cannot hold",
        "# The model ignores unknown keys",
    ] {
        assert!(text.contains(note), "missing note `{note}`");
    }
}

#[test]
fn exactly_one_of_uses_keys_in_messages_and_attributes_in_code() {
    let text = models_py(&render(&hostile(), &[]));
    assert!(
        text.contains(
            "given = [value for value in (self.x_left, self.x_right) if value is not None]"
        ),
        "{text}"
    );
    assert!(text.contains(r#"raise ValueError("x-left and x-right are mutually exclusive")"#));
    assert!(text.contains(r#"raise ValueError("Either x-left or x-right should be set")"#));
}

#[test]
fn roots_limit_the_package_to_what_they_use() {
    let files = render(&hostile(), &["Point"]);
    let text = models_py(&files);
    assert!(text.contains("class Point(BaseModel):"));
    assert!(!text.contains("class Hostile("), "{text}");
    let files = render(&hostile(), &["Either"]);
    let text = models_py(&files);
    let order: Vec<usize> = [
        "Either = TypeAliasType(",
        "class Hostile(",
        "class Other(",
        "class Point(",
    ]
    .iter()
    .map(|t| text.find(t).unwrap_or_else(|| panic!("no {t}")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "root first, then depth first: {order:?}"
    );
}

#[test]
fn an_unknown_root_is_an_error_at_the_settings() {
    let env = crate::templates::environment(None).expect("templates");
    let Err(Failure::Content(found)) = package(&hostile(), &settings(&["Nope"]), &env) else {
        panic!("an unknown root was accepted");
    };
    assert_eq!(found[0].file, Path::new("codegen.toml"));
    assert!(found[0].message.contains("`Nope`"));
}

#[test]
fn output_is_byte_stable() {
    let first = render(&hostile(), &[]);
    for _ in 0..3 {
        assert_eq!(render(&hostile(), &[]), first);
    }
    let paths: Vec<String> = first.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "pyproject.toml",
            "README.md",
            "hostile_names/__init__.py",
            "hostile_names/models.py",
            "hostile_names/py.typed"
        ]
    );
}

#[test]
fn hostile_package_snapshot() {
    insta::assert_snapshot!("hostile_models_py", models_py(&render(&hostile(), &[])));
}

#[test]
fn ecma_classes_are_ascii_for_pydantic() {
    use super::ecma_classes;
    assert_eq!(ecma_classes(r"^\d+$"), "^[0-9]+$");
    assert_eq!(ecma_classes(r"^-?\d+$"), "^-?[0-9]+$");
    assert_eq!(
        ecma_classes(r"[\d.]\w\W\D"),
        "[0-9.][A-Za-z0-9_][^A-Za-z0-9_][^0-9]"
    );
    // Escaped backslashes, other escapes and classes stay as they are.
    assert_eq!(ecma_classes(r"\\d\.[\]\w]"), r"\\d\.[\]A-Za-z0-9_]");
    assert_eq!(ecma_classes(r"^[a-z][a-z0-9-]*$"), "^[a-z][a-z0-9-]*$");
}

#[test]
fn a_struct_that_is_a_tagged_unions_member_is_one_class_used_by_the_union() {
    let model = crate::ir::test_models::pipeline();
    let text = models_py(&render(&model, &["Pipeline"]));
    for expected in [
        // The union names the structs' classes, which hold the tag (its value their default).
        "        \"RunStep\",\n        \"CacheStep\",\n        StepWait,\n        StepNoop,\n",
        "class RunStep(BaseModel):\n    \"\"\"A step that runs a command.\"\"\"\n\n    model_config = ConfigDict(extra=\"forbid\", strict=True, populate_by_name=True)\n\n    type: Literal[\"run\"] = Field(default=\"run\")\n    cmd: str = Field(description=\"The command.\")\n",
        "class CacheStep(BaseModel):",
        "    type: Literal[\"cache\"] = Field(default=\"cache\")\n    key: str",
        "- `type: run`: `RunStep`. Runs a command.",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(!text.contains("class StepRun"), "{text}");
    assert!(!text.contains("class StepCache"), "{text}");
    // A struct the package uses as itself too keeps its own class, without the tag; its variant
    // is a class with the tag, as a struct variant is.
    let text = models_py(&render(
        &crate::ir::test_models::pipeline_and_job(),
        &["Job"],
    ));
    assert!(text.contains("class StepRun(BaseModel):"), "{text}");
    assert!(
        text.contains("class RunStep(BaseModel):\n    \"\"\"A step that runs a command.\"\"\"\n\n    model_config = ConfigDict(extra=\"forbid\", strict=True, populate_by_name=True)\n\n    cmd: str"),
        "{text}"
    );
    assert!(text.contains("class CacheStep(BaseModel):") && !text.contains("class StepCache"));
}
