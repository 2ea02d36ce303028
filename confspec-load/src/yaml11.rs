//! YAML 1.1 readings that YAML 1.2 does not share.
//!
//! This crate reads YAML 1.2 (core schema); PyYAML, the reader of many Python tools, reads
//! YAML 1.1. The two agree on most plain (unquoted) scalars and differ on a few spellings:
//! PyYAML reads `no` as a boolean, `1:30` as the integer 90 (base 60), `026` as the octal 22,
//! `1_000` as 1000, `0b11` as 3, `2024-01-01` as a date, and `=` as a "value" node it cannot
//! construct, where YAML 1.2 reads them as strings (or, for `026`, as 26). [`reading`] is
//! PyYAML's implicit resolver (its regular expressions, written out), so that the loader can
//! refuse such a scalar where the model expects a string or a number, when the files it loads
//! are read by such a reader too ([`Yaml11Guard`], a setting of the [`crate::Loader`]): the
//! same file must not mean two things.

use std::borrow::Cow;

/// The YAML 1.1 guard: a plain scalar that a YAML 1.1 reader (PyYAML) reads otherwise than
/// YAML 1.2 (`on`, `no`, `1:30`, `026`, `2024-01-01`), where the model asks for a string or a
/// number, is an error, so that the same file cannot mean one thing to this loader and another
/// to that reader. For a project whose files are also read by a YAML 1.1 reader.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Yaml11Guard {
    reader: Option<Cow<'static, str>>,
}

impl Yaml11Guard {
    /// The guard, with messages that name no reader: "`on` is the boolean `true` in YAML 1.1
    /// and a string in YAML 1.2".
    pub const fn new() -> Yaml11Guard {
        Yaml11Guard { reader: None }
    }

    /// The guard, with messages that name the YAML 1.1 reader: with `"the deploy script's
    /// reader"`, "`on` is the boolean `true` in YAML 1.1 (the deploy script's reader) and a
    /// string in YAML 1.2".
    pub const fn read_by(reader: &'static str) -> Yaml11Guard {
        Yaml11Guard {
            reader: Some(Cow::Borrowed(reader)),
        }
    }

    /// As [`Yaml11Guard::read_by`], with a reader known at run time (a project's settings).
    pub fn named(reader: impl Into<Cow<'static, str>>) -> Yaml11Guard {
        Yaml11Guard {
            reader: Some(reader.into()),
        }
    }

    /// The reader named in messages, if any.
    pub fn reader(&self) -> Option<&str> {
        self.reader.as_deref()
    }
}

/// How YAML 1.1 (PyYAML) reads a plain scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml11 {
    /// `null`, `~` or nothing.
    Null,
    /// A boolean (`yes`, `no`, `on`, `off`, `true`, `false` in three cases each).
    Bool(bool),
    /// An integer: decimal, `0b` binary, `0` octal, `0x` hexadecimal, base 60, with `_`s.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// A date or a date and time.
    Timestamp,
    /// `=`, a "value" key PyYAML cannot construct.
    Value,
    /// A string.
    Str,
}

impl Yaml11 {
    /// The reading, as words for a message: "the boolean `false`", "the integer 22".
    pub fn describe(&self) -> String {
        match self {
            Yaml11::Null => "null".to_owned(),
            Yaml11::Bool(b) => format!("the boolean `{b}`"),
            Yaml11::Int(i) => format!("the integer {i}"),
            Yaml11::Float(f) => format!("the number {f:?}"),
            Yaml11::Timestamp => "a date".to_owned(),
            Yaml11::Value => "an unreadable value key".to_owned(),
            Yaml11::Str => "a string".to_owned(),
        }
    }
}

/// YAML 1.1 spellings of booleans that YAML 1.2 reads as strings, for the hint in boolean
/// fields (the YAML 1.1 specification's list, any case; PyYAML knows `yes`/`no`/`on`/`off`).
const YAML11_BOOLEANS: &[(&str, bool)] = &[
    ("yes", true),
    ("no", false),
    ("on", true),
    ("off", false),
    ("y", true),
    ("n", false),
];

/// The boolean a YAML 1.1 spelling stands for, for the hint in boolean fields.
pub(crate) fn yaml11_boolean(text: &str) -> Option<bool> {
    YAML11_BOOLEANS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(text))
        .map(|(_, value)| *value)
}

/// How PyYAML's implicit resolver (YAML 1.1) reads the plain scalar `text`.
pub fn reading(text: &str) -> Yaml11 {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Yaml11::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Yaml11::Bool(true);
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Yaml11::Bool(false);
        }
        "=" => return Yaml11::Value,
        _ => {}
    }
    if let Some(i) = int(text) {
        return Yaml11::Int(i);
    }
    if let Some(f) = float(text) {
        return Yaml11::Float(f);
    }
    if timestamp(text) {
        return Yaml11::Timestamp;
    }
    Yaml11::Str
}

fn sign(text: &str) -> (i128, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    }
}

/// Digits of `radix` and `_`s, at least one character, read as a number (underscores skipped).
fn digits(text: &str, radix: u32) -> Option<i128> {
    if text.is_empty() {
        return None;
    }
    let mut value: i128 = 0;
    for c in text.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(radix)?;
        value = value.checked_mul(radix as i128)?.checked_add(d as i128)?;
    }
    Some(value)
}

/// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
/// [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`
fn int(text: &str) -> Option<i128> {
    let (sign, rest) = sign(text);
    let value = if let Some(bin) = rest.strip_prefix("0b") {
        digits(bin, 2)?
    } else if let Some(hex) = rest.strip_prefix("0x") {
        digits(hex, 16)?
    } else if rest == "0" {
        0
    } else if let Some(oct) = rest.strip_prefix('0') {
        digits(oct, 8)?
    } else if rest.contains(':') {
        sexagesimal(rest, |head| {
            if head.starts_with(|c: char| c.is_ascii_digit() && c != '0') {
                digits(head, 10).map(|v| v as f64)
            } else {
                None
            }
        })? as i128
    } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
        digits(rest, 10)?
    } else {
        return None;
    };
    Some(sign * value)
}

/// `HEAD(:[0-5]?[0-9])+` in base 60, the head read by `head`.
fn sexagesimal(text: &str, head: impl Fn(&str) -> Option<f64>) -> Option<f64> {
    let mut parts = text.split(':');
    let mut value = head(parts.next()?)?;
    for part in parts {
        let ok = matches!(part.len(), 1 | 2)
            && part.chars().all(|c| c.is_ascii_digit())
            && (part.len() == 1 || part.as_bytes()[0] <= b'5');
        if !ok {
            return None;
        }
        value = value * 60.0 + part.parse::<f64>().ok()?;
    }
    Some(value)
}

/// `[-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)? |
/// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`
fn float(text: &str) -> Option<f64> {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    let (sign, rest) = sign(text);
    let sign = sign as f64;
    if matches!(rest, ".inf" | ".Inf" | ".INF") {
        return Some(sign * f64::INFINITY);
    }
    let is_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '_');
    let number = |s: &str| s.replace('_', "").parse::<f64>().ok();
    // The base-60 form: `1:30.5`.
    if rest.contains(':') {
        let (whole, fraction) = rest.split_once('.')?;
        if !is_digits(fraction) {
            return None;
        }
        let value = sexagesimal(whole, |head| {
            (head.starts_with(|c: char| c.is_ascii_digit()) && is_digits(head))
                .then(|| number(head))
                .flatten()
        })?;
        let fraction = number(&format!("0.{fraction}")).unwrap_or(0.0);
        return Some(sign * (value + fraction));
    }
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['-', '+'])?;
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let (whole, fraction) = mantissa.split_once('.')?;
    if !is_digits(fraction) {
        return None;
    }
    if whole.is_empty() {
        // `\.[0-9_]+`: no sign, at least one digit or `_` after the dot.
        if text.starts_with(['-', '+']) || fraction.is_empty() {
            return None;
        }
    } else if !(whole.starts_with(|c: char| c.is_ascii_digit()) && is_digits(whole)) {
        return None;
    }
    let written = format!(
        "{}.{}{}",
        if whole.is_empty() { "0" } else { whole },
        fraction,
        exponent.map(|e| format!("e{e}")).unwrap_or_default()
    );
    number(&written).map(|v| sign * v)
}

/// `[0-9]{4}-[0-9]{2}-[0-9]{2}`, or `[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?`
fn timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    let run = |min: usize, max: usize, i: &mut usize| {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start >= min
    };
    let expect = |c: u8, i: &mut usize| {
        if b.get(*i) == Some(&c) {
            *i += 1;
            true
        } else {
            false
        }
    };
    if !(run(4, 4, &mut i) && expect(b'-', &mut i)) {
        return false;
    }
    let date_start = i;
    if run(2, 2, &mut i) && expect(b'-', &mut i) && run(2, 2, &mut i) && i == b.len() {
        return true;
    }
    i = date_start;
    if !(run(1, 2, &mut i) && expect(b'-', &mut i) && run(1, 2, &mut i)) {
        return false;
    }
    match b.get(i) {
        Some(b'T' | b't') => i += 1,
        Some(b' ' | b'\t') => {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        _ => return false,
    }
    if !(run(1, 2, &mut i)
        && expect(b':', &mut i)
        && run(2, 2, &mut i)
        && expect(b':', &mut i)
        && run(2, 2, &mut i))
    {
        return false;
    }
    if expect(b'.', &mut i) {
        run(0, usize::MAX, &mut i);
    }
    if i == b.len() {
        return true;
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        Some(b'Z') => i += 1,
        Some(b'-' | b'+') => {
            i += 1;
            if !run(1, 2, &mut i) {
                return false;
            }
            if expect(b':', &mut i) && !run(2, 2, &mut i) {
                return false;
            }
        }
        _ => return false,
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::{Yaml11, reading};

    #[test]
    fn pyyaml_readings() {
        let cases: &[(&str, Yaml11)] = &[
            ("no", Yaml11::Bool(false)),
            ("On", Yaml11::Bool(true)),
            ("y", Yaml11::Str),
            ("yEs", Yaml11::Str),
            ("1:30", Yaml11::Int(90)),
            ("-1:30:00", Yaml11::Int(-5400)),
            ("1:60", Yaml11::Str),
            ("026", Yaml11::Int(22)),
            ("08", Yaml11::Str),
            ("0", Yaml11::Int(0)),
            ("1_000", Yaml11::Int(1000)),
            ("0b101", Yaml11::Int(5)),
            ("0x1A", Yaml11::Int(26)),
            ("0o17", Yaml11::Str),
            ("22", Yaml11::Int(22)),
            ("1.5", Yaml11::Float(1.5)),
            ("1.", Yaml11::Float(1.0)),
            (".5", Yaml11::Float(0.5)),
            ("-.5", Yaml11::Str),
            ("1e3", Yaml11::Str),
            ("1.0e3", Yaml11::Str),
            ("1.0e+3", Yaml11::Float(1000.0)),
            ("1:30.5", Yaml11::Float(90.5)),
            ("-.inf", Yaml11::Float(f64::NEG_INFINITY)),
            ("2024-01-01", Yaml11::Timestamp),
            ("2024-1-1 10:00:00", Yaml11::Timestamp),
            ("2024-01-01T10:00:00.5Z", Yaml11::Timestamp),
            ("2024-1-1", Yaml11::Str),
            ("=", Yaml11::Value),
            ("~", Yaml11::Null),
            ("1..8", Yaml11::Str),
            ("8GB", Yaml11::Str),
            ("1d", Yaml11::Str),
            ("A100:80GB:2", Yaml11::Str),
            ("3.10", Yaml11::Float(3.1)),
        ];
        for (text, expected) in cases {
            assert_eq!(&reading(text), expected, "{text}");
        }
    }
}
