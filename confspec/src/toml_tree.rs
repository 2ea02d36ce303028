//! TOML text read into the loader's tree ([`Node`]), every key and value at its line and column,
//! so that a TOML document loads through the same strict deserializer as YAML: an unknown key
//! with the closest known one, a value of the wrong type, a missing key, each reported at its
//! place with its path (`examples.roots[0]`). `codegen.toml` is read this way.
//!
//! TOML's types map onto the tree's: strings, integers, floats, booleans, arrays and tables as
//! themselves; a date or time as its text. Tables keep their keys in source order.

use confspec_load::{ErrorKind, Key, LoadError, Node, Pos, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Parses TOML text into a tree. A syntax error is a [`LoadError`] of kind `Syntax` at its
/// place.
pub fn parse(text: &str) -> Result<Node, LoadError> {
    // A UTF-8 byte order mark is not part of the document (editors on Windows write one).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let table = DeTable::parse(text).map_err(|err| LoadError {
        kind: ErrorKind::Syntax,
        path: String::new(),
        pos: err
            .span()
            .map_or(Pos { line: 1, column: 1 }, |span| lines.pos(span.start)),
        message: err.message().trim_end().to_owned(),
        expected: Vec::new(),
        hint: None,
        text_only: false,
    })?;
    Ok(table_node(
        table.get_ref(),
        lines.pos(table.span().start),
        &lines,
    ))
}

fn table_node(table: &DeTable<'_>, pos: Pos, lines: &Lines<'_>) -> Node {
    let mut entries: Vec<(Key, Node)> = table
        .iter()
        .map(|(key, value)| {
            let key = Key {
                name: key.get_ref().to_string(),
                pos: lines.pos(key.span().start),
                non_string: None,
                yaml11: None,
            };
            (key, value_node(value, lines))
        })
        .collect();
    // The parser keeps a table's keys sorted by name; the tree keeps them as written.
    entries.sort_by_key(|(key, _)| key.pos);
    Node::new(Value::Map(entries), pos)
}

fn value_node(value: &Spanned<DeValue<'_>>, lines: &Lines<'_>) -> Node {
    let pos = lines.pos(value.span().start);
    let value = match value.get_ref() {
        DeValue::String(text) => Value::Str(text.to_string()),
        DeValue::Integer(integer) => integer_value(integer.as_str(), integer.radix()),
        DeValue::Float(float) => float_value(float.as_str()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(datetime) => Value::Str(datetime.to_string()),
        DeValue::Array(items) => Value::Seq(items.iter().map(|v| value_node(v, lines)).collect()),
        DeValue::Table(table) => return table_node(table, pos, lines),
    };
    Node::new(value, pos)
}

/// An integer as TOML writes it (`1_000`, `0x1F`, `-7`): a value of the tree, or its text when it
/// does not fit (so that the model's error names it as written).
fn integer_value(text: &str, radix: u32) -> Value {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let (negative, unsigned) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    let unsigned = match radix {
        16 => unsigned.trim_start_matches("0x"),
        8 => unsigned.trim_start_matches("0o"),
        2 => unsigned.trim_start_matches("0b"),
        _ => unsigned,
    };
    match u64::from_str_radix(unsigned, radix) {
        Ok(n) if negative => 0i64
            .checked_sub_unsigned(n)
            .map_or_else(|| Value::Str(text.to_owned()), Value::Int),
        Ok(n) => i64::try_from(n).map_or(Value::UInt(n), Value::Int),
        Err(_) => Value::Str(text.to_owned()),
    }
}

/// A float as TOML writes it (`1e3`, `inf`, `-nan`, `3_000.5`).
fn float_value(text: &str) -> Value {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let unsigned = digits.trim_start_matches(['+', '-']);
    let sign = if digits.starts_with('-') { -1.0 } else { 1.0 };
    let value = match unsigned {
        "inf" => sign * f64::INFINITY,
        "nan" => f64::NAN,
        _ => match digits.parse::<f64>() {
            Ok(v) => v,
            Err(_) => return Value::Str(text.to_owned()),
        },
    };
    Value::Float(value)
}

/// Byte offsets to 1-based lines and columns (columns count characters).
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |before| before.chars().count());
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_places() {
        let text = "top = 1\n\n[table]\nname = \"x\"\nlist = [1, 0x10, -2]\n\n[[items]]\nf = 1.5\n";
        let node = parse(text).expect("parses");
        let Value::Map(entries) = &node.value else {
            panic!("a table")
        };
        let names: Vec<&str> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
        assert_eq!(names, ["top", "table", "items"]);
        let table = node.get("table").expect("a table");
        let name = table.get("name").expect("a key");
        assert_eq!(name.value, Value::Str("x".into()));
        assert_eq!(name.pos, Pos { line: 4, column: 8 });
        let Value::Seq(list) = &table.get("list").unwrap().value else {
            panic!("an array")
        };
        assert_eq!(
            list.iter().map(|n| n.value.clone()).collect::<Vec<_>>(),
            [Value::Int(1), Value::Int(16), Value::Int(-2)]
        );
        let (key, _) = &entries[0];
        assert_eq!(key.pos, Pos { line: 1, column: 1 });
        let items = node.get("items").unwrap();
        let Value::Seq(items) = &items.value else {
            panic!("an array of tables")
        };
        assert_eq!(items[0].get("f").unwrap().value, Value::Float(1.5));
    }

    #[test]
    fn a_syntax_error_is_at_its_place() {
        let err = parse("a = 1\nb = = 2\n").expect_err("not TOML");
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn numbers_as_toml_writes_them() {
        assert_eq!(integer_value("1_000", 10), Value::Int(1000));
        assert_eq!(integer_value("0b101", 2), Value::Int(5));
        assert_eq!(
            integer_value("-9223372036854775808", 10),
            Value::Int(i64::MIN)
        );
        assert_eq!(
            integer_value("-9223372036854775809", 10),
            Value::Str("-9223372036854775809".into())
        );
        assert_eq!(float_value("-inf"), Value::Float(f64::NEG_INFINITY));
        assert_eq!(float_value("1e3"), Value::Float(1000.0));
    }
}
