//! Hostile doc text through every emitter: a hand-built model (IR level) whose descriptions,
//! field names, type names and enum values hold comment and string terminators (`*/`, `/*`,
//! `"""`, `'''`), backslashes, template syntax (`${...}`, `{{ }}`, `{% %}`), `</script>`, `<!--`,
//! pipes, backticks, line breaks (LF, CR, U+2028), tabs, control characters, right-to-left
//! marks and non-BMP emoji.
//!
//! - TypeScript: the package compiles with `tsc` (the text tries to close its TSDoc comment and
//!   declare a mistyped constant: if it escaped, the compile would fail);
//! - Python: the package imports (the text tries to close its docstring and `raise SystemExit`),
//!   and every description is exactly the input, as pydantic reports it (`Field.description`,
//!   `model_json_schema()`);
//! - JSON Schema: every `description` and `markdownDescription` is exactly the input;
//! - reference pages: rendered by Python-Markdown with the site's extensions, the text shows as
//!   text: no element, comment or attribute the text wrote reaches the HTML (descriptions are
//!   markdown; raw HTML in them is escaped, see the README, "Exit codes and hostile input").
//!
//! Needs `tsc` (`$CODEGEN_NODE_MODULES` or tests/js/node_modules) and a Python with pydantic and
//! Markdown (`$CODEGEN_PYTHON` or .venv): skipped without them, except under `CI`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use confspec::config::PackageOutput;
use confspec::emit::reference::{self, Loc, Options, Spec, Style};
use confspec::emit::{json_schema, python, typescript};
use confspec::ir::Model;
use serde_json::{Value, json};

/// The hostile text. Each line attacks one output.
const NASTY: &str = concat!(
    "Closes a comment */ export const injected: number = \"ts\"; /* and opens one /*\n",
    "Closes a docstring \"\"\"; raise SystemExit(97); \"\"\" and ''' too, ending in a backslash \\\n",
    "A backslash-n that is not a newline: \\n, a quote \\\" and \\u0041\n",
    "Template syntax: ${process.exit(1)} `${x}` {{ 7 * 7 }} {% if true %}x{% endif %} {# c #}\n",
    "HTML: </script><script>alert(1)</script> <!-- a comment --> <b onclick=\"x\">bold</b> &amp;\n",
    "Markdown: a | pipe | table, ``` a fence, `code`, **bold** and a [link](javascript:alert(1))\n",
    "\n",
    "# Not a heading\n",
    "Carriage\rreturn, CRLF\r\nline, tab\there, controls \u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[31m\u{7f}\u{85}\n",
    "Right-to-left \u{202e}evil\u{202c} \u{200f}marks\u{200e}, separators \u{2028} and \u{2029}, ",
    "zero-width\u{200b}space, emoji 🦀 🎉 \u{1F600} and a lone surrogate-free end",
);

/// Field names: one per hostile construct (each a valid JSON key).
const NAMES: &[&str] = &[
    "plain",
    "ends*/comment",
    "/*opens",
    "quote\"double",
    "quote'single",
    "triple\"\"\"quote",
    "back\\slash",
    "${dollar}",
    "{{ braces }}",
    "{% block %}",
    "</script>",
    "<!--",
    "pi|pe",
    "back`tick",
    "new\nline",
    "tab\tbed",
    "rtl\u{202e}mark",
    "emoji🦀",
    "class",
    "__proto__",
    "x' onclick='alert(1)",
];

/// Names a reference page can hold: the characters serde names use besides identifiers.
const PAGE_NAMES: &[&str] = &[
    "plain",
    "$dollar",
    "@at",
    "a.b",
    "x-y",
    "a:b",
    "a/b",
    "emoji🦀",
    "class",
    "snake_case",
];

/// The model: a root struct whose fields have hostile names and descriptions, a nested struct
/// with a hostile description, an enum of hostile values and a tagged union.
fn definitions() -> Vec<(String, Value)> {
    let mut properties = serde_json::Map::new();
    for (i, name) in NAMES.iter().enumerate() {
        let ty = match i % 3 {
            0 => json!({"type": "string"}),
            1 => json!({"type": ["integer", "null"], "format": "int32"}),
            _ => json!({"type": "boolean", "default": false}),
        };
        let mut schema = ty.as_object().unwrap().clone();
        schema.insert("description".into(), json!(format!("{NASTY} ({i})")));
        properties.insert((*name).to_owned(), Value::Object(schema));
    }
    properties.insert(
        "nested".into(),
        json!({"$ref": "#/definitions/HostileNested", "description": format!("{NASTY} (nested)")}),
    );
    properties.insert(
        "choice".into(),
        json!({"$ref": "#/definitions/HostileEnum", "description": NASTY}),
    );
    properties.insert(
        "variant".into(),
        json!({"$ref": "#/definitions/HostileUnion", "description": NASTY}),
    );
    let mut safe = serde_json::Map::new();
    for (i, name) in PAGE_NAMES.iter().enumerate() {
        safe.insert(
            (*name).to_owned(),
            json!({"type": "string", "description": format!("{NASTY} ({i})"), "default": NASTY}),
        );
    }
    vec![
        (
            "HostilePage".to_owned(),
            json!({"description": NASTY, "type": "object", "properties": safe}),
        ),
        (
            "Hostile".to_owned(),
            json!({
                "description": NASTY,
                "type": "object",
                "additionalProperties": false,
                "properties": properties,
                "required": ["plain", "nested"],
            }),
        ),
        (
            "HostileNested".to_owned(),
            json!({
                "description": NASTY,
                "type": "object",
                "properties": {"value": {"type": "string", "description": NASTY, "default": NASTY}},
            }),
        ),
        (
            "HostileEnum".to_owned(),
            json!({
                "description": NASTY,
                "type": "string",
                "enum": ["*/", "/*", "\"\"\"", "'''", "\\", "${x}", "{{ x }}", "</script>", "a\nb", "🦀", "\u{202e}"],
            }),
        ),
        (
            "HostileUnion".to_owned(),
            json!({
                "description": NASTY,
                "oneOf": [
                    {
                        "description": NASTY,
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "const": "*/ \"\"\" ${x} </script>"},
                            "a": {"type": "string", "description": NASTY},
                        },
                        "required": ["type"],
                    },
                    {
                        "description": NASTY,
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "const": "plain"},
                            "b": {"type": "integer", "description": NASTY},
                        },
                        "required": ["type"],
                    },
                ],
            }),
        ),
    ]
}

/// The text as the IR holds it (and every emitter receives it): markdown soft line breaks
/// joined. The joining changes whitespace only.
fn ir_text(text: &str) -> String {
    let normal = confspec::ir::normalize_description(text);
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(
        squeeze(&normal),
        squeeze(text),
        "the IR changes whitespace only"
    );
    normal
}

fn model() -> Model {
    Model::from_definitions(&definitions(), &HashMap::new())
        .expect("the IR reads the hostile model")
}

fn templates() -> minijinja::Environment<'static> {
    confspec::templates::environment(None).expect("the templates load")
}

fn settings(dir: &Path) -> PackageOutput {
    PackageOutput {
        output: dir.to_path_buf(),
        name: "hostile-docs".to_owned(),
        version: "0.0.1".to_owned(),
        roots: vec!["Hostile".to_owned()],
    }
}

mod common;
use common::missing;

fn node_modules() -> Option<PathBuf> {
    let dir = std::env::var_os("CODEGEN_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::workspace().join("tests/js/node_modules"));
    if dir.join(".bin/tsc").is_file() {
        return Some(dir);
    }
    missing(&format!("no tsc in {}", dir.display()));
    None
}

fn python() -> Option<PathBuf> {
    let python = std::env::var_os("CODEGEN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::workspace().join(".venv/bin/python"));
    if python.is_file() {
        return Some(python);
    }
    missing(&format!("no Python at {}", python.display()));
    None
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every string under `key` in a JSON document, with its JSON pointer.
fn strings_under(value: &Value, key: &str, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}/{k}");
                if k == key
                    && let Value::String(s) = v
                {
                    out.push((here.clone(), s.clone()));
                }
                strings_under(v, key, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings_under(v, key, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn json_schema_holds_the_exact_text() {
    let model = model();
    let mut raw = definitions()[1].1.clone();
    let defs: serde_json::Map<String, Value> = definitions()
        .into_iter()
        .filter(|(n, _)| n != "Hostile")
        .collect();
    raw.as_object_mut()
        .unwrap()
        .insert("definitions".into(), Value::Object(defs));
    let meta = json_schema::SchemaMeta {
        id: Some("https://example.org/hostile.json"),
        title: Some(NASTY),
    };
    let text = json_schema::render(&model, "Hostile", raw, &meta);
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(schema["title"], json!(NASTY), "the title is kept as given");
    for key in ["description", "markdownDescription"] {
        let mut found = Vec::new();
        strings_under(&schema, key, "", &mut found);
        assert!(found.len() > NAMES.len(), "{key}: {} found", found.len());
        let nasty = ir_text(NASTY);
        for (at, text) in found {
            assert!(
                text.starts_with(&nasty),
                "{key} at {at} is not the input: {text:?}"
            );
        }
    }
    let names: HashSet<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for name in NAMES {
        assert!(names.contains(name), "property {name:?} is kept");
    }
    let values = &schema["definitions"]["HostileEnum"]["enum"];
    assert_eq!(values, &definitions()[3].1["enum"], "enum values are kept");
}

#[test]
fn typescript_compiles_and_keeps_comments_closed() {
    let model = model();
    let tmp = tempfile::tempdir().unwrap();
    let files = typescript::render_package(&model, &settings(tmp.path()), &templates())
        .expect("the TypeScript package renders");
    for file in &files {
        write(&tmp.path().join(&file.path), &file.text);
    }
    let declarations = std::fs::read_to_string(tmp.path().join(typescript::DECLARATIONS)).unwrap();
    // The text is in the comments, with its comment terminators neutralised.
    assert!(
        declarations.contains("export const injected"),
        "the text is documented"
    );
    assert!(
        !declarations
            .lines()
            .any(|l| l.trim_start().starts_with("export const injected")),
        "no declaration escapes a comment"
    );
    let Some(node_modules) = node_modules() else {
        return;
    };
    let out = Command::new(node_modules.join(".bin/tsc"))
        .args(["-p", ".", "--pretty", "false"])
        .current_dir(tmp.path())
        .output()
        .expect("tsc runs");
    assert!(
        out.status.success(),
        "tsc rejects the declarations:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // A consumer can write every hostile key and every enum value.
    let consumer = format!(
        "import type {{ Hostile, HostileEnum }} from \"../index.js\";\n\
         const value: Hostile = {{ plain: \"x\", nested: {{}}, {} }};\n\
         const choices: HostileEnum[] = {};\n\
         export {{ value, choices }};\n",
        NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| *i % 3 == 0 && *i > 0)
            .map(|(_, n)| format!("{}: \"v\"", serde_json::to_string(n).unwrap()))
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::to_string(&definitions()[3].1["enum"]).unwrap(),
    );
    write(&tmp.path().join("consumer/consumer.ts"), &consumer);
    write(
        &tmp.path().join("consumer/tsconfig.json"),
        r#"{"compilerOptions": {"strict": true, "noEmit": true, "skipLibCheck": false,
            "target": "es2022", "module": "nodenext", "types": [],
            "exactOptionalPropertyTypes": true}, "files": ["consumer.ts"]}"#,
    );
    let out = Command::new(node_modules.join(".bin/tsc"))
        .args(["-p", ".", "--pretty", "false"])
        .current_dir(tmp.path().join("consumer"))
        .output()
        .expect("tsc runs");
    assert!(
        out.status.success(),
        "tsc rejects a consumer:\n{}{}\n{consumer}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Checks the generated package: imports it and compares every description pydantic reports
/// with the expected texts (given as JSON, so no text passes through Python source).
const PYTHON_CHECK: &str = r#"
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module = importlib.import_module(sys.argv[2])
expected = json.load(open(sys.argv[3], encoding="utf-8"))
failures = []
def same(what, got, want):
    if got != want:
        failures.append(f"{what}: {got!r} != {want!r}")
root = module.Hostile
schema = root.model_json_schema()
same("Hostile schema description", schema.get("description"), expected["nasty"])
fields = {(f.validation_alias or f.alias or name): f for name, f in root.model_fields.items()}
for key, description in expected["fields"].items():
    field = fields.get(key)
    if field is None:
        failures.append(f"no field for key {key!r}: {sorted(fields)}")
        continue
    same(f"Field.description of {key!r}", field.description, description)
    prop = schema["properties"].get(key)
    if prop is None:
        failures.append(f"no property {key!r} in model_json_schema()")
    else:
        same(f"schema description of {key!r} ({prop})", prop.get("description"), description)
nested = module.HostileNested
same("HostileNested schema description", nested.model_json_schema().get("description"), expected["nasty"])
same("HostileNested.value default", nested().value, expected["default"])
value = root.model_validate({"plain": "x", "nested": {}, "choice": expected["enum"][0]}, by_name=False)
for v in expected["enum"]:
    root.model_validate({"plain": "x", "nested": {}, "choice": v}, by_name=False)
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
"#;

#[test]
fn python_imports_and_holds_the_exact_text() {
    let model = model();
    let tmp = tempfile::tempdir().unwrap();
    let files = python::package(&model, &settings(tmp.path()), &templates())
        .expect("the Python package renders");
    for file in &files {
        write(&tmp.path().join(&file.path), &file.text);
    }
    let module = python::import_name("hostile-docs");
    let models = std::fs::read_to_string(tmp.path().join(&module).join("models.py")).unwrap();
    assert!(models.contains("SystemExit"), "the text is documented");
    let Some(python) = python() else { return };
    let mut fields = serde_json::Map::new();
    for (i, name) in NAMES.iter().enumerate() {
        fields.insert(
            (*name).to_owned(),
            json!(ir_text(&format!("{NASTY} ({i})"))),
        );
    }
    fields.insert(
        "nested".into(),
        json!(ir_text(&format!("{NASTY} (nested)"))),
    );
    let expected = json!({
        "nasty": ir_text(NASTY),
        "default": NASTY,
        "fields": fields,
        "enum": definitions()[3].1["enum"],
    });
    write(&tmp.path().join("expected.json"), &expected.to_string());
    write(&tmp.path().join("check.py"), PYTHON_CHECK);
    let out = Command::new(&python)
        .arg(tmp.path().join("check.py"))
        .arg(tmp.path())
        .arg(&module)
        .arg(tmp.path().join("expected.json"))
        .output()
        .expect("python runs");
    assert_ne!(
        out.status.code(),
        Some(97),
        "a docstring was closed and code ran"
    );
    assert!(
        out.status.success(),
        "the package does not hold the text:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Renders `ty` with a directive in `style`; returns the markdown, or the errors.
fn reference_page(model: &Model, style: &str, ty: &str) -> Result<String, Vec<String>> {
    let env = templates();
    let style = Style::new(style, &env).expect("the style loads");
    let spec = Spec {
        ty: model.get(ty).expect("the type"),
        options: Options::default(),
        at: Loc {
            line: 3,
            column: 10,
        },
        heading_anchor: Some("reference".to_owned()),
        section: "reference".to_owned(),
    };
    let (texts, diagnostics) = reference::render_page(
        &env,
        &style,
        model,
        Path::new("hostile.md"),
        std::slice::from_ref(&spec),
        &Default::default(),
    );
    let errors: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    if !errors.is_empty() {
        assert!(texts[0].is_none(), "no text with errors");
        return Err(errors);
    }
    Ok(format!(
        "# Hostile {{ #top }}\n\n## Reference {{ #reference }}\n\n{}\n\n## After {{ #after }}\n\nThe end.\n",
        texts[0].clone().expect("rendered")
    ))
}

#[test]
fn names_a_reference_page_cannot_hold_are_errors() {
    let model = model();
    for style in ["default", "compat"] {
        let errors =
            reference_page(&model, style, "Hostile").expect_err("hostile names are refused");
        for name in NAMES {
            let quoted = serde_json::to_string(name).unwrap();
            let refused = errors
                .iter()
                .any(|e| e.contains(&format!("the name {quoted} ")));
            let writable = PAGE_NAMES.contains(name);
            assert_eq!(refused, !writable, "{style}: {name:?}: {errors:#?}");
        }
        assert!(
            errors.iter().all(|e| e.contains("hostile.md:3")),
            "{errors:#?}"
        );
    }
}

/// Renders markdown to HTML with Python-Markdown and the site's extensions (those that need
/// no mkdocs theme), and reports what the HTML holds.
const MARKDOWN_CHECK: &str = r#"
import json, sys
import markdown
from html.parser import HTMLParser
text = open(sys.argv[1], encoding="utf-8").read()
html = markdown.markdown(text, extensions=[
    "admonition", "attr_list", "md_in_html", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed",
])
class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.comments, self.attrs, self.text, self.ids = [], [], [], [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append(k)
            if k == "id":
                self.ids.append(v)
    def handle_comment(self, data):
        self.comments.append(data)
    def handle_data(self, data):
        self.text.append(data)
c = Collect()
c.feed(html)
print(json.dumps({"tags": sorted(set(c.tags)), "attrs": sorted(set(c.attrs)), "comments": c.comments,
                  "text": "".join(c.text), "ids": c.ids, "html": html}))
"#;

#[test]
fn reference_pages_render_the_text_as_text() {
    let model = model();
    let Some(python) = python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("check.py"), MARKDOWN_CHECK);
    for style in ["default", "compat"] {
        for ty in ["HostilePage", "HostileNested"] {
            let page = reference_page(&model, style, ty).expect("the page renders");
            let file = tmp.path().join(format!("{style}-{ty}.md"));
            write(&file, &page);
            let out = Command::new(&python)
                .arg(tmp.path().join("check.py"))
                .arg(&file)
                .output()
                .expect("python runs");
            assert!(
                out.status.success(),
                "{style} {ty}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
            let context = format!("{style} {ty}:\n{}", report["html"].as_str().unwrap_or(""));
            let tags: Vec<&str> = report["tags"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            for forbidden in ["script", "b"] {
                assert!(
                    !tags.contains(&forbidden),
                    "<{forbidden}> reached the HTML: {context}"
                );
            }
            assert!(
                report["comments"].as_array().unwrap().is_empty(),
                "an HTML comment reached the HTML: {context}"
            );
            let attrs: Vec<&str> = report["attrs"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(
                !attrs.contains(&"onclick"),
                "an attribute reached the HTML: {context}"
            );
            let text = report["text"].as_str().unwrap();
            for shown in ["</script>", "<!-- a comment -->", "<b onclick=\"x\">"] {
                assert!(
                    text.contains(shown),
                    "{shown:?} is shown as text: {context}"
                );
            }
            let ids: Vec<&str> = report["ids"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            for id in ["top", "reference", "after"] {
                assert!(
                    ids.contains(&id),
                    "the page's own heading #{id} survives: {context}"
                );
            }
            assert!(
                text.contains("The end."),
                "the page after the reference survives: {context}"
            );
            // Every field is a heading with its own id (compat: the field's name).
            if ty == "HostilePage" {
                let headings = report["html"].as_str().unwrap().matches("<h4").count();
                assert_eq!(
                    headings,
                    PAGE_NAMES.len(),
                    "one heading per field: {context}"
                );
                if style == "compat" {
                    for name in PAGE_NAMES {
                        assert!(ids.contains(name), "#{name}: {context}");
                    }
                }
            }
        }
    }
}
