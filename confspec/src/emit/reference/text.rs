//! Text of reference items: descriptions as markdown without raw HTML, and defaults written
//! as Python (the `compat` flavour) or YAML (the reader flavour) shows them.

use std::borrow::Cow;

use serde_json::Value;

pub fn without_raw_html(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        // Markdown reads a carriage return as a line break: say so (a template that turns line
        // breaks into `<br>` would otherwise leave one that ends a heading early).
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        return Cow::Owned(without_raw_html(&text).into_owned());
    }
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<(char, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(m) = marker {
            let run = trimmed.chars().take_while(|c| *c == m).count();
            match fence {
                None if run >= 3 => {
                    fence = Some((m, run));
                    out.push_str(line);
                    continue;
                }
                Some((fm, fr)) if fm == m && run >= fr && trimmed[run..].trim().is_empty() => {
                    fence = None;
                    out.push_str(line);
                    continue;
                }
                _ => {}
            }
        }
        if fence.is_some() {
            out.push_str(line);
            continue;
        }
        escape_line(line, &mut out);
    }
    Cow::Owned(out)
}

/// [`without_raw_html`] for one line outside fenced code.
pub(super) fn escape_line(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                // A code span: the same number of backticks closes it on this line.
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &line[i..i + run];
                let mut j = i + run;
                let mut end = None;
                while let Some(at) = line[j..].find(fence) {
                    let k = j + at;
                    let len = bytes[k..].iter().take_while(|&&b| b == b'`').count();
                    if len == run {
                        end = Some(k + run);
                        break;
                    }
                    j = k + len;
                }
                i = end.unwrap_or(i + run);
            }
            b'<' => {
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                if (next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?'))
                    && !is_autolink(&line[i..])
                {
                    out.push_str(&line[copied..i]);
                    out.push_str("&lt;");
                    copied = i + 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&line[copied..]);
}

/// Whether `text` starts with a CommonMark URI autolink: `<scheme:...>` without spaces.
pub(super) fn is_autolink(text: &str) -> bool {
    let Some(end) = text.find('>') else {
        return false;
    };
    let inner = &text[1..end];
    let Some((scheme, rest)) = inner.split_once(':') else {
        return false;
    };
    (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !rest.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<')
}

/// Python's truthiness of a default.
pub(super) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `str(value)` in Python.
pub(super) fn python_str(value: &Value) -> String {
    match value {
        Value::String(s) => quoted_if_multiline(s).unwrap_or_else(|| s.clone()),
        other => python_repr(other),
    }
}

/// `repr(value)` in Python.
pub(super) fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(python_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("'{k}': {}", python_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A default as a YAML reader writes it: strings bare, everything else as JSON (valid YAML flow).
pub(super) fn yaml_inline(value: &Value) -> String {
    match value {
        Value::String(s) => quoted_if_multiline(s).unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    }
}

/// A string that cannot stand on one line of a page (line breaks, control characters), as a
/// double-quoted string with escapes (valid YAML and JSON); `None` for other strings.
pub(super) fn quoted_if_multiline(s: &str) -> Option<String> {
    let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    s.contains(breaks).then(|| {
        serde_json::to_string(s)
            .expect("a string serialises")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
            .replace('\u{85}', "\\u0085")
    })
}
