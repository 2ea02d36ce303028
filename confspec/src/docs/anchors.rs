//! The anchors of a page and the in-page links that must reach them: heading ids (explicit, or
//! as mkdocs' `toc` makes them), attribute lists' `{ #id }`, HTML `id`s, and the `#...` links of
//! the prose outside code.

use crate::hash::{HashMap, HashSet};

use super::markdown::{self, Scan};

/// An explicit id on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The id.
    pub id: String,
    /// Its line, 1-based.
    pub line: usize,
}

/// The id of each heading, in page order: its explicit id, else the slug mkdocs' `toc` gives
/// it (unique against every explicit id and earlier slug: `_1`, `_2`...).
/// `explicit` is [`explicit_ids`] of the same page.
pub fn heading_ids<'h>(
    headings: impl Iterator<Item = &'h markdown::Heading>,
    explicit: &[Anchor],
) -> Vec<String> {
    let mut used: HashSet<String> = explicit.iter().map(|a| a.id.clone()).collect();
    // For each stem, `run`: `stem_1` to `stem_run` are all taken (ids are never given back), so
    // many headings with one text do not search from `_1` each time.
    let mut runs: HashMap<String, u64> = HashMap::default();
    let split = |id: &str| -> (String, u64) {
        match id.rsplit_once('_') {
            Some((stem, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                (stem.to_owned(), n.parse::<u64>().unwrap_or(u64::MAX))
            }
            _ => (id.to_owned(), 0),
        }
    };
    headings
        .map(|h| match &h.id {
            Some(id) => id.clone(),
            None => {
                // python-markdown's `unique()`: `id`, then `id_1`, `id_2`...; an id that already
                // ends in `_<n>` counts on from `n`.
                let mut id = markdown::slugify(&markdown::heading_plain_text(&h.text));
                while id.is_empty() || used.contains(&id) {
                    let (stem, n) = split(&id);
                    let run = runs.entry(stem.clone()).or_insert(0);
                    if n == *run + 1 {
                        *run = n;
                    }
                    let next = if n <= *run {
                        *run + 1
                    } else {
                        n.saturating_add(1)
                    };
                    id = format!("{stem}_{next}");
                }
                let (stem, n) = split(&id);
                if let Some(run) = runs.get_mut(&stem)
                    && n == *run + 1
                {
                    *run = n;
                }
                used.insert(id.clone());
                id
            }
        })
        .collect()
}

/// Every explicit id of a page outside code blocks: headings' attribute lists, other attribute
/// lists (`{ #id }`), HTML `id` attributes.
pub fn explicit_ids(scan: &Scan, lines: &[&str]) -> Vec<Anchor> {
    let in_fence = fenced_lines(scan, lines.len());
    let mut heading_line = vec![false; lines.len() + 1];
    for heading in &scan.headings {
        if let Some(slot) = heading_line.get_mut(heading.line) {
            *slot = true;
        }
    }
    let mut anchors = Vec::new();
    for heading in &scan.headings {
        if let Some(id) = &heading.id {
            anchors.push(Anchor {
                id: id.clone(),
                line: heading.line,
            });
        }
    }
    for (i, raw) in lines.iter().enumerate() {
        let line = i + 1;
        if in_fence[line] {
            continue;
        }
        // A heading's attribute list is the heading's (above); other lines may have their own.
        let attributes = !heading_line[line] && raw.contains('{');
        // `contains('=')` first: a byte search, where `contains("id=")` sets up a substring search.
        let html = raw.contains('=') && raw.contains("id=");
        if !(attributes || html) {
            continue;
        }
        let text = without_code_spans(raw);
        if attributes {
            for id in attr_list_ids(&text) {
                anchors.push(Anchor {
                    id: id.to_owned(),
                    line,
                });
            }
        }
        if html {
            for id in html_ids(&text) {
                anchors.push(Anchor {
                    id: id.to_owned(),
                    line,
                });
            }
        }
    }
    anchors.sort_by_key(|a| a.line);
    anchors
}

/// For each line number (1-based; index 0 unused), whether it belongs to a fenced code block
/// (its fences included).
pub(super) fn fenced_lines(scan: &Scan, count: usize) -> Vec<bool> {
    let mut in_fence = vec![false; count + 1];
    for fence in &scan.fences {
        let content = fence.content.matches('\n').count();
        let last = fence.content_line + content - usize::from(!fence.closed);
        let last = last.min(count);
        if fence.line <= last {
            in_fence[fence.line..=last].fill(true);
        }
    }
    in_fence
}

/// Hand-written in-page links of the page's prose (outside code blocks, code spans and
/// directives) whose target is not in `targets`, each target once, in page order: the line,
/// the column of its `#` and the target.
pub(super) fn broken_prose_links(
    scan: &Scan,
    lines: &[&str],
    targets: &HashSet<&str>,
) -> Vec<(usize, usize, String)> {
    let in_fence = fenced_lines(scan, lines.len());
    let mut in_directive = vec![false; lines.len()];
    for directive in &scan.directives {
        let end = directive.lines.end.min(lines.len());
        in_directive[directive.lines.start.min(end)..end].fill(true);
    }
    let mut reported = HashSet::default();
    let mut broken = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        if in_fence[i + 1] || in_directive[i] || !raw.contains('#') {
            continue;
        }
        let text = without_code_spans(raw);
        for target in in_page_links(&text) {
            if targets.contains(target) || !reported.insert(target.to_owned()) {
                continue;
            }
            // Code spans are blanked byte for byte, so offsets are the raw line's.
            let hash = target.as_ptr() as usize - text.as_ptr() as usize - 1;
            let column = raw[..hash].chars().count() + 1;
            broken.push((i + 1, column, target.to_owned()));
        }
    }
    broken
}

/// The line with its code spans blanked out (each byte of a span, backticks included, made a
/// space, so that offsets in it are the line's).
pub(super) fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].bytes().take_while(|&b| b == b'`').count();
        let after = &rest[start + ticks..];
        let fence = &rest[start..start + ticks];
        match after.find(fence) {
            Some(end) => {
                let span = ticks + end + ticks;
                out.extend(std::iter::repeat_n(' ', span));
                rest = &after[end + ticks..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Ids set by attribute lists in a line: `{ #id }`, `{: #id .class }`, `{#id}`.
pub(super) fn attr_list_ids(text: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = after[..close].trim_start_matches(':').trim();
        if (inner.starts_with(['#', '.']) || inner.contains('='))
            && let Some(id) = markdown::attr_list_id(inner)
        {
            ids.push(id);
        }
        rest = &after[close + 1..];
    }
    ids
}

/// Values of HTML `id` attributes in a line.
pub(super) fn html_ids(text: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("id=") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + 3..];
        rest = after;
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = after[1..].find(quote) {
            ids.push(&after[1..1 + end]);
        }
    }
    ids
}

/// Targets of in-page links in a line: `](#id)` (up to `)` or a space) and `href="#id"`,
/// `href='#id'`; those of the first form first, each form in line order.
pub(super) fn in_page_links(text: &str) -> Vec<&str> {
    // What comes before the `#` of each form, and what ends its target.
    const FORMS: [(&str, &[char]); 3] = [
        ("](", &[')', ' ']),
        ("href=\"", &['"']),
        ("href='", &['\'']),
    ];
    let mut found: [Vec<&str>; 3] = Default::default();
    // Where each form's search goes on: a target is never searched for links of its form.
    let mut resume = [0; 3];
    // One pass over the `#`s (most lines have none) rather than a substring search per form.
    for (at, _) in text.match_indices('#') {
        for (form, (before, ends)) in FORMS.iter().enumerate() {
            if at >= resume[form] + before.len() && text[..at].ends_with(before) {
                let after = &text[at + 1..];
                let end = after.find(*ends).unwrap_or(after.len());
                found[form].push(&after[..end]);
                resume[form] = at + 1 + end;
            }
        }
    }
    found.concat()
}
