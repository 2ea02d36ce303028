//! The YAML examples check: every fenced `yaml`/`yml` block of the docs is matched to a model
//! type, loaded strictly through the model, serialised back and compared with the original, and
//! validated against the emitted JSON Schema as well. A fenced `toml` block is read into the
//! same tree ([`crate::toml_tree`], positions kept) and checked the same way as `[examples] toml`
//! (or the type its marker names); without either it is reported as not checked.
//!
//! A page is scanned once with the shared reader ([`super::markdown`]), so blocks inside tabs,
//! admonitions, `<div editor-title>` wrappers and at any indentation are found, each with its
//! span. A position inside a block (content line `L`, column `C`) is reported at page line
//! `content_line + L - 1`, column `C + indent`.
//!
//! Which model a block is ([`classify`]), most explicit rule first:
//!
//! 1. a marker before the fence (blank lines, other comments and the opening `<div ...>` that
//!    wraps the block may stand between; [`marker`]): `<!-- codegen: skip -->` (or
//!    `codegen="skip"` in the info string) opts the block out; `<!-- codegen: check TYPE -->`
//!    checks it as `TYPE`; `<!-- codegen: expect-error "TEXT" [TYPE] -->` marks a mistake shown
//!    on purpose, which must be refused with an error containing `TEXT` ([`Status::Refused`]);
//!    `check TYPE` and `expect-error "TEXT"` may stand together. A marker that applies to no
//!    block, or stands before a block of another language, is a warning at its line
//!    ([`PageWarning`]). A `toml` block is then checked as `[examples] toml`, or not checked;
//!    rules 2 to 5 are for YAML blocks;
//! 2. a `# yaml-language-server: $schema=URL` modeline: the URL (or its file name) is looked up in
//!    `[examples] schemas` and every `[[schemas]] url`/`output`;
//! 3. the `editor-title` of the enclosing `<div>`, looked up in `[examples] files`;
//! 4. the page's default type, from `[examples] pages`;
//! 5. the root types of `[examples] roots` whose fields share a top-level key with the block
//!    (for a union selected by a tag key, the tag key).
//!
//! A block that matches nothing is "not checked", with the reason; `--strict` makes that an
//! error (explicit opt-outs excepted).
//!
//! A checked block fails when it does not load (YAML syntax, duplicate keys, unknown or missing
//! keys, wrong types, cross-field rules: every error of the block, each at its page line and
//! column, up to the loader's limit, read with the project's `[load]` settings; an unknown key
//! that other kinds of a tagged union declare says so, [`kinds`]) or when the model does not
//! give it back unchanged
//! ([`diff`]: a value coerced, a key dropped, a key added that is not the field's documented
//! default ([`defaults`]): omitting a defaulted field is fine). Independently, the block is
//! validated against the root's JSON Schema, compiled once per run ([`schema_check`]); when
//! serde and the schema disagree, that is a defect of the tool ("internal: ..."), reported
//! beside the example's own verdict (a block only the model's own rules reject, errors of kind
//! `Rule` or `Other`, is not compared). Nothing is read from disk but the pages: an example that
//! names `~/.kube/config` is checked without that file.

mod classify;
mod defaults;
mod deprecated;
mod diff;
mod kinds;
pub mod marker;
pub mod report;
mod schema_check;

use std::path::{Component, Path, PathBuf};

use confspec_load::{ErrorKind, LoadError, Loader, Node, Pos};
use serde::Serialize;

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure};
use crate::output::Outputs;

use super::markdown::{self, Fence};

pub use classify::Rule;

/// One YAML (or TOML) block of a page and the check's verdict on it.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The page, as reported (relative to the project root for configured pages).
    pub file: PathBuf,
    /// What the block is written in.
    pub language: Language,
    /// Line of the opening fence, 1-based.
    pub line: usize,
    /// Column of the opening fence, 1-based.
    pub column: usize,
    /// Line of the closing fence (the page's last line when the fence is never closed).
    pub end_line: usize,
    /// Line of the first content line.
    pub content_line: usize,
    /// Columns removed from each content line.
    pub indent: usize,
    /// The enclosing tabs and admonitions, outermost first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub containers: Vec<String>,
    /// The `editor-title` of the enclosing `<div>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editor_title: Option<String>,
    /// The model type the block is checked as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// The rule that chose the model type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// The verdict.
    pub status: Status,
    /// Why the block is not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Everything wrong with it, in page order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<ExampleFailure>,
    /// What it should change but need not (deprecated keys, with what replaces them), in
    /// page order; warnings never fail the check, not even with `--strict`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ExampleFailure>,
    /// The text an `expect-error` marker says the block's error contains: a mistake shown on
    /// purpose (status `refused` when it is refused so).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_error: Option<String>,
    /// The value the model gives back (defaults filled in), for a block that passes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
}

/// The languages of the blocks the check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    /// A fenced `yaml` or `yml` block.
    Yaml,
    /// A fenced `toml` block: checked as `[examples] toml`, or as its marker says; else not
    /// checked.
    Toml,
}

impl Language {
    /// The language of a fence's info string, when the check reads such blocks.
    pub fn of(language: &str) -> Option<Language> {
        if language.eq_ignore_ascii_case("yaml") || language.eq_ignore_ascii_case("yml") {
            Some(Language::Yaml)
        } else if language.eq_ignore_ascii_case("toml") {
            Some(Language::Toml)
        } else {
            None
        }
    }
}

/// The verdict on a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Checked; loads and round-trips unchanged, and the schema agrees.
    Passed,
    /// Checked, with at least one failure.
    Failed,
    /// No rule names its model (an error under `--strict`).
    NotChecked,
    /// Opted out by a marker.
    Skipped,
    /// Checked, and refused with the error its `expect-error` marker names: a mistake the page
    /// shows on purpose, still refused (counted as passed).
    Refused,
}

/// One problem of an example, located in the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleFailure {
    /// Page line, 1-based.
    pub line: usize,
    /// Page column, 1-based.
    pub column: usize,
    /// YAML path of the offending value (empty for the document).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The kind of problem.
    pub kind: FailureKind,
}

/// Kinds of failures, so that other tools can act on them without parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    /// Not valid YAML.
    Syntax,
    /// A key twice in one mapping.
    DuplicateKey,
    /// A key the model does not know.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value outside a closed set.
    UnknownValue,
    /// A value of the wrong type.
    WrongType,
    /// A cross-field rule is broken.
    Rule,
    /// The model loads the example but gives back something else.
    RoundTrip,
    /// serde and the JSON Schema disagree: a defect of the tool, not of the example.
    Internal,
    /// A `<!-- codegen: ... -->` marker that cannot be read.
    Marker,
    /// The fence is never closed.
    Unclosed,
    /// A deprecated key (or value): a warning, with what replaces it.
    Deprecated,
    /// A value the model reads with a conversion it warns about (`python: 3.10`, a number,
    /// read as the version `"3.10"`): a warning, with how to write it.
    Converted,
    /// Anything else the model reports.
    Other,
}

impl From<ErrorKind> for FailureKind {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Syntax => FailureKind::Syntax,
            ErrorKind::DuplicateKey => FailureKind::DuplicateKey,
            ErrorKind::UnknownKey => FailureKind::UnknownKey,
            ErrorKind::MissingKey => FailureKind::MissingKey,
            ErrorKind::UnknownValue => FailureKind::UnknownValue,
            ErrorKind::WrongType => FailureKind::WrongType,
            ErrorKind::Rule => FailureKind::Rule,
            ErrorKind::Other => FailureKind::Other,
        }
    }
}

/// The verdicts on every block of one or more pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Every page read, in the order given (pages without YAML blocks too).
    pub pages: Vec<PathBuf>,
    /// Every YAML block, in page order, pages in the order given.
    pub examples: Vec<Example>,
    /// Problems of the pages outside their blocks (a marker that applies to no block), in page
    /// order: warnings.
    pub page_warnings: Vec<PageWarning>,
}

/// A problem of a page outside its blocks: a `<!-- codegen: ... -->` marker that applies to no
/// code block (prose, a heading or the end of the page follows it), which would otherwise be
/// ignored without a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageWarning {
    /// The page, as reported.
    pub file: PathBuf,
    /// Where and what.
    #[serde(flatten)]
    pub warning: ExampleFailure,
}

/// An example of the docs that passes the check, for tests of other outputs (bindings must
/// accept every documented example).
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedExample {
    /// The model type it is checked as.
    pub root: String,
    /// The page, relative to the project root.
    pub file: PathBuf,
    /// Line of the opening fence.
    pub line: usize,
    /// The example, as the model serialises it (equal to the original as a YAML value).
    pub value: serde_json::Value,
}

/// Checks pages: holds what a run needs once (the rules, the compiled schemas).
pub struct Checker<'a> {
    ctx: &'a Context,
    rules: classify::Rules,
    schemas: schema_check::Schemas,
    loader: Loader,
}

impl<'a> Checker<'a> {
    /// A checker for the project's `[examples]` settings; fails on settings that name unknown
    /// types.
    pub fn new(ctx: &'a Context) -> Result<Self, Failure> {
        let rules = classify::Rules::from_context(ctx)?;
        Ok(Checker {
            ctx,
            rules,
            schemas: schema_check::Schemas::default(),
            loader: ctx.config.loader(),
        })
    }

    /// Uses `text` as the JSON Schema of `root` instead of the emitted one (for testing the
    /// differential check against a schema that disagrees with serde on purpose).
    pub fn with_schema_text(mut self, root: &str, text: &str) -> Self {
        self.schemas.set_text(root, text);
        self
    }

    /// Checks every YAML block of one page. `file` is the name to report; `page` is the page's
    /// path relative to the pages directory (for `[examples] pages`), when it is one.
    /// Returns its examples, and the page's warnings (markers that apply to no block).
    pub fn check_page(
        &mut self,
        file: &Path,
        page: Option<&str>,
        text: &str,
    ) -> (Vec<Example>, Vec<PageWarning>) {
        let scan = markdown::scan(text);
        let lines: Vec<&str> = text.lines().collect();
        let examples = scan
            .fences
            .iter()
            .filter_map(|fence| Some((fence, Language::of(&fence.language)?)))
            .map(|(fence, language)| self.check_fence(file, page, fence, language, &lines))
            .collect();
        (examples, stray_markers(file, &scan))
    }

    /// Checks every YAML block of one page named `file` (its `[examples] pages` default applies
    /// when it lies under the configured pages directory).
    pub fn check_named(&mut self, file: &Path, text: &str) -> Report {
        let page = page_key(self.ctx, file);
        let (examples, page_warnings) = self.check_page(file, page.as_deref(), text);
        Report {
            pages: vec![file.to_path_buf()],
            examples,
            page_warnings,
        }
    }

    fn check_fence(
        &mut self,
        file: &Path,
        page: Option<&str>,
        fence: &Fence,
        language: Language,
        lines: &[&str],
    ) -> Example {
        let content_lines = fence.content.matches('\n').count();
        let end_line = if fence.closed {
            fence.content_line + content_lines
        } else {
            (fence.content_line + content_lines)
                .saturating_sub(1)
                .max(fence.line)
        };
        let expected_error = match marker::of_fence(fence) {
            Some(Ok(marker::Marker::ExpectError { text, .. })) => Some(text),
            _ => None,
        };
        let mut example = Example {
            file: file.to_path_buf(),
            language,
            line: fence.line,
            column: fence.indent + 1,
            end_line,
            content_line: fence.content_line,
            indent: fence.indent,
            containers: fence.containers.clone(),
            editor_title: fence.editor_title.clone(),
            root: None,
            rule: None,
            status: Status::NotChecked,
            reason: None,
            failures: Vec::new(),
            warnings: Vec::new(),
            expected_error: expected_error.clone(),
            value: None,
        };
        let parsed = if language == Language::Toml {
            crate::toml_tree::parse(&fence.content).map_err(|err| vec![err])
        } else {
            self.loader.parse(&fence.content)
        };
        let decision = self.rules.decide(fence, page, &parsed);
        let (root, rule) = match decision {
            classify::Decision::Skip { reason } => {
                example.status = Status::Skipped;
                example.reason = Some(reason);
                return example;
            }
            classify::Decision::NotChecked { reason } => {
                if let Some(text) = &expected_error {
                    example.status = Status::Failed;
                    example.failures.push(marker_failure(
                        fence,
                        lines,
                        format!(
                            "the block must be refused with \"{text}\", but it is not checked: \
                             {reason}"
                        ),
                        format!(
                            "name its model type: `<!-- codegen: expect-error \"{text}\" TYPE -->`"
                        ),
                    ));
                    return example;
                }
                example.reason = Some(reason);
                if !fence.closed {
                    example.status = Status::Failed;
                    example.failures.push(unclosed(fence));
                }
                return example;
            }
            classify::Decision::BadMarker {
                message,
                hint,
                line,
            } => {
                example.status = Status::Failed;
                let mut failure =
                    marker_failure(fence, lines, message, hint.unwrap_or_else(marker::hint));
                if let Some(line) = line {
                    failure.line = line;
                    failure.column = column_of(lines, line);
                }
                example.failures.push(failure);
                return example;
            }
            classify::Decision::Check { root, rule } => (root, rule),
        };
        example.root = Some(root.clone());
        example.rule = Some(rule);
        if !fence.closed {
            example.status = Status::Failed;
            example.failures.push(unclosed(fence));
            return example;
        }
        if let Ok(node) = &parsed {
            example.warnings = deprecated::find(&self.ctx.model, &root, node)
                .into_iter()
                .map(|found| {
                    let path = confspec_load::render_path(&found.path);
                    located(
                        fence,
                        found.pos,
                        &path,
                        found.message,
                        FailureKind::Deprecated,
                    )
                })
                .collect();
        }
        let (failures, converted) = self.check_yaml(&root, fence, parsed, &mut example.value);
        example.warnings.extend(converted);
        example.status = if failures.is_empty() {
            Status::Passed
        } else {
            Status::Failed
        };
        example.failures = failures;
        if let Some(text) = &expected_error {
            expect_error(&mut example, text, fence, lines);
        }
        example
    }

    /// Loads, round-trips and cross-checks one block as `root`: its failures, and the
    /// warnings of the values the model read with a conversion.
    fn check_yaml(
        &mut self,
        root: &str,
        fence: &Fence,
        parsed: Result<Node, Vec<LoadError>>,
        accepted: &mut Option<serde_json::Value>,
    ) -> (Vec<ExampleFailure>, Vec<ExampleFailure>) {
        let node = match parsed {
            Ok(node) => node,
            // Syntax errors and duplicate keys fail before the model sees the text: no
            // round-trip and no schema comparison.
            Err(errors) => {
                let failures = errors.iter().map(|e| from_load_error(fence, e)).collect();
                return (failures, Vec::new());
            }
        };
        let Some(registered) = self.ctx.registered(root) else {
            // `Rules` only hands out registered roots; this is a defect if it happens.
            let failure = located(
                fence,
                node.pos,
                "",
                format!("internal: `{root}` is not a registered model type"),
                FailureKind::Internal,
            );
            return (vec![failure], Vec::new());
        };
        let original = node.to_json();
        let mut failures = Vec::new();
        let (loaded, warnings) =
            confspec_load::collect_warnings(|| (registered.load)(&node, &self.loader));
        let converted = warnings
            .into_iter()
            .map(|warning| {
                let mut found = located(
                    fence,
                    warning.pos,
                    &warning.path,
                    warning.message,
                    FailureKind::Converted,
                );
                found.hint = warning.note;
                found
            })
            .collect();
        match loaded {
            Ok(back) => {
                let defaults = defaults::Defaults::new(&self.ctx.model, root, &back);
                let omitted = |path: &[confspec_load::Segment], value: &serde_json::Value| {
                    defaults.is_default(path, value)
                };
                for difference in diff::differences(&original, &back, &omitted) {
                    let pos = diff::position(&node, &difference.path);
                    failures.push(located(
                        fence,
                        pos,
                        &confspec_load::render_path(&difference.path),
                        difference.message,
                        FailureKind::RoundTrip,
                    ));
                }
                match self.schemas.validate(self.ctx, root, &original) {
                    schema_check::Verdict::Valid => {}
                    schema_check::Verdict::Invalid(rejections) => {
                        for rejection in rejections {
                            let pos = diff::position(&node, &rejection.path);
                            failures.push(located(
                                fence,
                                pos,
                                &confspec_load::render_path(&rejection.path),
                                format!(
                                    "internal: serde accepts but the JSON Schema rejects this: {}",
                                    rejection.message
                                ),
                                FailureKind::Internal,
                            ));
                        }
                    }
                    schema_check::Verdict::Broken(message) => {
                        failures.push(located(fence, node.pos, "", message, FailureKind::Internal));
                    }
                }
                if failures.is_empty() {
                    *accepted = Some(back);
                }
            }
            Err(errors) => {
                // A problem of the YAML text (a YAML 1.1 reading, a tag, a key that is not a
                // string) does not show in the document as JSON: no comparison with the schema.
                let text_only = errors.iter().any(|e| e.text_only);
                // The model's own rules (cross-field rules, and what a value's parser refuses
                // beyond its form) may be beyond what a JSON Schema expresses.
                let model_rules = errors
                    .iter()
                    .all(|e| matches!(e.kind, ErrorKind::Rule | ErrorKind::Other));
                for err in &errors {
                    let mut failure = from_load_error(fence, err);
                    if err.kind == ErrorKind::UnknownKey && failure.hint.is_none() {
                        failure.hint = kinds::hint(&self.ctx.model, root, &node, &err.path);
                    }
                    failures.push(failure);
                }
                if !text_only && !model_rules {
                    match self.schemas.validate(self.ctx, root, &original) {
                        schema_check::Verdict::Valid => {
                            let Some(first) = errors.first() else {
                                return (failures, converted);
                            };
                            failures.push(located(
                                fence,
                                first.pos,
                                &first.path,
                                format!(
                                    "internal: the JSON Schema accepts but serde rejects this: {}",
                                    first.message
                                ),
                                FailureKind::Internal,
                            ));
                        }
                        schema_check::Verdict::Invalid(_) => {}
                        schema_check::Verdict::Broken(message) => {
                            failures.push(located(
                                fence,
                                node.pos,
                                "",
                                message,
                                FailureKind::Internal,
                            ));
                        }
                    }
                }
            }
        }
        failures.sort_by_key(|f| (f.line, f.column));
        (failures, converted)
    }
}

/// The `<!-- codegen: ... -->` comments of a page that apply to no block the check reads: each
/// a warning at its line, saying where a marker must stand. That is a comment no fence takes as
/// its marker (prose, a heading, another comment or the end of the page follows it), and a
/// marker other than `skip` before a fence of another language (` ```json `), which the check
/// does not read.
fn stray_markers(file: &Path, scan: &markdown::Scan) -> Vec<PageWarning> {
    let warning = |line: usize, column: usize, message: String, hint: &str| PageWarning {
        file: file.to_path_buf(),
        warning: ExampleFailure {
            line,
            column,
            path: String::new(),
            message,
            hint: Some(hint.to_owned()),
            kind: FailureKind::Marker,
        },
    };
    let mut warnings = Vec::new();
    for comment in &scan.comments {
        let Some(read) = marker::parse_comment(&comment.text) else {
            continue;
        };
        let taken_by = scan.fences.iter().find(|f| marker::takes(f, comment.line));
        match taken_by {
            None => warnings.push(warning(
                comment.line,
                comment.column,
                format!(
                    "`<!-- {} -->` applies to no code block, so it is ignored",
                    comment.text
                ),
                "put it right before the block's fence (blank lines, other comments and the \
                 opening `<div ...>` that wraps the block may stand between), or remove it",
            )),
            Some(fence)
                if Language::of(&fence.language).is_none()
                    && !matches!(read, Ok(marker::Marker::Skip { .. })) =>
            {
                let language = if fence.language.is_empty() {
                    "a code block without a language".to_owned()
                } else {
                    format!("a `{}` block", fence.language)
                };
                warnings.push(warning(
                    comment.line,
                    comment.column,
                    format!(
                        "`<!-- {} -->` stands before {language} (line {}), which the examples \
                         check does not read, so it is ignored",
                        comment.text, fence.line
                    ),
                    "only `yaml` and `toml` blocks are checked: fix the fence's language, or \
                     remove the marker",
                ));
            }
            Some(_) => {}
        }
    }
    warnings
}

/// A failure of the marker before `fence`, at the marker's line and column.
fn marker_failure(fence: &Fence, lines: &[&str], message: String, hint: String) -> ExampleFailure {
    let line = marker::line(fence).unwrap_or_else(|| marker_line(lines, fence.line));
    ExampleFailure {
        line,
        column: column_of(lines, line),
        path: String::new(),
        message,
        hint: Some(hint),
        kind: FailureKind::Marker,
    }
}

/// The column of the first non-blank character of page line `line` (1 for a line not there).
fn column_of(lines: &[&str], line: usize) -> usize {
    lines
        .get(line.wrapping_sub(1))
        .map_or(1, |l| l.len() - l.trim_start().len() + 1)
}

/// Whether a failure says the model refuses the document (not a round trip, not the tool's
/// own disagreement).
fn refuses(failure: &ExampleFailure) -> bool {
    !matches!(
        failure.kind,
        FailureKind::RoundTrip
            | FailureKind::Internal
            | FailureKind::Marker
            | FailureKind::Unclosed
            | FailureKind::Deprecated
            | FailureKind::Converted
    )
}

/// Applies an `expect-error "TEXT"` marker to a checked block: refused with an error whose
/// message or hint contains `text`, the block is [`Status::Refused`] (the tool's own
/// disagreements still fail it); loaded, or refused otherwise, it fails at the marker.
fn expect_error(example: &mut Example, text: &str, fence: &Fence, lines: &[&str]) {
    let (refusals, others): (Vec<ExampleFailure>, Vec<ExampleFailure>) =
        std::mem::take(&mut example.failures)
            .into_iter()
            .partition(refuses);
    let said = |f: &ExampleFailure| {
        let path = if f.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", f.path)
        };
        format!("{path}{}", f.message)
    };
    let matching = refusals
        .iter()
        .find(|f| f.message.contains(text) || f.hint.as_deref().is_some_and(|h| h.contains(text)));
    example.failures = others;
    match matching {
        Some(found) => {
            example.reason = Some(format!("refused as expected: {}", said(found)));
            example.value = None;
        }
        None => {
            let got = if refusals.is_empty() {
                "the model accepts it".to_owned()
            } else {
                let errors: Vec<String> = refusals.iter().map(said).collect();
                format!("it is refused with: {}", errors.join("; "))
            };
            example.failures.insert(
                0,
                marker_failure(
                    fence,
                    lines,
                    format!(
                        "the block must be refused with an error containing \"{text}\", but {got}"
                    ),
                    "fix the example, or the expected text in the marker".to_owned(),
                ),
            );
        }
    }
    example.status = if example.failures.is_empty() {
        Status::Refused
    } else {
        Status::Failed
    };
}

/// The page line of the comment marker before the fence at `fence_line` (blank lines between
/// are allowed), or the fence's own line.
fn marker_line(lines: &[&str], fence_line: usize) -> usize {
    let mut line = fence_line.saturating_sub(1);
    while line >= 1 {
        let text = lines.get(line - 1).map_or("", |l| l.trim());
        if text.starts_with("<!--") {
            return line;
        }
        if !text.is_empty() {
            break;
        }
        line -= 1;
    }
    fence_line
}

fn unclosed(fence: &Fence) -> ExampleFailure {
    ExampleFailure {
        line: fence.line,
        column: fence.indent + 1,
        path: String::new(),
        message: "this YAML block is never closed: it runs to the end of the page".into(),
        hint: Some("close it with a fence as long as the opening one".into()),
        kind: FailureKind::Unclosed,
    }
}

/// Page line and column of a position inside a block's content.
fn page_position(fence: &Fence, pos: Pos) -> (usize, usize) {
    if pos.line == 0 {
        return (fence.content_line, fence.indent + 1);
    }
    (
        fence.content_line + pos.line as usize - 1,
        pos.column.max(1) as usize + fence.indent,
    )
}

fn located(
    fence: &Fence,
    pos: Pos,
    path: &str,
    message: String,
    kind: FailureKind,
) -> ExampleFailure {
    let (line, column) = page_position(fence, pos);
    ExampleFailure {
        line,
        column,
        path: path.to_owned(),
        message,
        hint: None,
        kind,
    }
}

fn from_load_error(fence: &Fence, err: &LoadError) -> ExampleFailure {
    let (line, column) = page_position(fence, err.pos);
    let mut message = page_positions(fence, &err.message);
    // The parser repeats the position in its message; the report gives it already.
    if let Some(stripped) = message.strip_suffix(&format!(" at line {line}, column {column}")) {
        message = stripped.to_owned();
    }
    ExampleFailure {
        line,
        column,
        path: err.path.clone(),
        message,
        hint: err.hint.as_deref().map(|h| page_positions(fence, h)),
        kind: err.kind.into(),
    }
}

/// Rewrites every `line N, column M` of a loader message (positions in the block) as the
/// page's line and column.
fn page_positions(fence: &Fence, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let line_len = digits(after);
        let tail = &after[line_len..];
        let column_part = tail.strip_prefix(", column ");
        match column_part.map(|c| (c, digits(c))) {
            Some((c, column_len)) if line_len > 0 && column_len > 0 => {
                let pos = Pos {
                    line: after[..line_len].parse().unwrap_or(0),
                    column: c[..column_len].parse().unwrap_or(0),
                };
                let (line, column) = page_position(fence, pos);
                out.push_str(&format!("line {line}, column {column}"));
                rest = &c[column_len..];
            }
            _ => {
                out.push_str("line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Checks the YAML examples of one page's text, with the project's settings. `file` is the
/// name reported; when it lies under the configured pages directory its `[examples] pages`
/// default applies.
pub fn check_text(ctx: &Context, file: &Path, text: &str) -> Result<Report, Failure> {
    Ok(Checker::new(ctx)?.check_named(file, text))
}

/// Checks every page under `[docs] pages` (nothing when that directory does not exist yet).
pub fn check_configured(ctx: &Context) -> Result<Report, Failure> {
    let mut checker = Checker::new(ctx)?;
    let mut report = Report::default();
    for (path, shown) in configured_pages(ctx)? {
        check_file(ctx, &mut checker, &mut report, &path, &shown)?;
    }
    Ok(report)
}

/// Reads the page at `path` and adds its examples to `report` (`shown` is the name reported).
fn check_file(
    ctx: &Context,
    checker: &mut Checker<'_>,
    report: &mut Report,
    path: &Path,
    shown: &Path,
) -> Result<(), Failure> {
    let text = read_page(path, shown)?;
    let page = page_key(ctx, path);
    report.pages.push(shown.to_path_buf());
    let (examples, warnings) = checker.check_page(shown, page.as_deref(), &text);
    report.examples.extend(examples);
    report.page_warnings.extend(warnings);
    Ok(())
}

/// Every example of the configured pages that passes the check.
pub fn accepted_examples(ctx: &Context) -> Result<Vec<AcceptedExample>, Failure> {
    Ok(check_configured(ctx)?.accepted())
}

/// Adds this stage's diagnostics: one error per failing example, at its page line.
pub fn stage(
    ctx: &Context,
    _outputs: &mut Outputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    let report = check_configured(ctx)?;
    diagnostics.extend(report.diagnostics());
    Ok(())
}

/// Checks the pages `files` name (each a page, or a directory whose `*.md` pages are read),
/// or every configured page when `files` is empty: what `codegen check` reports.
pub fn check_files(ctx: &Context, files: &[PathBuf]) -> Result<Report, Failure> {
    if files.is_empty() {
        return check_configured(ctx);
    }
    let mut checker = Checker::new(ctx)?;
    let mut report = Report::default();
    for given in files {
        for path in markdown_files(given)? {
            check_file(ctx, &mut checker, &mut report, &path, &path)?;
        }
    }
    Ok(report)
}

/// The configured pages: `(path on disk, path to report)`, sorted.
fn configured_pages(ctx: &Context) -> Result<Vec<(PathBuf, PathBuf)>, Failure> {
    let Some(docs) = &ctx.config.docs else {
        return Ok(Vec::new());
    };
    let dir = ctx.root.join(&docs.pages);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    Ok(markdown_files(&dir)?
        .into_iter()
        .map(|path| {
            let shown = path
                .strip_prefix(&ctx.root)
                .map_or_else(|_| path.clone(), Path::to_path_buf);
            (path, shown)
        })
        .collect())
}

/// `path` itself, or every `*.md` file under it when it is a directory, sorted (listed as the
/// pages stage lists them: [`super::files::list`]).
fn markdown_files(path: &Path) -> Result<Vec<PathBuf>, Failure> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    Ok(super::files::list(path)?
        .into_iter()
        .filter(|rel| rel.extension().is_some_and(|e| e == "md"))
        .map(|rel| path.join(rel))
        .collect())
}

fn read_page(path: &Path, shown: &Path) -> Result<String, Failure> {
    super::files::read_text(path, shown)
}

/// The page's path relative to the configured pages directory, with `/` separators, when it
/// lies under it (the key of `[examples] pages`).
fn page_key(ctx: &Context, file: &Path) -> Option<String> {
    let docs = ctx.config.docs.as_ref()?;
    let dir = ctx.root.join(&docs.pages);
    let dir = dir.canonicalize().unwrap_or(dir);
    let absolute = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(file)
    };
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let relative = absolute.strip_prefix(&dir).ok()?;
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_line_skips_blank_lines() {
        let lines = ["text", "<!-- codegen: skpi -->", "", "```yaml"];
        assert_eq!(marker_line(&lines, 4), 2);
        assert_eq!(marker_line(&["text", "```yaml"], 2), 2);
    }

    #[test]
    fn positions_map_to_the_page() {
        let fence =
            markdown::scan("=== \"Tab\"\n\n    ```yaml\n    a: 1\n    ```\n").fences[0].clone();
        assert_eq!(page_position(&fence, Pos { line: 1, column: 4 }), (4, 8));
        assert_eq!(page_position(&fence, Pos::default()), (4, 5));
    }
}
