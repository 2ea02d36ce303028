//! TypeScript names and text: identifiers, property keys, literal types, and doc-comment text
//! made safe (`*/` and tag-like `@` escaped).

use serde_json::Value;

use crate::emit::package;

/// Words a type cannot be named: reserved words, the names of TypeScript's own types and the
/// global types the declarations refer to.
pub(super) const RESERVED: &[&str] = &[
    "Partial",
    "Record",
    "abstract",
    "accessor",
    "any",
    "as",
    "asserts",
    "async",
    "await",
    "bigint",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "constructor",
    "continue",
    "debugger",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "get",
    "global",
    "if",
    "implements",
    "import",
    "in",
    "infer",
    "instanceof",
    "interface",
    "intrinsic",
    "is",
    "keyof",
    "let",
    "module",
    "namespace",
    "never",
    "new",
    "null",
    "number",
    "object",
    "of",
    "out",
    "override",
    "package",
    "private",
    "protected",
    "public",
    "readonly",
    "require",
    "return",
    "satisfies",
    "set",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "type",
    "typeof",
    "undefined",
    "unique",
    "unknown",
    "using",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Whether `name` is an ASCII JavaScript identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

pub(super) fn sanitize_type_name(name: &str) -> String {
    let mut out = package::ascii_identifier(name, &['$']);
    if RESERVED.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A property key as TypeScript writes it: bare when an identifier, quoted otherwise.
pub fn property_key(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        serde_json::to_string(name).expect("a string serialises")
    }
}

/// A JSON value as a TypeScript literal type.
pub fn literal_type(value: &Value) -> String {
    match value {
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(literal_type)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) if map.is_empty() => "Record<string, never>".to_owned(),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{}: {};", property_key(k), literal_type(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        other => other.to_string(),
    }
}

/// Text made safe inside a `/** ... */` comment: `*/` cannot close it and an `@` that starts a
/// word cannot start a tag. Line breaks (`\r\n`, `\r`) become `\n`.
pub fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(mut c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
            c = '\n';
        }
        if c == '@' && previous.is_none_or(char::is_whitespace) {
            out.push('\\');
        }
        if c == '/' && previous == Some('*') {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// The comment-safe lines of a text (the `ts_comment_lines` filter): trimmed, made
/// comment-safe by [`comment_text`], split at line breaks, each line without trailing spaces;
/// none for no text or blank text.
pub fn comment_lines(text: Option<&str>) -> Vec<String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => comment_text(text)
            .split('\n')
            .map(|l| l.trim_end().to_owned())
            .collect(),
        None => Vec::new(),
    }
}

/// A number as the notes write it: `3` for a whole number, Rust's shortest form otherwise.
pub(super) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
