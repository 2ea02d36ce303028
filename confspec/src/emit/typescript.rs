//! TypeScript bindings: a small npm package of type declarations for the configured root types
//! and every type they use, read from the IR alone.
//!
//! The package (`[typescript]` in codegen.toml: `output`, `name`, `version`, `roots`) holds:
//! - `index.d.ts`: the declarations. A declaration file rather than a `.ts` source because the
//!   bindings are types only: TypeScript reads a `.d.ts` from `node_modules` (or through the
//!   symlink `npm install ./folder` creates) under any `moduleResolution`, never tries to emit it
//!   (a `.ts` entry reached through that symlink lands outside `rootDir` and breaks a consumer's
//!   build) and does not re-check it under the consumer's own compiler options;
//! - `index.js`: an empty module, so that Node and bundlers can resolve the package too;
//! - `package.json`: `types` and `exports` point at the two;
//! - `tsconfig.json`: `tsc -p` on the package checks the declarations (with `skipLibCheck` off).
//!
//! How the model reads in TypeScript:
//! - a struct is an `interface` (or, with exactly-one-of groups, an intersection of the fields
//!   with a union of the allowed combinations: the chosen key required and not `null`, the
//!   others absent, or `null` where their type admits it, since a `null` counts as not given);
//! - a tagged union is a discriminated union whose members require the tag with their literal
//!   (`(AWSConfig & { type: "aws" })`), even where the variant's own `type` is optional, so
//!   `switch (x.type)` narrows and excess-property checks apply per variant;
//! - in an untagged union, a closed object member gets the other members' keys as `?: never`,
//!   which makes TypeScript reject mixtures the model rejects;
//! - optional keys are `?:`, keys that accept `null` add `| null`; maps are `Record<string, T>`
//!   (`Partial<Record<K, T>>` for keys from a closed set), lists `T[]`, tuples `[A, B]`, numbers
//!   `number`, free-form values `unknown`;
//! - what TypeScript cannot check (integer-ness, ranges, lengths, patterns, formats, item counts,
//!   uniqueness, the type of extra keys beside declared ones) is written in the doc comment;
//! - descriptions become TSDoc comments, with `@default` (for defaults other than `null`) and
//!   `@deprecated` (with the note of the model's `#[deprecated(note)]`, what replaces the field).
//!   `*/` and tag-like `@` in text are escaped.
//!
//! The view is data the templates spell: a type is a [`TsType`] tree, which the filter
//! `ts_type` writes (precedence, inline objects through `object.ts.j2`); what it becomes (names,
//! closed keys, the keys an untagged union's member excludes, the tag a tagged variant requires)
//! is decided here ([`Resolver`]). A doc comment is [`DocView`]: the description's comment-safe
//! lines, [`Note`]s with their numbers, pattern or format, the default and the deprecation; the
//! sentences and the layout are `templates/typescript/macros.j2`'s (`note`, `doc`), which make
//! their text comment-safe with the filters `ts_comment` and `ts_comment_lines`.
//!
//! Type names that are not identifiers, or that are reserved words or the names of the global
//! types the declarations use, are renamed (the doc comment says so).

mod bindings;
#[cfg(feature = "test-support")]
pub mod check;
mod names;
mod resolve;
mod view;

pub use bindings::Bindings;
pub use names::{comment_lines, comment_text, is_identifier, literal_type, property_key};
pub use resolve::Resolver;
pub use view::*;

use std::borrow::Cow;

use minijinja::Environment;

use crate::config::{Config, PackageOutput};
use crate::diagnostics::Failure;
pub use crate::emit::package::PackageFile;
use crate::emit::package::{self, Emitter, Package};
use crate::ir::Model;

/// The declaration file of the package.
pub const DECLARATIONS: &str = "index.d.ts";
/// The (empty) runtime module of the package.
pub const RUNTIME: &str = "index.js";

/// The TypeScript package output (`[typescript]`), run by [`crate::emit::package::stage`].
pub struct TypeScript;

impl Emitter for TypeScript {
    fn name(&self) -> &'static str {
        "typescript"
    }

    fn settings<'c>(&'c self, config: &'c Config) -> Option<&'c PackageOutput> {
        config.typescript.as_ref()
    }

    fn files(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("typescript/index.d.ts.j2", DECLARATIONS),
            ("typescript/index.js.j2", RUNTIME),
            ("typescript/package.json.j2", "package.json"),
            ("typescript/tsconfig.json.j2", "tsconfig.json"),
        ]
    }

    fn owned(&self) -> &'static [&'static str] {
        &[".ts", ".js", "package.json", "tsconfig.json"]
    }

    /// The filters that make text comment-safe, `ts_comment` ([`comment_text`]) and
    /// `ts_comment_lines` ([`comment_lines`]), and the one that spells a type, `ts_type`
    /// ([`view::ts_type`]).
    fn environment<'e>(&self, env: &'e Environment<'static>) -> Cow<'e, Environment<'static>> {
        let mut env = env.clone();
        env.add_filter("ts_comment", |text: &str| comment_text(text));
        env.add_filter("ts_comment_lines", |text: Option<&str>| comment_lines(text));
        env.add_filter(
            "ts_type",
            |state: &minijinja::State,
             ty: minijinja::Value,
             indent: Option<&str>,
             member: Option<bool>| { view::ts_type(state, &ty, indent, member) },
        );
        Cow::Owned(env)
    }

    fn view(&self, package: &Package<'_>) -> Result<minijinja::Value, Failure> {
        let bindings = Bindings::from_types(
            package.model,
            &package.settings.roots,
            package.types.clone(),
        );
        let resolver = Resolver::new(&bindings);
        let declarations = bindings
            .types()
            .map(|ty| resolver.declaration(ty))
            .collect::<Result<Vec<_>, _>>()?;
        let settings = package.settings;
        let package = minijinja::context! {
            name => settings.name.clone(),
            version => settings.version.clone(),
            roots => bindings.roots.iter().map(|r| bindings.ts_name(r).unwrap_or(r).to_owned()).collect::<Vec<_>>(),
            declarations_file => DECLARATIONS,
            runtime_file => RUNTIME,
        };
        let declarations = minijinja::Value::from(minijinja::value::Serde(&declarations));
        Ok(minijinja::context! { package => package, declarations => declarations })
    }
}

/// Renders every file of the package.
pub fn render_package(
    model: &Model,
    settings: &PackageOutput,
    env: &Environment<'static>,
) -> Result<Vec<PackageFile>, Failure> {
    package::render(&TypeScript, model, settings, env)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use std::path::PathBuf;

    use super::*;
    use crate::templates;
    use serde_json::json;

    fn model(definitions: Value) -> Model {
        let defs: Vec<(String, Value)> = definitions
            .as_object()
            .expect("an object")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Model::from_definitions(&defs, &std::collections::HashMap::new()).expect("a valid model")
    }

    fn declarations(model: &Model, roots: &[&str]) -> String {
        let env = templates::environment(None).expect("templates load");
        let settings = PackageOutput {
            output: PathBuf::from("out"),
            name: "hostile".into(),
            version: "0.0.1".into(),
            roots: roots.iter().map(|r| (*r).to_owned()).collect(),
        };
        let files = render_package(model, &settings, &env).expect("renders");
        files
            .into_iter()
            .find(|f| f.path == Path::new(DECLARATIONS))
            .expect("declarations")
            .text
    }

    /// Every `/** ... */` comment of `text`, and the text with comments removed.
    fn split_comments(text: &str) -> (Vec<String>, String) {
        let mut comments = Vec::new();
        let mut code = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("/*") {
            code.push_str(&rest[..start]);
            let end = rest[start..].find("*/").expect("every comment is closed") + start;
            comments.push(rest[start + 2..end].to_owned());
            rest = &rest[end + 2..];
        }
        code.push_str(rest);
        (comments, code)
    }

    #[test]
    fn hostile_descriptions_names_and_keywords() {
        let hostile = "Ends here */ not really; `backticks` and ${template} and /* nested\n@param x is not a tag, mail@example.com";
        let m = model(json!({
            "class": {
                "description": hostile,
                "type": "object",
                "additionalProperties": false,
                "required": ["x-dash", "class", "Record"],
                "properties": {
                    "x-dash": {"type": "string", "pattern": "^a*/$", "description": "*/ at the start"},
                    "class": {"type": "integer", "minimum": 0, "maximum": 9, "description": "A keyword key"},
                    "Record": {"$ref": "#/definitions/Record"},
                    "123abc": {"type": "boolean", "default": "*/ in a default"},
                    "with space": {"type": ["string", "null"]},
                    "quote\"d\\": {"type": "string"},
                    "__proto__": {"type": "number"},
                }
            },
            "Record": {"description": "Shadows the global `Record`.", "type": "string", "enum": ["a", "b*/"]},
        }));
        let text = declarations(&m, &["class"]);
        let (comments, code) = split_comments(&text);
        // Every comment closes where it should: nothing of a description leaks into the code.
        assert!(!code.contains("not really"), "{code}");
        assert!(!code.contains("at the start"), "{code}");
        assert!(!code.contains("in a default"), "{code}");
        let joined = comments.join("\n");
        assert!(
            joined.contains("Ends here *\\/ not really; `backticks` and ${template} and /* nested"),
            "{joined}"
        );
        assert!(
            joined.contains("\\@param x is not a tag, mail@example.com"),
            "{joined}"
        );
        assert!(
            joined.contains("@default \"*\\/ in a default\""),
            "{joined}"
        );
        // Type names that collide with keywords or used globals are renamed, and say so.
        assert!(code.contains("export interface class_ {"), "{code}");
        assert!(
            code.contains("export type Record_ = \"a\" | \"b*/\";"),
            "{code}"
        );
        assert!(joined.contains("Called `class` in the model"), "{joined}");
        // Keys that are not identifiers are quoted; keywords are fine as property names.
        for member in [
            "\"x-dash\": string;",
            "class: number;",
            "Record: Record_;",
            "\"123abc\"?: boolean;",
            "\"with space\"?: string | null;",
            "\"quote\\\"d\\\\\"?: string;",
            "__proto__?: number;",
        ] {
            assert!(code.contains(member), "missing `{member}` in:\n{code}");
        }
        assert!(joined.contains("An integer from 0 to 9."), "{joined}");
        assert!(
            joined.contains("matching the pattern `^a*\\/$`"),
            "{joined}"
        );
    }

    #[test]
    fn tagged_unions_require_their_tag() {
        let m = model(json!({
            "Shape": {"oneOf": [{"$ref": "#/definitions/Circle"}, {"$ref": "#/definitions/Square"}]},
            "Circle": {"type": "object", "additionalProperties": false, "properties": {
                "kind": {"const": "circle", "default": "circle"}, "radius": {"type": "number"}}},
            "Square": {"type": "object", "additionalProperties": false, "required": ["kind"], "properties": {
                "kind": {"const": "square"}, "side": {"type": "number"}}},
        }));
        let text = declarations(&m, &["Shape"]);
        assert!(text.contains("| (Circle & { kind: \"circle\" })"), "{text}");
        // A variant whose tag is already required needs no intersection.
        assert!(text.contains("| Square;"), "{text}");
        assert!(text.contains("kind?: \"circle\";"), "{text}");
    }

    #[test]
    fn a_struct_that_is_a_tagged_unions_member_is_the_unions_member() {
        let text = declarations(&crate::ir::test_models::pipeline(), &["Pipeline"]);
        for expected in [
            "export type Step =\n  /** Runs a command. */\n  | (RunStep & { type: \"run\" })\n  /** Restores and saves paths. */\n  | (CacheStep & { type: \"cache\" })\n",
            "export interface RunStep {\n  /** The command. */\n  cmd: string;\n}",
            "export interface CacheStep {",
        ] {
            assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
        }
    }

    #[test]
    fn untagged_unions_of_closed_objects_exclude_each_others_keys() {
        let m = model(json!({
            "Either": {"anyOf": [
                {"type": "object", "additionalProperties": false, "required": ["a"], "properties": {"a": {"type": "string"}}},
                {"type": "object", "additionalProperties": false, "required": ["b"], "properties": {"b": {"type": "string"}}},
                {"type": "boolean"}
            ]},
        }));
        let text = declarations(&m, &["Either"]);
        assert!(text.contains("b?: never;"), "{text}");
        assert!(text.contains("a?: never;"), "{text}");
        assert!(text.contains("| boolean"), "{text}");
    }

    #[test]
    fn unknown_root_is_an_error() {
        let m = model(json!({"A": {"type": "string"}}));
        assert_eq!(
            Bindings::new(&m, &["B".to_owned()]).err(),
            Some("B".to_owned())
        );
    }

    #[test]
    fn comment_text_escapes() {
        assert_eq!(comment_text("a */ b"), "a *\\/ b");
        assert_eq!(comment_text("@x a@b c @d"), "\\@x a@b c \\@d");
        assert_eq!(comment_text("one\r\ntwo\rthree"), "one\ntwo\nthree");
        assert_eq!(comment_text("**/"), "**\\/");
    }
}
