//! The minijinja environment every rendered output goes through.
//!
//! The templates of the workspace's `templates/` directory are embedded in the binary; a
//! directory given with `--templates DIR` overrides them file by file.

use std::path::Path;

use minijinja::Environment;

use crate::diagnostics::{Diagnostic, Failure};

include!(concat!(env!("OUT_DIR"), "/templates_table.rs"));

/// Builds the environment: embedded templates, then those of `dir`.
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
    for (name, source) in EMBEDDED {
        env.add_template_owned(*name, *source)
            .map_err(|err| template_failure(Path::new("templates").join(name).as_path(), &err))?;
    }
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
    fn html_text_escapes_ampersands_and_tags_only() {
        assert_eq!(html_text("a < b & \"c\""), "a &lt; b &amp; \"c\"");
        assert_eq!(html_text("&lt;"), "&amp;lt;");
    }
}
