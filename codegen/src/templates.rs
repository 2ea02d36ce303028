//! The minijinja environment every rendered output goes through.
//!
//! The templates of the workspace's `templates/` directory are embedded in the binary; a
//! directory given with `--templates DIR` overrides them file by file.

use std::path::Path;

use minijinja::Environment;

use crate::diagnostics::{Diagnostic, Failure};

include!(concat!(env!("OUT_DIR"), "/templates_table.rs"));

/// Builds the environment: the templates of `dir` (compiled now, so that a syntax error names
/// the file), then the embedded ones (compiled when first used).
pub fn environment(dir: Option<&Path>) -> Result<Environment<'static>, Failure> {
    let mut env = Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .expect("the default delimiters are valid");
    env.set_syntax(syntax);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.add_filter("code_span", |text: &str| code_span(text));
    env.add_filter("html_text", |text: &str| html_text(text));
    env.add_filter("sentence", |text: &str| sentence(text));
    env.add_filter("python_type", |ty: minijinja::Value| python_type(&ty));
    // The embedded templates are compiled when first used (`codegen schema` needs none,
    // `codegen expand` one); a syntax error in one fails the tests that render it.
    env.set_loader(|name| {
        Ok(EMBEDDED
            .iter()
            .find(|(embedded, _)| *embedded == name)
            .map(|(_, source)| *source))
    });
    if let Some(dir) = dir {
        if !dir.is_dir() {
            return Err(Failure::Usage(format!(
                "--templates {}: not a directory",
                dir.display()
            )));
        }
        let mut files = Vec::new();
        collect(dir, &mut files);
        files.sort();
        for file in files {
            let name = file
                .strip_prefix(dir)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let source = std::fs::read_to_string(&file).map_err(|err| {
                Failure::Usage(format!("cannot read template {}: {err}", file.display()))
            })?;
            env.add_template_owned(name, source)
                .map_err(|err| template_failure(&file, &err))?;
        }
    }
    Ok(env)
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// `text` as a markdown code span that shows it exactly: fenced with one backtick more than
/// its longest run of backticks, padded with a space where it starts or ends with a backtick
/// (`` `x` ``, ``` `` a`b `` ```).
pub fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as HTML text content: `&` and `<` escaped (quotes stay readable).
pub fn html_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// `text` ending as a sentence: a period is added after a letter, a digit, a code span or a
/// closing parenthesis; not after other punctuation, nor after a code block.
pub fn sentence(text: &str) -> String {
    let ends_like_a_word = text
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '`' || c == ')');
    if ends_like_a_word && !text.ends_with("```") {
        format!("{text}.")
    } else {
        text.to_owned()
    }
}

/// A type of the reference views (`{"kind": "list", "item": {...}}`...) in Python's notation,
/// as inline HTML: `str`, `int`, `float`, `bool`, `list[T]`, `dict[K, V]`, `tuple[A, B]`,
/// `A | B`, `T | null`, a literal or the values of an enumeration as they are, a named type as
/// a link to its `anchor` when it has one. Text is escaped as [`html_text`] does.
pub fn python_type(ty: &minijinja::Value) -> Result<String, minijinja::Error> {
    let mut out = String::new();
    write_python_type(ty, &mut out)?;
    Ok(out)
}

fn write_python_type(ty: &minijinja::Value, out: &mut String) -> Result<(), minijinja::Error> {
    let kind = ty.get_attr("kind")?;
    let list = |name: &str, separator: &str, out: &mut String| -> Result<(), minijinja::Error> {
        for (i, member) in ty.get_attr(name)?.try_iter()?.enumerate() {
            if i > 0 {
                out.push_str(separator);
            }
            write_python_type(&member, out)?;
        }
        Ok(())
    };
    match kind.as_str().unwrap_or_default() {
        "string" => out.push_str("str"),
        "integer" => out.push_str("int"),
        "number" => out.push_str("float"),
        "boolean" => out.push_str("bool"),
        "literal" => out.push_str(&html_text(&ty.get_attr("value")?.to_string())),
        "enum" => {
            let values: Vec<String> = ty
                .get_attr("values")?
                .try_iter()?
                .map(|v| v.to_string())
                .collect();
            out.push_str(&html_text(&values.join(" | ")));
        }
        "named" => {
            let name = html_text(&ty.get_attr("name")?.to_string());
            let anchor = ty.get_attr("anchor")?;
            if anchor.is_true() {
                out.push_str(&format!("<a href=\"#{anchor}\">{name}</a>"));
            } else {
                out.push_str(&name);
            }
        }
        "list" => {
            out.push_str("list[");
            write_python_type(&ty.get_attr("item")?, out)?;
            out.push(']');
        }
        "tuple" => {
            out.push_str("tuple[");
            list("items", ", ", out)?;
            out.push(']');
        }
        "map" => {
            out.push_str("dict[");
            let key = ty.get_attr("key")?;
            if key.is_true() {
                write_python_type(&key, out)?;
            } else {
                out.push_str("str");
            }
            out.push_str(", ");
            write_python_type(&ty.get_attr("value")?, out)?;
            out.push(']');
        }
        "nullable" => {
            write_python_type(&ty.get_attr("inner")?, out)?;
            out.push_str(" | null");
        }
        "union" => list("variants", " | ", out)?,
        // `any`, `null`, `object` and kinds this filter does not know: the kind itself.
        _ => out.push_str(&kind.to_string()),
    }
    Ok(())
}

/// A template error as a diagnostic naming the template and line.
pub fn template_failure(file: &Path, err: &minijinja::Error) -> Failure {
    Failure::Content(vec![template_diagnostic(file, err)])
}

/// A template error as a diagnostic: `templates/NAME:LINE: error: ...`.
pub fn template_diagnostic(fallback: &Path, err: &minijinja::Error) -> Diagnostic {
    let file = err
        .name()
        .map(|n| Path::new("templates").join(n))
        .unwrap_or_else(|| fallback.to_path_buf());
    let mut message = format!("template error: {}", err.kind());
    if let Some(detail) = err.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    let mut source = err.source();
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    Diagnostic::error(file, err.line().unwrap_or(0), 0, message)
}

/// Renders template `name` with `context`, mapping errors to diagnostics.
pub fn render(
    env: &Environment<'_>,
    name: &str,
    context: minijinja::Value,
) -> Result<String, Failure> {
    let template = env
        .get_template(name)
        .map_err(|err| template_failure(Path::new("templates").join(name).as_path(), &err))?;
    template
        .render(context)
        .map_err(|err| template_failure(Path::new("templates").join(name).as_path(), &err))
}

use std::error::Error as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_template_compiles() {
        let env = environment(None).expect("the environment builds");
        assert!(EMBEDDED.len() >= 10, "templates are embedded");
        for (name, _) in EMBEDDED {
            if let Err(err) = env.get_template(name) {
                panic!("{}", template_diagnostic(Path::new(name), &err));
            }
        }
    }

    #[test]
    fn sentences_end_with_a_period_only_after_a_word() {
        assert_eq!(sentence("The region"), "The region.");
        assert_eq!(sentence("Use `x`"), "Use `x`.");
        assert_eq!(sentence("(optional)"), "(optional).");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence("Really?"), "Really?");
        assert_eq!(sentence("A block:\n```\nx\n```"), "A block:\n```\nx\n```");
        assert_eq!(sentence("Ünïcode é"), "Ünïcode é");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn python_type_writes_every_kind() {
        let ty = |json: serde_json::Value| {
            python_type(&minijinja::Value::from(minijinja::value::Serde(&json)))
        };
        let named = |name: &str, anchor: Option<&str>| serde_json::json!({"kind": "named", "name": name, "anchor": anchor});
        assert_eq!(ty(serde_json::json!({"kind": "string"})).unwrap(), "str");
        assert_eq!(
            ty(
                serde_json::json!({"kind": "nullable", "inner": {"kind": "list",
                "item": {"kind": "map", "key": null, "value": {"kind": "integer"}}}})
            )
            .unwrap(),
            "list[dict[str, int]] | null"
        );
        assert_eq!(
            ty(
                serde_json::json!({"kind": "map", "key": {"kind": "enum", "values": ["a", "b<"]},
                "value": {"kind": "tuple", "items": [{"kind": "number"}, {"kind": "boolean"}]}})
            )
            .unwrap(),
            "dict[a | b&lt;, tuple[float, bool]]"
        );
        assert_eq!(
            ty(serde_json::json!({"kind": "union", "variants": [
                named("A&B", Some("a-b")), named("C", None), {"kind": "literal", "value": "x"},
                {"kind": "any"}, {"kind": "null"}, {"kind": "object"}]}))
            .unwrap(),
            "<a href=\"#a-b\">A&amp;B</a> | C | x | any | null | object"
        );
        assert!(ty(serde_json::json!({"kind": "list"})).is_err());
    }

    #[test]
    fn html_text_escapes_ampersands_and_tags_only() {
        assert_eq!(html_text("a < b & \"c\""), "a &lt; b &amp; \"c\"");
        assert_eq!(html_text("&lt;"), "&amp;lt;");
    }
}
