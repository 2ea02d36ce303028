//! Reading a markdown page the way mkdocs-material renders it: fenced code blocks at any
//! indentation, content blocks (`=== "tab"`, `??? note`, `!!! note`) nested by indentation,
//! `<div ...>` wrappers (`md_in_html`), and `#SCHEMA#` directive lines with their option lines.
//!
//! One reader serves both directive expansion and the examples check, so both agree on what a
//! page contains: a directive inside a code block is text, a YAML block inside a tab is an
//! example. Every item carries its 1-based line and column in the source page, so any position
//! inside it maps back to `file:line:column`.
//!
//! CommonMark alone (pulldown-cmark) reads the four-space-indented body of a tab as an indented
//! code block; the structure here is therefore found line by line, by the rules of the
//! pymdownx extensions mkdocs-material uses. pulldown-cmark still decides what is inline code
//! at the top level of the page.

use std::ops::Range;
use std::sync::Arc;

/// A page, scanned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    /// Every directive, in page order.
    pub directives: Vec<Directive>,
    /// Every fenced code block, in page order.
    pub fences: Vec<Fence>,
    /// Every ATX heading outside code blocks, in page order.
    pub headings: Vec<Heading>,
    /// Every one-line HTML comment outside code blocks (`<!-- text -->`), in page order.
    pub comments: Vec<Comment>,
}

/// A one-line HTML comment outside code blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Line, 1-based.
    pub line: usize,
    /// Column of its `<!--`, 1-based.
    pub column: usize,
    /// The text between `<!--` and `-->`, trimmed.
    pub text: String,
}

/// An ATX heading (`## Title { #id }`), at any indentation (headings inside tabs are indented).
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Line, 1-based.
    pub line: usize,
    /// Column of its first `#`, 1-based.
    pub column: usize,
    /// 1 to 6.
    pub level: usize,
    /// The heading's text, without the closing `#`s and the attribute list.
    pub text: String,
    /// The id its attribute list gives (`{ #id }`), if any.
    pub id: Option<String>,
}

/// A `#SCHEMA# path` line and its option lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// Line of the directive, 1-based.
    pub line: usize,
    /// Column of its first `#`, 1-based.
    pub column: usize,
    /// The whitespace before the directive, repeated on every line that replaces it.
    pub indent: String,
    /// How many `#` the marker starts with (1 for `#SCHEMA#`; 2 for the `##SCHEMA#` typo).
    pub hashes: usize,
    /// The type path as written (`dstack._internal.server.services.config.AWSConfig`).
    pub path: String,
    /// Column of the path, 1-based.
    pub path_column: usize,
    /// The option lines, dedented by the directive's indentation plus four spaces: YAML.
    pub options: String,
    /// Line of the first option line (the line after the directive when there are none).
    pub options_line: usize,
    /// Columns removed from each option line (so YAML column `c` is page column `c + shift`).
    pub options_shift: usize,
    /// The page lines (0-based, end exclusive) the directive and its options occupy.
    pub lines: Range<usize>,
    /// The enclosing content blocks, outermost first: the line (1-based) of each opener and
    /// its label (`=== "Access key"`), shared with the other directives inside the block.
    pub containers: Vec<(usize, Arc<str>)>,
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq)]
pub struct Fence {
    /// Line of the opening fence, 1-based.
    pub line: usize,
    /// The info string after the fence characters, trimmed (`yaml`, `yaml title="x"`, `shell`).
    pub info: String,
    /// The language: the info string's first word, without a leading `.` or `{`.
    pub language: String,
    /// The content lines, with the fence's indentation removed, each ending in `\n`.
    pub content: String,
    /// Line of the first content line, 1-based.
    pub content_line: usize,
    /// Columns removed from each content line (content column `c` is page column `c + indent`).
    pub indent: usize,
    /// Whether the closing fence was found (an unclosed fence runs to the end of the page).
    pub closed: bool,
    /// The `editor-title` of the innermost enclosing `<div editor-title="...">`, if any.
    pub editor_title: Option<String>,
    /// The enclosing content blocks, outermost first (`=== "Access key"`, `??? info "VPC"`).
    pub containers: Vec<String>,
    /// The one-line HTML comments right before the opening fence, in page order: with nothing
    /// between them and the fence but blank lines, other such comments and the opening
    /// `<div ...>` lines that wrap the block (mkdocs-material's `<div editor-title="...">`).
    /// The examples check reads its per-block markers (`codegen: skip`) from them.
    pub markers: Vec<Comment>,
}

/// Counts leading spaces (a tab counts as four).
fn indentation(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// Removes up to `width` columns of leading whitespace.
fn dedent(line: &str, width: usize) -> &str {
    let mut removed = 0;
    for (i, c) in line.char_indices() {
        if removed >= width {
            return &line[i..];
        }
        match c {
            ' ' => removed += 1,
            '\t' => removed += 4 - removed % 4,
            _ => return &line[i..],
        }
    }
    ""
}

fn fence_opener(trimmed: &str) -> Option<(char, usize, &str)> {
    let marker = trimmed.chars().next()?;
    if marker != '`' && marker != '~' {
        return None;
    }
    let count = trimmed.chars().take_while(|&c| c == marker).count();
    if count < 3 {
        return None;
    }
    let info = &trimmed[count..];
    if marker == '`' && info.contains('`') {
        return None;
    }
    Some((marker, count, info.trim()))
}

fn is_fence_close(trimmed: &str, marker: char, count: usize) -> bool {
    let run = trimmed.chars().take_while(|&c| c == marker).count();
    run >= count && trimmed[run * marker.len_utf8()..].trim().is_empty()
}

/// The longest block label or editor title kept, in bytes. Every fence inside a block carries
/// its labels; a longer one (a hostile page: one 25 MB label above a million fences) is cut,
/// so that the work stays linear in the page. Real labels are a few words.
pub const MAX_LABEL: usize = 1024;

/// `text`, cut to [`MAX_LABEL`] bytes (at a character boundary) with a `…` when longer.
fn capped(text: &str) -> String {
    if text.len() <= MAX_LABEL {
        return text.to_owned();
    }
    let mut end = MAX_LABEL;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// A content block opener: `=== "Title"`, `???+ type "Title"`, `!!! type "Title"`.
fn block_opener(trimmed: &str) -> Option<String> {
    for prefix in ["===! ", "===+ ", "=== ", "???+ ", "??? ", "!!! "] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            return Some(capped(&format!("{} {}", prefix.trim(), rest.trim())));
        }
    }
    None
}

fn editor_title(trimmed: &str) -> Option<String> {
    let rest = trimmed.strip_prefix("<div")?;
    let at = rest.find("editor-title=")?;
    let value = &rest[at + "editor-title=".len()..];
    let quote = value.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let end = value[1..].find(quote)?;
    Some(capped(&value[1..1 + end]))
}

/// Parses the marker of a directive line: `(hashes, path, column of path)`.
fn directive_marker(trimmed: &str) -> Option<(usize, &str, usize)> {
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    if hashes == 0 {
        return None;
    }
    let rest = trimmed[hashes..].strip_prefix("SCHEMA#")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let path = rest.trim();
    if path.is_empty() || path.contains(char::is_whitespace) {
        return None;
    }
    let offset = hashes + "SCHEMA#".len() + (rest.len() - rest.trim_start().len());
    Some((hashes, path, offset))
}

/// Reads an ATX heading: `(level, text, explicit id)`.
fn atx_heading(trimmed: &str) -> Option<(usize, String, Option<String>)> {
    let level = trimmed.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut content = rest.trim();
    let mut id = None;
    if let Some((before, attrs)) = trailing_attr_list(content) {
        id = attr_list_id(attrs).map(str::to_owned);
        content = before;
    }
    // An optional closing sequence of `#`s, preceded by a space.
    let without_closing = content.trim_end_matches('#');
    if without_closing.len() < content.len()
        && (without_closing.is_empty() || without_closing.ends_with([' ', '\t']))
    {
        content = without_closing.trim_end();
    }
    Some((level, content.to_owned(), id))
}

/// Splits a trailing attribute list off a heading's content: `("Title", "#id .class")` for
/// `Title { #id .class }` (python-markdown's `attr_list`: at least one space before the `{`).
pub fn trailing_attr_list(content: &str) -> Option<(&str, &str)> {
    let body = content.strip_suffix('}')?;
    let open = body.rfind('{')?;
    let before = &body[..open];
    if !before.ends_with([' ', '\t']) {
        return None;
    }
    let attrs = body[open + 1..].trim_start_matches(':').trim();
    if attrs.is_empty() {
        return None;
    }
    Some((before.trim_end(), attrs))
}

/// The id an attribute list's content sets (`#id`), if any.
pub fn attr_list_id(attrs: &str) -> Option<&str> {
    attr_tokens(attrs)
        .filter_map(|t| t.strip_prefix('#'))
        .filter(|id| !id.is_empty())
        .last()
}

/// The tokens of an attribute list (`#id`, `.class`, `key="v w"`), quotes kept.
fn attr_tokens(attrs: &str) -> impl Iterator<Item = &str> {
    let mut rest = attrs;
    std::iter::from_fn(move || {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c.is_whitespace() => {
                    end = i;
                    break;
                }
                None => {}
            }
        }
        let token = &rest[..end];
        rest = &rest[end..];
        Some(token)
    })
}

/// The text a heading's id is made from (what python-markdown's `toc` reads off the rendered
/// heading): code spans, emphasis, links and HTML tags reduced to their text.
pub fn heading_plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '*' => {}
            '<' => {
                // Drop an HTML tag.
                for d in chars.by_ref() {
                    if d == '>' {
                        break;
                    }
                }
            }
            ']' if chars.peek() == Some(&'(') => {
                // The end of a link's text: drop its destination.
                let mut depth = 0;
                for d in chars.by_ref() {
                    match d {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            '[' => {}
            _ => out.push(c),
        }
    }
    out
}

/// python-markdown's default `toc` slug: punctuation dropped, surrounding whitespace
/// stripped, lower case, each run of spaces and dashes replaced by one `-`. (Its NFKD-to-ASCII
/// step is approximated by dropping non-ASCII characters.)
pub fn slugify(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_ascii_whitespace())
        .collect();
    let mut out = String::with_capacity(kept.len());
    let mut in_run = false;
    for c in kept.trim().chars() {
        if c == '-' || c.is_ascii_whitespace() {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.push(c.to_ascii_lowercase());
            in_run = false;
        }
    }
    out
}

/// The title of a content block's label: `Access key` for `=== "Access key"`, `VPC` for
/// `??? info "VPC"`, `note` for `!!! note`.
pub fn block_title(label: &str) -> &str {
    let rest = label.split_once(' ').map_or("", |(_, rest)| rest).trim();
    if let Some(start) = rest.find(['"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let inner = &rest[start + 1..];
        return inner.split(quote).next().unwrap_or(inner);
    }
    rest.split_whitespace().next().unwrap_or("")
}

/// Whether a directive marker lies inside an inline code span that started on an earlier line of
/// the same paragraph, as CommonMark reads it. A paragraph (a run of non-blank lines) is parsed
/// with pulldown-cmark only when a line above the marker holds a backtick, and at most once:
/// its code spans are kept for the next directive in it. The paragraph is dedented by its first
/// line's indentation, so that the body of a tab is not read as an indented code block.
struct CodeSpans<'a> {
    lines: &'a [&'a str],
    /// `ticks[i]`: how many of the lines before `i` hold a backtick.
    ticks: Vec<usize>,
    /// The last paragraph parsed.
    parsed: Option<Parsed>,
}

/// A paragraph, parsed for its code spans.
struct Parsed {
    /// Its first line.
    start: usize,
    /// The byte offset of each of its lines in the dedented text.
    offsets: Vec<usize>,
    /// How many bytes were removed from the start of each line.
    removed: Vec<usize>,
    /// Its code spans, in the dedented text.
    spans: Vec<Range<usize>>,
}

impl<'a> CodeSpans<'a> {
    fn new(lines: &'a [&'a str]) -> Self {
        let mut ticks = Vec::with_capacity(lines.len() + 1);
        let mut count = 0;
        ticks.push(0);
        for line in lines {
            count += usize::from(line.contains('`'));
            ticks.push(count);
        }
        CodeSpans {
            lines,
            ticks,
            parsed: None,
        }
    }

    /// Whether the marker at line `i`, column offset `at` (bytes), is inside a code span;
    /// `paragraph` is the paragraph's first line.
    fn contains(&mut self, paragraph: usize, i: usize, at: usize) -> bool {
        use pulldown_cmark::{Event, Parser};
        if self.ticks[i] == self.ticks[paragraph] {
            return false;
        }
        if self
            .parsed
            .as_ref()
            .is_none_or(|parsed| parsed.start != paragraph)
        {
            let lines = self.lines;
            let mut end = paragraph;
            while end < lines.len() && !lines[end].trim().is_empty() {
                end += 1;
            }
            let indent = indentation(lines[paragraph]);
            let mut text = String::new();
            let mut offsets = Vec::with_capacity(end - paragraph);
            let mut removed = Vec::with_capacity(end - paragraph);
            for line in &lines[paragraph..end] {
                let kept = dedent(line, indent);
                offsets.push(text.len());
                removed.push(line.len() - kept.len());
                text.push_str(kept);
                if !kept.ends_with('\n') {
                    text.push('\n');
                }
            }
            let spans = Parser::new(&text)
                .into_offset_iter()
                .filter_map(|(event, range)| matches!(event, Event::Code(_)).then_some(range))
                .collect();
            self.parsed = Some(Parsed {
                start: paragraph,
                offsets,
                removed,
                spans,
            });
        }
        let Some(Parsed {
            offsets,
            removed,
            spans,
            ..
        }) = &self.parsed
        else {
            return false;
        };
        let k = i - paragraph;
        // `i` is in the paragraph by construction; a line past it has no span to be in.
        let (Some(removed), Some(offset)) = (removed.get(k), offsets.get(k)) else {
            return false;
        };
        let Some(at) = at.checked_sub(*removed) else {
            return false;
        };
        let marker = offset + at;
        spans.iter().any(|range| range.contains(&marker))
    }
}

/// Scans a page.
pub fn scan(text: &str) -> Scan {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    scan_lines(&lines)
}

/// Scans a page already split into lines (`text.split_inclusive('\n')`), for callers that need
/// the lines too.
pub fn scan_lines(lines: &[&str]) -> Scan {
    let mut scan = Scan::default();
    let mut code_spans = CodeSpans::new(lines);
    // The first line of the current paragraph (run of non-blank lines).
    let mut paragraph = 0;
    // Open content blocks: (indentation of the opener, its line, label).
    let mut blocks: Vec<(usize, usize, Arc<str>)> = Vec::new();
    // Open divs: (indentation, the innermost editor title at this depth, this div's or inherited).
    let mut divs: Vec<(usize, Option<Arc<str>>)> = Vec::new();
    // The comments that stand before the next line, while only blank lines, comments and
    // wrapper lines follow them.
    let mut pending: Vec<Comment> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i].trim_end_matches(['\n', '\r']);
        let trimmed = raw.trim_start();
        let indent = indentation(raw);
        if trimmed.is_empty() {
            i += 1;
            paragraph = i;
            continue;
        }
        // A non-blank line at or left of a block opener's indentation closes that block.
        while blocks
            .last()
            .is_some_and(|(opener, _, _)| indent <= *opener)
        {
            blocks.pop();
        }
        if let Some((marker, count, info)) = fence_opener(trimmed) {
            let start = i;
            let mut content = String::new();
            let mut j = i + 1;
            let mut closed = false;
            while j < lines.len() {
                let line = lines[j].trim_end_matches(['\n', '\r']);
                let inner = line.trim_start();
                if is_fence_close(inner, marker, count) && indentation(line) <= indent + 3 {
                    closed = true;
                    break;
                }
                content.push_str(dedent(line, indent));
                content.push('\n');
                j += 1;
            }
            let markers = std::mem::take(&mut pending);
            let language = info
                .trim_start_matches(['{', '.'])
                .split(|c: char| c.is_whitespace() || c == '}' || c == ',')
                .next()
                .unwrap_or("")
                .to_owned();
            scan.fences.push(Fence {
                line: start + 1,
                info: info.to_owned(),
                language,
                content,
                content_line: start + 2,
                indent,
                closed,
                editor_title: divs
                    .last()
                    .and_then(|(_, title)| title.as_deref().map(str::to_owned)),
                containers: blocks
                    .iter()
                    .map(|(_, _, label)| label.to_string())
                    .collect(),
                markers,
            });
            i = if closed { j + 1 } else { j };
            // A fence ends the paragraph above it (and its blank lines were consumed here).
            paragraph = i;
            continue;
        }
        if let Some(comment) = trimmed
            .strip_prefix("<!--")
            .and_then(|r| r.trim_end().strip_suffix("-->"))
        {
            let comment = Comment {
                line: i + 1,
                column: raw.len() - trimmed.len() + 1,
                text: comment.trim().to_owned(),
            };
            pending.push(comment.clone());
            scan.comments.push(comment);
            i += 1;
            continue;
        }
        if let Some(label) = block_opener(trimmed) {
            blocks.push((indent, i + 1, Arc::from(label)));
        } else if let Some(heading) = atx_heading(trimmed) {
            let (level, text, id) = heading;
            scan.headings.push(Heading {
                line: i + 1,
                column: raw[..raw.len() - trimmed.len()].chars().count() + 1,
                level,
                text,
                id,
            });
        } else if trimmed.starts_with("<div") {
            let inherited = divs.last().and_then(|(_, title)| title.clone());
            divs.push((indent, editor_title(trimmed).map(Arc::from).or(inherited)));
        } else if trimmed.starts_with("</div") {
            divs.pop();
        } else if let Some((hashes, path, path_offset)) = directive_marker(trimmed)
            && !code_spans.contains(paragraph, i, raw.len() - trimmed.len())
        {
            let directive_indent = &raw[..raw.len() - trimmed.len()];
            let option_indent = indent + 4;
            let mut options = String::new();
            let mut j = i + 1;
            while j < lines.len() {
                let line = lines[j].trim_end_matches(['\n', '\r']);
                if line.trim().is_empty() || indentation(line) < option_indent {
                    break;
                }
                options.push_str(dedent(line, option_indent));
                options.push('\n');
                j += 1;
            }
            let column = directive_indent.chars().count() + 1;
            scan.directives.push(Directive {
                line: i + 1,
                column,
                indent: directive_indent.to_owned(),
                hashes,
                path: path.to_owned(),
                path_column: column + path_offset,
                options,
                options_line: i + 2,
                options_shift: option_indent,
                lines: i..j,
                containers: blocks
                    .iter()
                    .map(|(_, line, label)| (*line, Arc::clone(label)))
                    .collect(),
            });
            pending.clear();
            i = j;
            continue;
        }
        // A marker stays pending across the opening `<div ...>` that wraps its block.
        if !is_wrapper_line(trimmed) {
            pending.clear();
        }
        i += 1;
    }
    scan
}

/// Whether a (trimmed, non-blank) line only opens a `<div ...>`: the wrapper a marker may stand
/// above.
fn is_wrapper_line(trimmed: &str) -> bool {
    let trimmed = trimmed.trim_end();
    trimmed.starts_with("<div") && trimmed.ends_with('>') && !trimmed.contains("</div")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"# Title

Use `#SCHEMA# not.a.Directive` inline.

=== "Access key"

    <div editor-title="~/.dstack/server/config.yml">

    ```yaml
    projects:
    - name: main
    ```

    </div>

=== "Default"
    #SCHEMA# a.b.AWSDefaultCreds
        overrides:
            show_root_heading: false
    #SCHEMA# a.b.Other

```markdown
#SCHEMA# inside.a.Fence
```

??? info "Kind"
    <!-- codegen: skip -->
    ```yml
    kind: Cluster
    ```

##SCHEMA# a.b.Typo
"#;

    #[test]
    fn finds_directives_with_indentation_and_options() {
        let scan = scan(PAGE);
        let paths: Vec<&str> = scan.directives.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.b.AWSDefaultCreds", "a.b.Other", "a.b.Typo"]);
        let first = &scan.directives[0];
        assert_eq!(
            (first.line, first.column, first.indent.as_str()),
            (17, 5, "    ")
        );
        assert_eq!(first.options, "overrides:\n    show_root_heading: false\n");
        assert_eq!(first.options_line, 18);
        assert_eq!(first.options_shift, 8);
        assert_eq!(first.path_column, 14);
        assert_eq!(first.lines, 16..19);
        assert_eq!(scan.directives[1].lines, 19..20);
        assert_eq!(scan.directives[2].hashes, 2);
    }

    #[test]
    fn finds_fences_with_context() {
        let scan = scan(PAGE);
        let yaml: Vec<&Fence> = scan
            .fences
            .iter()
            .filter(|f| f.language.starts_with("y"))
            .collect();
        assert_eq!(yaml.len(), 2);
        assert_eq!(yaml[0].line, 9);
        assert_eq!(yaml[0].content_line, 10);
        assert_eq!(yaml[0].indent, 4);
        assert_eq!(yaml[0].content, "projects:\n- name: main\n");
        assert_eq!(
            yaml[0].editor_title.as_deref(),
            Some("~/.dstack/server/config.yml")
        );
        assert_eq!(yaml[0].containers, ["=== \"Access key\""]);
        assert_eq!(yaml[1].containers, ["??? info \"Kind\""]);
        let markers: Vec<&str> = yaml[1].markers.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(markers, ["codegen: skip"]);
        assert_eq!(yaml[1].editor_title, None);
    }

    #[test]
    fn headings_with_ids_and_directive_containers() {
        let text = "# Title\n\n## `projects[n]` { #projects data-toc-label=\"a b\" }\n\n=== \"Tab\"\n    ### Inner ###\n    #SCHEMA# a.B\n#SCHEMA#x\n";
        let scan = scan(text);
        let headings: Vec<(usize, usize, &str, Option<&str>)> = scan
            .headings
            .iter()
            .map(|h| (h.line, h.level, h.text.as_str(), h.id.as_deref()))
            .collect();
        assert_eq!(
            headings,
            [
                (1, 1, "Title", None),
                (3, 2, "`projects[n]`", Some("projects")),
                (6, 3, "Inner", None)
            ]
        );
        assert_eq!(scan.headings[2].column, 5);
        assert_eq!(
            scan.directives.len(),
            1,
            "`#SCHEMA#x` is neither a directive nor a heading"
        );
        assert_eq!(
            scan.directives[0].containers,
            [(5, Arc::from("=== \"Tab\""))]
        );
    }

    #[test]
    fn slugs_and_titles() {
        assert_eq!(slugify("Root reference"), "root-reference");
        assert_eq!(
            slugify(&heading_plain_text("`projects[n].backends[type=aws]`")),
            "projectsnbackendstypeaws"
        );
        assert_eq!(slugify(" A  -- b_c! "), "a-b_c");
        assert_eq!(
            heading_plain_text("[Link *x*](a.md) <b>bold</b>"),
            "Link x bold"
        );
        assert_eq!(block_title("=== \"Access key\""), "Access key");
        assert_eq!(block_title("??? info \"VPC\""), "VPC");
        assert_eq!(block_title("!!! note"), "note");
        assert_eq!(attr_list_id("#a .b data-x='y z' #c"), Some("c"));
        assert_eq!(trailing_attr_list("Title { #t }"), Some(("Title", "#t")));
        assert_eq!(trailing_attr_list("Title{ #t }"), None);
    }

    #[test]
    fn code_spans_over_lines_hide_directives_at_any_indentation() {
        let page = "Text `a\n#SCHEMA# a.B` c.\n\n=== \"Tab\"\n    Text `a\n    #SCHEMA# a.C` c.\n\n    Text `a` b.\n    #SCHEMA# a.D\n";
        let paths: Vec<String> = scan(page)
            .directives
            .iter()
            .map(|d| d.path.clone())
            .collect();
        assert_eq!(paths, ["a.D"]);
    }

    #[test]
    fn directives_in_one_paragraph_share_its_parse() {
        let page = "Some `code` first\n#SCHEMA# a.B\n#SCHEMA# a.C\nthen `open\n#SCHEMA# a.D\nclosed` here\n";
        let paths: Vec<String> = scan(page)
            .directives
            .iter()
            .map(|d| d.path.clone())
            .collect();
        assert_eq!(paths, ["a.B", "a.C"]);
    }

    #[test]
    fn a_fence_with_blank_lines_ends_the_paragraph() {
        // Found by the markdown_scan fuzzer: the paragraph above the fence was taken to run on to
        // the directive, past its parsed lines (index out of bounds).
        let scan = scan("`a`\n```\n\n\n```\n#SCHEMA# a.B\n");
        let paths: Vec<&str> = scan.directives.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.B"]);
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let scan = scan("```yaml\na: 1\n#SCHEMA# x.Y\n");
        assert!(!scan.fences[0].closed);
        assert!(scan.directives.is_empty());
    }

    #[test]
    fn crlf_lines_are_read() {
        let scan = scan("#SCHEMA# a.B\r\n    overrides:\r\n      x: 1\r\n\r\n");
        assert_eq!(scan.directives[0].options, "overrides:\n  x: 1\n");
    }
}
