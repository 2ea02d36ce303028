//! Errors: [`LoadError`] and its [`ErrorKind`], [`FileLoadError`], and the deserialiser's
//! [`DeError`] with the hints it gives (the closest known key or value).

use std::fmt;

use serde::de;

use crate::node::{Pos, Segment, render_path};
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
/// that sees it, with what the collection of every error of a document (`collect.rs`)
/// needs to place it exactly and to go on past it. Boxed: results that carry it stay small.
#[derive(Debug)]
pub struct DeError(Box<Details>);

/// What a [`DeError`] holds (its fields are the crate's own).
#[derive(Debug)]
pub struct Details {
    kind: ErrorKind,
    pub(crate) message: String,
    pub(crate) expected: Vec<String>,
    pub(crate) hint: Option<String>,
    pub(crate) text_only: bool,
    located: Option<(Vec<Segment>, Pos)>,
    /// What the error is about, as serde names it: lets an error raised on a buffered copy of a
    /// mapping (and so located at the mapping) be placed at the value it is about.
    pub(crate) subject: Subject,
    /// The kind of value the reader asked for, when it is a plain one: what a stand-in for the
    /// offending value gives a reader that asks for anything.
    pub(crate) shape: Option<Shape>,
    /// Located at a mapping key by the map access (an unknown key of a struct).
    pub(crate) at_key: bool,
    /// Raised while a stand-in was read: not an error of the document.
    pub(crate) from_stand_in: bool,
    /// For an error about a union's tag: the union, which is skipped whole.
    pub(crate) union: Option<Vec<Segment>>,
}

#[doc(hidden)]
impl std::ops::Deref for DeError {
    type Target = Details;

    fn deref(&self) -> &Details {
        &self.0
    }
}

#[doc(hidden)]
impl std::ops::DerefMut for DeError {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

/// What an error is about, as serde's error constructors name it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Subject {
    /// Nothing that identifies a value.
    #[default]
    None,
    /// A string value or key, by the address and length of the text serde was handed (the
    /// loader hands out the document's own strings, so the address identifies the node).
    Text {
        addr: usize,
        len: usize,
        text: String,
    },
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// Null.
    Null,
    /// A required key that is absent.
    Missing(String),
}

/// A plain kind of value a reader asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Str,
    Int,
    Float,
    Bool,
    Seq,
    Map,
}

impl Shape {
    /// The shape serde's own visitors describe (`a string`, `u32`, `a sequence`...).
    fn of_expected(expected: &str) -> Option<Shape> {
        Some(match expected {
            "a string" | "a borrowed string" | "path string" | "a character" => Shape::Str,
            "a boolean" => Shape::Bool,
            "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
            | "i128" | "isize" => Shape::Int,
            "f32" | "f64" => Shape::Float,
            "a sequence" => Shape::Seq,
            "a map" => Shape::Map,
            _ => return None,
        })
    }
}

impl DeError {
    pub(crate) fn new(kind: ErrorKind, message: String) -> Self {
        DeError(Box::new(Details {
            kind,
            message,
            expected: Vec::new(),
            hint: None,
            text_only: false,
            located: None,
            subject: Subject::None,
            shape: None,
            at_key: false,
            from_stand_in: false,
            union: None,
        }))
    }

    /// The kind of problem.
    pub(crate) fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub(crate) fn at(mut self, path: &PathLink<'_>, pos: Pos) -> Self {
        if self.located.is_none() {
            self.located = Some((path.segments(), pos));
        }
        self
    }

    /// Locates an error raised by a mapping key's reader at the key.
    pub(crate) fn at_key(mut self, path: &PathLink<'_>, pos: Pos) -> Self {
        if self.located.is_none() {
            self.at_key = true;
            self.located = Some((path.segments(), pos));
        }
        self
    }

    /// Where the innermost node that saw the error put it.
    pub(crate) fn location(&self) -> Option<&(Vec<Segment>, Pos)> {
        self.located.as_ref()
    }

    /// Marks an error raised while a stand-in was read.
    pub(crate) fn by_stand_in(mut self) -> Self {
        self.from_stand_in = true;
        self
    }

    /// The error as reported, at `path` and `pos`.
    pub(crate) fn into_load_error(self, path: &[Segment], pos: Pos) -> LoadError {
        let details = *self.0;
        LoadError {
            kind: details.kind,
            path: render_path(path),
            pos,
            message: details.message,
            expected: details.expected,
            hint: details.hint,
            text_only: details.text_only,
        }
    }
}

/// The error for an unknown key `field` of a mapping that takes `expected`.
pub(crate) fn unknown_key<S: AsRef<str>>(field: &str, expected: &[S]) -> DeError {
    let names: Vec<&str> = expected.iter().map(AsRef::as_ref).collect();
    let mut err = DeError::new(
        ErrorKind::UnknownKey,
        if names.is_empty() {
            format!("unknown key `{field}`, this mapping takes no keys")
        } else {
            format!(
                "unknown key `{field}`, expected one of {}",
                quoted_list(&names)
            )
        },
    );
    err.expected = names.iter().map(|s| (*s).to_owned()).collect();
    err.hint = closest(field, &names).map(|c| format!("did you mean `{c}`?"));
    err.subject = Subject::text(field);
    err
}

impl Subject {
    fn text(text: &str) -> Subject {
        Subject::Text {
            addr: text.as_ptr() as usize,
            len: text.len(),
            text: text.to_owned(),
        }
    }

    fn of_unexpected(unexp: &de::Unexpected) -> Subject {
        match unexp {
            de::Unexpected::Str(s) => Subject::text(s),
            de::Unexpected::Bool(b) => Subject::Bool(*b),
            de::Unexpected::Unsigned(u) => Subject::Int(i128::from(*u)),
            de::Unexpected::Signed(i) => Subject::Int(i128::from(*i)),
            de::Unexpected::Float(f) => Subject::Float(*f),
            de::Unexpected::Unit => Subject::Null,
            _ => Subject::None,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

pub(crate) fn closest(word: &str, candidates: &[&str]) -> Option<String> {
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
        wrong(unexp, exp)
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        wrong(unexp, exp)
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
        err.subject = Subject::text(variant);
        err
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        unknown_key(field, expected)
    }

    fn missing_field(field: &'static str) -> Self {
        let mut err = DeError::new(
            ErrorKind::MissingKey,
            format!("missing required key `{field}`"),
        );
        err.subject = Subject::Missing(field.to_owned());
        err
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(ErrorKind::DuplicateKey, format!("duplicate key `{field}`"))
    }
}

/// A value of the wrong type or form, as serde's visitors report it.
fn wrong(unexp: de::Unexpected, exp: &dyn de::Expected) -> DeError {
    let expected = exp.to_string();
    let mut err = DeError::new(
        ErrorKind::WrongType,
        format!("expected {expected}, found {}", describe_unexpected(&unexp)),
    );
    err.subject = Subject::of_unexpected(&unexp);
    err.shape = Shape::of_expected(&expected);
    err
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
