//! Python names and literals: the import name of a distribution, identifiers that are no keyword
//! or pydantic attribute, class names, and text as a Python string, docstring or comment.

use crate::emit::package;
use crate::hash::HashSet;

/// The import name of a distribution: `dstack-server-config` → `dstack_server_config`.
pub fn import_name(distribution: &str) -> String {
    let name = identifier(&distribution.to_lowercase());
    if is_reserved_word(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// A Python string literal (double-quoted) with the same value as `text`: quotes, backslashes,
/// control and line-separator characters are escaped; every other character stays as it is.
pub fn py_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    escape_into(&mut out, text, false);
    out.push('"');
    out
}

/// The body of a `"""` docstring with the same value as `text`: like [`py_str`], but line
/// breaks stay line breaks.
pub fn py_docstring(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, true);
    out
}

/// `text` as the body of one `#` comment line: line breaks and control characters become spaces.
pub fn py_comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Whether a class docstring holding `text` gives back exactly `text` in pydantic's JSON
/// Schema: pydantic reads docstrings through `inspect.cleandoc`, which expands tabs, strips the
/// first line's leading whitespace, removes the common indentation of the other lines and drops
/// leading and trailing blank lines.
pub fn docstring_is_exact(text: &str) -> bool {
    // Python's `str.isspace` also counts the ASCII separators 0x1c-0x1f.
    let space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    !text.contains('\t')
        && !text.starts_with('\n')
        && !text.ends_with('\n')
        && text.split('\n').all(|line| !line.starts_with(space))
}

pub(super) fn escape_into(out: &mut String, text: &str, keep_newlines: bool) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            '\u{2028}' | '\u{2029}' | '\u{feff}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Python's keywords: never usable as names.
pub(super) const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names the generated module imports or defines, and builtins its annotations use: a model
/// type or field with one of these names is renamed so that it cannot shadow them.
pub(super) const MODULE_NAMES: &[&str] = &[
    "Annotated",
    "Any",
    "AfterValidator",
    "BaseModel",
    "BeforeValidator",
    "Callable",
    "PlainValidator",
    "ConfigDict",
    "Field",
    "JsonValue",
    "Literal",
    "Optional",
    "Self",
    "StrictBool",
    "StrictFloat",
    "StrictInt",
    "StrictStr",
    "TypeAlias",
    "TypeAliasType",
    "Union",
    "annotations",
    "bool",
    "cast",
    "dict",
    "float",
    "int",
    "list",
    "model_validator",
    "object",
    "str",
    "tuple",
    "_json_equal",
    "_json_one_of",
    "_not_null",
];

/// Attributes of pydantic's `BaseModel` that a field may not shadow.
pub(super) const MODEL_ATTRIBUTES: &[&str] = &[
    "construct",
    "copy",
    "dict",
    "fields",
    "from_orm",
    "json",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
];

pub(super) fn is_reserved_word(name: &str) -> bool {
    KEYWORDS.contains(&name) || MODULE_NAMES.contains(&name)
}

/// `text` with every character that cannot appear in a Python identifier replaced by `_`, and
/// a leading digit (or nothing at all) prefixed.
pub(super) fn identifier(text: &str) -> String {
    package::ascii_identifier(text, &[])
}

/// The attribute name of a field whose key is `key`: the key itself when it is a usable name,
/// else a close identifier (the key stays the alias).
pub(super) fn field_ident(key: &str, type_names: &HashSet<String>) -> String {
    let mut name = identifier(key);
    if name.starts_with('_') || name.starts_with("model_") {
        // pydantic keeps `_x` private and reserves `model_*`.
        name = format!(
            "field{}{name}",
            if name.starts_with('_') { "" } else { "_" }
        );
    }
    while is_reserved_word(&name)
        || MODEL_ATTRIBUTES.contains(&name.as_str())
        || type_names.contains(&name)
    {
        name.push('_');
    }
    name
}

/// Makes `name` unique in `taken` by appending `_`, and records it.
pub(super) fn unique(mut name: String, taken: &mut HashSet<String>) -> String {
    while taken.contains(&name) {
        name.push('_');
    }
    taken.insert(name.clone());
    name
}

pub(super) fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase()).into_iter();
            first.chain(chars).collect::<String>()
        })
        .collect()
}
