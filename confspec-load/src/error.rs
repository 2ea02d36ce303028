//! Errors: [`LoadError`] and its [`ErrorKind`], [`FileLoadError`], and the deserialiser's
//! [`DeError`] with the hints it gives (the closest known key or value).

use std::fmt;

use serde::de;

use crate::node::{Node, Pos, Segment, render_path};
use crate::path::PathLink;

/// What went wrong, by kind, so that callers can act on it without parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text is not valid YAML (or is too large, too deep, an alias bomb).
    Syntax,
    /// A key appears twice in one mapping.
    DuplicateKey,
    /// A key the model does not know.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value outside a closed set (a `type` tag, an enum).
    UnknownValue,
    /// A value of the wrong type (including YAML 1.1 booleans).
    WrongType,
    /// A cross-field rule is broken.
    Rule,
    /// Anything else reported by the model's deserialisers.
    Other,
}

/// An error found while loading, located in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The kind of problem.
    pub kind: ErrorKind,
    /// The YAML path of the offending value (empty for the document itself).
    pub path: String,
    /// Where it is.
    pub pos: Pos,
    /// What is wrong, in one sentence.
    pub message: String,
    /// For a closed set of keys or values: every accepted one.
    pub expected: Vec<String>,
    /// A hint: the closest known key or value, or how to write the value.
    pub hint: Option<String>,
    /// Whether the problem is in the YAML text itself and does not show in the document read
    /// as JSON: a YAML 1.1 reading (`no`, `1:30`), a tag, a key that is not a string. The JSON
    /// Schema cannot see these; comparisons with it leave them out.
    pub text_only: bool,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.pos.line, self.pos.column)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Errors from loading a file: it could not be read, or its content is wrong.
#[derive(Debug)]
pub enum FileLoadError {
    /// The file could not be read.
    Io(std::path::PathBuf, std::io::Error),
    /// The content has problems.
    Content(std::path::PathBuf, Vec<LoadError>),
}

impl fmt::Display for FileLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileLoadError::Io(path, err) => write!(f, "{}: cannot read: {err}", path.display()),
            FileLoadError::Content(path, errors) => {
                for (i, err) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}:{err}", path.display())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for FileLoadError {}

/// The deserialiser's error: a [`LoadError`] under construction, located by the innermost node
/// that sees it.
#[derive(Debug)]
pub struct DeError {
    kind: ErrorKind,
    pub(crate) message: String,
    pub(crate) expected: Vec<String>,
    pub(crate) hint: Option<String>,
    pub(crate) text_only: bool,
    located: Option<(Vec<Segment>, Pos)>,
}

impl DeError {
    pub(crate) fn new(kind: ErrorKind, message: String) -> Self {
        DeError {
            kind,
            message,
            expected: Vec::new(),
            hint: None,
            text_only: false,
            located: None,
        }
    }

    pub(crate) fn at(mut self, path: &PathLink<'_>, pos: Pos) -> Self {
        if self.located.is_none() {
            self.located = Some((path.segments(), pos));
        }
        self
    }

    pub(crate) fn into_load_error(self, root: &Node) -> LoadError {
        let (path, pos) = self.located.unwrap_or((Vec::new(), root.pos));
        LoadError {
            kind: self.kind,
            path: render_path(&path),
            pos,
            message: self.message,
            expected: self.expected,
            hint: self.hint,
            text_only: self.text_only,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

fn closest(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

pub(crate) fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(ErrorKind::Other, msg.to_string())
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(
            ErrorKind::WrongType,
            format!("expected {exp}, found {}", describe_unexpected(&unexp)),
        )
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(
            ErrorKind::WrongType,
            format!("expected {exp}, found {}", describe_unexpected(&unexp)),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut err = DeError::new(
            ErrorKind::UnknownValue,
            format!(
                "unknown value `{variant}`, expected one of {}",
                quoted_list(expected)
            ),
        );
        err.expected = expected.iter().map(|s| (*s).to_owned()).collect();
        err.hint = closest(variant, expected).map(|c| format!("did you mean `{c}`?"));
        err
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut err = DeError::new(
            ErrorKind::UnknownKey,
            if expected.is_empty() {
                format!("unknown key `{field}`, this mapping takes no keys")
            } else {
                format!(
                    "unknown key `{field}`, expected one of {}",
                    quoted_list(expected)
                )
            },
        );
        err.expected = expected.iter().map(|s| (*s).to_owned()).collect();
        err.hint = closest(field, expected).map(|c| format!("did you mean `{c}`?"));
        err
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(
            ErrorKind::MissingKey,
            format!("missing required key `{field}`"),
        )
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(ErrorKind::DuplicateKey, format!("duplicate key `{field}`"))
    }
}

fn describe_unexpected(unexp: &de::Unexpected) -> String {
    match unexp {
        de::Unexpected::Bool(b) => format!("boolean `{b}`"),
        de::Unexpected::Unsigned(u) => format!("integer `{u}`"),
        de::Unexpected::Signed(i) => format!("integer `{i}`"),
        de::Unexpected::Float(f) => format!("number `{f:?}`"),
        de::Unexpected::Str(s) => format!("string {s:?}"),
        de::Unexpected::Unit => "null".to_owned(),
        de::Unexpected::Seq => "a list".to_owned(),
        de::Unexpected::Map => "a mapping".to_owned(),
        other => other.to_string(),
    }
}
