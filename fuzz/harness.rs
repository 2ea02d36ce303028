//! What each fuzz target does with one input, shared by the fuzz targets (`fuzz_targets/*.rs`)
//! and by `codegen/tests/fuzz_corpus.rs`, which replays the committed corpus through the same
//! functions in the ordinary test suite.
//!
//! Each function takes raw bytes (inputs that are not UTF-8 are skipped: every reader of the
//! tool gets text), must not panic, and asserts properties that hold for every input: positions
//! inside the page, a page without directives unchanged, the same result twice, a loaded model
//! value that loads again from its own JSON.

#![allow(dead_code)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use confspec::context::{Context, LoadOptions};
use confspec::diagnostics::Diagnostic;
use confspec::docs::examples::Checker;
use confspec::docs::markdown;
use confspec::docs::pages::Expander;

/// The name pages are reported under.
const PAGE: &str = "site/pages/fuzz.md";

/// The workspace root (both this crate and `codegen` sit one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The project, loaded once per process.
pub fn context() -> &'static Context {
    static CTX: OnceLock<Context> = OnceLock::new();
    CTX.get_or_init(|| {
        Context::load(&LoadOptions {
            start: Some(workspace_root()),
            templates: None,
            registry: codegen::registry(),
            invoked_as: None,
            changed_sources: Vec::new(),
            command_line: None,
        })
        .unwrap_or_else(|err| panic!("the project does not load: {err}"))
    })
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

fn line_count(text: &str) -> usize {
    text.split_inclusive('\n').count()
}

/// Lines as YAML counts them: `\r\n`, `\r` and `\n` each end one.
fn yaml_line_count(text: &str) -> usize {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split_inclusive('\n')
        .count()
}

/// The page reader: directives, fences and headings stay inside the page, in order.
pub fn markdown_scan(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let lines = line_count(text);
    let scan = markdown::scan(text);
    let mut previous_end = 0;
    for d in &scan.directives {
        assert!(
            d.line >= 1 && d.line <= lines,
            "directive line {} of {lines}",
            d.line
        );
        assert_eq!(
            d.lines.start,
            d.line - 1,
            "directive span starts at its line"
        );
        assert!(
            d.lines.end > d.lines.start && d.lines.end <= lines,
            "directive span {:?}",
            d.lines
        );
        assert!(d.lines.start >= previous_end, "directives overlap");
        previous_end = d.lines.end;
        assert!(!d.path.is_empty() && !d.path.contains(char::is_whitespace));
        assert!(d.column >= 1 && d.path_column > d.column);
        assert_eq!(
            d.options.matches('\n').count(),
            d.lines.len() - 1,
            "one option per line"
        );
    }
    let mut previous = 0;
    for f in &scan.fences {
        assert!(
            f.line > previous && f.line <= lines,
            "fence line {} of {lines}",
            f.line
        );
        assert_eq!(f.content_line, f.line + 1);
        let content = f.content.matches('\n').count();
        assert!(
            f.content_line + content <= lines + 1 + usize::from(f.closed),
            "fence runs past the page"
        );
        previous = f.line + content;
    }
    for h in &scan.headings {
        assert!(h.line >= 1 && h.line <= lines && (1..=6).contains(&h.level));
    }
}

fn check_positions(diagnostics: &[Diagnostic], lines: usize) {
    for d in diagnostics {
        if d.file == Path::new(PAGE) {
            assert!(
                d.line <= lines + 1,
                "diagnostic at line {} of {lines}: {d}",
                d.line
            );
        }
    }
}

/// Directive expansion of a page against the project's model, in both styles: positions
/// inside the page, a page without directives unchanged, and the same output twice.
pub fn pages_expand(data: &[u8]) {
    let Some(text) = text(data) else { return };
    thread_local! {
        static EXPANDERS: RefCell<Vec<Expander<'static>>> = const { RefCell::new(Vec::new()) };
    }
    EXPANDERS.with(|cell| {
        let mut expanders = cell.borrow_mut();
        if expanders.is_empty() {
            for style in ["default", "compat"] {
                expanders.push(Expander::new(context(), Some(style)).expect("the styles load"));
            }
        }
        let lines = line_count(text);
        let has_directives = !markdown::scan(text).directives.is_empty();
        for expander in expanders.iter() {
            let expanded = expander.expand(Path::new(PAGE), text);
            check_positions(&expanded.diagnostics, lines);
            if !has_directives {
                assert_eq!(
                    expanded.text, text,
                    "a page without directives is copied unchanged"
                );
                assert!(expanded.diagnostics.is_empty());
            }
            let again = expander.expand(Path::new(PAGE), text);
            assert_eq!(again.text, expanded.text, "expansion is deterministic");
            assert_eq!(again.diagnostics, expanded.diagnostics);
        }
    });
}

/// The YAML examples check of a page: every example located inside the page.
pub fn examples_check(data: &[u8]) {
    let Some(text) = text(data) else { return };
    thread_local! {
        static CHECKER: RefCell<Option<Checker<'static>>> = const { RefCell::new(None) };
    }
    CHECKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let checker =
            slot.get_or_insert_with(|| Checker::new(context()).expect("the checker loads"));
        let lines = line_count(text);
        let (examples, _) = checker.check_page(Path::new(PAGE), None, text);
        let fences = markdown::scan(text)
            .fences
            .iter()
            .filter(|f| {
                f.language.eq_ignore_ascii_case("yaml") || f.language.eq_ignore_ascii_case("yml")
            })
            .count();
        assert_eq!(examples.len(), fences, "one verdict per YAML block");
        for e in &examples {
            assert!(
                e.line >= 1 && e.line <= lines,
                "example line {} of {lines}",
                e.line
            );
            assert!(
                e.end_line >= e.line && e.end_line <= lines,
                "example ends at {} of {lines}",
                e.end_line
            );
        }
    });
}

/// Strict loading of the server config: errors located inside the text; a value that loads
/// loads again, equal, from its own JSON (JSON is YAML).
pub fn yaml_load(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let lines = yaml_line_count(text);
    match schema::load::from_str::<schema::ServerConfig>(text) {
        Ok(config) => {
            let json = serde_json::to_string(&config).expect("a loaded value serialises");
            let again = schema::load::from_str::<schema::ServerConfig>(&json)
                .unwrap_or_else(|errors| panic!("{json} does not load again: {errors:?}"));
            assert_eq!(again, config, "{json} loads as another value");
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a failure names at least one problem");
            for e in &errors {
                assert!(
                    (e.pos.line as usize) <= lines + 1,
                    "error at line {} of {lines}: {e}",
                    e.pos.line
                );
            }
        }
    }
}
