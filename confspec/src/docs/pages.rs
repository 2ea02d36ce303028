//! Reference pages: every page under `[docs] pages` is copied to `[docs] output` (mkdocs'
//! `docs_dir`) with its `#SCHEMA#` directives expanded; other files are copied unchanged.
//! Without `[docs] output` the pages are mkdocs' `docs_dir` themselves, expanded when the site
//! is built (the mkdocs plugin): each is expanded to report its problems, and nothing is
//! written.
//!
//! Expanding a page:
//! 1. the page is scanned once ([`super::markdown::scan`]): directives (at any indentation,
//!    inside tabs and admonitions; not inside code), headings and fences;
//! 2. each directive's path is resolved ([`crate::resolve`]) and its option lines parsed
//!    ([`Options`]); `##SCHEMA#` is read as `#SCHEMA#`, with a warning;
//! 3. the directives are planned and rendered together ([`crate::emit::reference`]), knowing the
//!    ids the page already has and the heading above each directive;
//! 4. each directive and its option lines are replaced by the rendered text, every non-empty line
//!    prefixed with the directive's indentation;
//! 5. the result is checked: every in-page link a generated item makes has a target (a heading's
//!    id, explicit or as mkdocs' `toc` makes it, an attribute list's `{ #id }`, an HTML `id`), and
//!    no explicit id repeats (an error in the default style, a warning in `compat`).
//!
//! Every diagnostic is located in the source page (`file:line:column`), except undocumented
//! fields, which are located at their type in the model's sources.

use std::collections::BTreeSet;

use crate::hash::{HashMap, HashSet};
use std::path::Path;

use crate::context::Context;
use crate::diagnostics::{Diagnostic, Failure, Severity};
use crate::emit::reference::{self, Flavor, Loc, Options, Spec, Style};
use crate::output::Outputs;
use crate::resolve::Resolver;

use super::anchors::*;
use super::coverage::{self, Documented};
use super::markdown::{self, Scan};

/// Expands pages with one style; holds what every page needs (build it once per run).
pub struct Expander<'a> {
    ctx: &'a Context,
    resolver: Resolver<'a>,
    style: Style,
}

/// A page, expanded.
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The page with its directives replaced.
    pub text: String,
    /// Errors and warnings, in page order.
    pub diagnostics: Vec<Diagnostic>,
    /// The types the page's directives document, and where.
    pub documented: Vec<Documented>,
}

impl Expanded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

impl<'a> Expander<'a> {
    /// An expander with `style` (the configured `[docs] style` when `None`, else `default`).
    pub fn new(ctx: &'a Context, style: Option<&str>) -> Result<Self, Failure> {
        let name = style
            .or_else(|| ctx.config.docs.as_ref().map(|d| d.style.as_str()))
            .unwrap_or("default");
        Ok(Expander {
            ctx,
            resolver: Resolver::new(&ctx.model, ctx.types, &ctx.config.paths.modules)
                .with_aliases(&ctx.config.paths.aliases),
            style: Style::new(name, &ctx.templates)?
                .with_unlinked(
                    ctx.config
                        .docs
                        .as_ref()
                        .map_or(&[][..], |d| &d.compat_unlinked),
                )
                .with_model_rules(&ctx.config.model),
        })
    }

    /// The style pages are expanded with.
    pub fn style(&self) -> &Style {
        &self.style
    }

    /// Expands the directives of `text`, read from `file` (the name diagnostics give).
    pub fn expand(&self, file: &Path, text: &str) -> Expanded {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let scan = markdown::scan_lines(&lines);
        if scan.directives.is_empty() {
            // Nothing to expand; the prose's own links are still checked.
            let mut diagnostics = Vec::new();
            if text.contains("#") {
                let explicit = explicit_ids(&scan, &lines);
                let auto = heading_ids(scan.headings.iter(), &explicit);
                let mut targets: HashSet<&str> = explicit.iter().map(|a| a.id.as_str()).collect();
                targets.extend(auto.iter().map(String::as_str));
                self.check_prose_links(file, &scan, &lines, &targets, &mut diagnostics);
            }
            return Expanded {
                text: text.to_owned(),
                diagnostics,
                documented: Vec::new(),
            };
        }
        let mut diagnostics = Vec::new();
        let explicit = explicit_ids(&scan, &lines);
        let heading_ids = heading_ids(scan.headings.iter(), &explicit);
        let mut taken: HashSet<String> = explicit.iter().map(|a| a.id.clone()).collect();
        taken.extend(heading_ids.iter().cloned());
        // Pages repeat option blocks: each distinct text is parsed once.
        let mut yaml = HashMap::default();

        // Resolve and parse every directive.
        let mut specs = Vec::with_capacity(scan.directives.len());
        let mut spec_of = Vec::with_capacity(scan.directives.len());
        // The heading above each directive: directives and headings are both in page order.
        let mut heading: Option<usize> = None;
        for directive in &scan.directives {
            while scan
                .headings
                .get(heading.map_or(0, |h| h + 1))
                .is_some_and(|h| h.line < directive.line)
            {
                heading = Some(heading.map_or(0, |h| h + 1));
            }
            if directive.hashes > 1 {
                diagnostics.push(
                    Diagnostic::warning(
                        file,
                        directive.line,
                        directive.column,
                        format!(
                            "line {}: `{}SCHEMA#` is read as `#SCHEMA#`",
                            directive.line,
                            "#".repeat(directive.hashes)
                        ),
                    )
                    .with_hint("write the directive with a single `#`"),
                );
            }
            let ty = match self.resolver.resolve(&directive.path) {
                Ok(ty) => Some(ty),
                Err(unresolved) => {
                    let mut d = Diagnostic::error(
                        file,
                        directive.line,
                        directive.path_column,
                        unresolved.message.clone(),
                    );
                    // No close spelling: the type may not be registered at all.
                    // A plain type name may be a type that is not registered at all.
                    let plain = !directive.path.contains(['.', ':']);
                    let hint = match (unresolved.hint(), plain) {
                        (Some(close), false) => close,
                        (Some(close), true) => {
                            format!("{close}; {}", self.ctx.registration_hint())
                        }
                        (None, _) => self.ctx.registration_hint(),
                    };
                    d = d.with_hint(hint);
                    diagnostics.push(d);
                    None
                }
            };
            let shift = directive.options_shift;
            let first_line = directive.options_line;
            let at = move |pos: confspec_load::Pos| Loc {
                line: first_line + pos.line.max(1) as usize - 1,
                column: pos.column.max(1) as usize + shift,
            };
            let parsed = yaml
                .entry(directive.options.as_str())
                .or_insert_with(|| Options::read_yaml(&directive.options));
            let options = match Options::from_yaml(
                parsed,
                &at,
                Loc {
                    line: first_line,
                    column: shift + 1,
                },
            ) {
                Ok((options, unknown)) => {
                    self.option_problems(file, unknown, &mut diagnostics);
                    Some(options)
                }
                Err(problems) => {
                    self.option_problems(file, problems, &mut diagnostics);
                    None
                }
            };
            let (Some(ty), Some(options)) = (ty, options) else {
                spec_of.push(None);
                continue;
            };
            // The heading above the directive, and the blocks opened after it.
            let heading_line = heading.map_or(0, |h| scan.headings[h].line);
            let heading_anchor = heading.map(|h| heading_ids[h].clone());
            // The section: that heading's id, and the title of the innermost tab or admonition
            // opened after it (tabs side by side under one heading get distinct sections).
            let mut section = heading_anchor.clone().unwrap_or_default();
            if let Some((_, label)) = directive
                .containers
                .iter()
                .rev()
                .find(|(line, _)| *line > heading_line)
            {
                let slug = markdown::slugify(markdown::block_title(label));
                if !slug.is_empty() {
                    if !section.is_empty() {
                        section.push('-');
                    }
                    section.push_str(&slug);
                }
            }
            spec_of.push(Some(specs.len()));
            specs.push(Spec {
                ty,
                options,
                at: Loc {
                    line: directive.line,
                    column: directive.path_column,
                },
                heading_anchor,
                section,
            });
        }

        let (texts, rendered_diagnostics) = reference::render_page(
            &self.ctx.templates,
            &self.style,
            &self.ctx.model,
            file,
            &specs,
            &taken,
        );
        diagnostics.extend(rendered_diagnostics);

        // Splice, remembering where each generated block lands in the output.
        let mut out = String::with_capacity(text.len() * 2);
        let mut segments = Vec::new();
        let mut out_line = 1;
        let mut next = 0;
        for (directive, spec) in scan.directives.iter().zip(&spec_of) {
            let Some(index) = *spec else { continue };
            let Some(rendered) = texts[index].as_deref() else {
                continue;
            };
            for line in &lines[next..directive.lines.start] {
                out.push_str(line);
            }
            out_line += directive.lines.start - next;
            let crlf = lines[directive.line - 1].ends_with("\r\n");
            let start = out_line;
            for line in rendered.split_inclusive('\n') {
                if line != "\n" {
                    out.push_str(&directive.indent);
                }
                match line.strip_suffix('\n') {
                    Some(body) if crlf => {
                        out.push_str(body);
                        out.push_str("\r\n");
                    }
                    _ => out.push_str(line),
                }
                out_line += 1;
            }
            if !rendered.ends_with('\n') && !rendered.is_empty() {
                // A template that does not end its text with a newline still ends the line.
                out.push('\n');
            }
            next = directive.lines.end;
            if self.style.flavor == Flavor::Compat && directive.options.is_empty() {
                // dstack's hook matches a directive as `#SCHEMA#\s+PATH\s*(OPTION LINES)\n`:
                // without option lines, `\s*` runs over the blank lines that follow, and the
                // replacement (which ends with a blank line of its own) takes their place.
                while lines.get(next).is_some_and(|line| line.trim().is_empty()) {
                    next += 1;
                }
            }
            segments.push(Generated {
                out_lines: start..out_line,
                source_lines: directive.lines.clone(),
                spec: index,
                text: rendered,
            });
        }
        for line in &lines[next.min(lines.len())..] {
            out.push_str(line);
        }
        if !segments.is_empty() {
            let source = Page {
                scan: &scan,
                lines: &lines,
                explicit: &explicit,
            };
            self.check_output(file, &source, &segments, &specs, &mut diagnostics);
        }
        diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        // Directives sharing a type or an options block find the same problem: print it once.
        let mut seen = HashSet::default();
        diagnostics.retain(|d| seen.insert(d.to_string()));
        let documented = specs
            .iter()
            .map(|spec| Documented {
                ty: spec.ty.name.clone(),
                page: file.to_owned(),
                line: spec.at.line,
                column: spec.at.column,
            })
            .collect();
        Expanded {
            text: out,
            diagnostics,
            documented,
        }
    }

    /// The problems of a directive's options: an unknown key is one the hook lets through
    /// ([`Self::problem`]), anything else an error.
    fn option_problems(
        &self,
        file: &Path,
        problems: Vec<reference::Problem>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for problem in problems {
            let mut d = if problem.unknown {
                self.problem(file, problem.at, problem.message)
            } else {
                Diagnostic::error(file, problem.at.line, problem.at.column, problem.message)
            };
            if let Some(hint) = problem.hint {
                d = d.with_hint(hint);
            }
            diagnostics.push(d);
        }
    }

    /// A problem dstack's hook lets through: an error in the default style, a warning in compat.
    fn problem(&self, file: &Path, at: Loc, message: String) -> Diagnostic {
        if self.style.page_problems_are_errors() {
            Diagnostic::error(file, at.line, at.column, message)
        } else {
            Diagnostic::warning(file, at.line, at.column, message)
        }
    }

    /// Hand-written in-page links of the prose have targets among `targets`.
    fn check_prose_links(
        &self,
        file: &Path,
        scan: &Scan,
        lines: &[&str],
        targets: &HashSet<&str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for (line, column, target) in broken_prose_links(scan, lines, targets) {
            diagnostics.push(
                self.problem(
                    file,
                    Loc { line, column },
                    format!("the link to `#{target}` has no target on the page"),
                )
                .with_hint(format!(
                    "add a heading or an attribute list with the id `{target}`, or fix the link"
                )),
            );
        }
    }

    /// Links from generated items have targets; explicit ids are unique. The expanded page is
    /// not scanned again: its ids are the source's (outside the directives) and those of each
    /// generated block, in page order.
    fn check_output(
        &self,
        file: &Path,
        source: &Page<'_>,
        segments: &[Generated<'_>],
        specs: &[Spec<'_>],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        // Ids and headings of the expanded page, each with its output line and where to report it.
        let mut explicit: Vec<(usize, Loc, &str)> = Vec::new();
        let mut headings: Vec<(usize, &markdown::Heading)> = Vec::new();
        let generated: Vec<(Scan, Vec<Anchor>)> = segments
            .iter()
            .map(|g| {
                let lines: Vec<&str> = g.text.split_inclusive('\n').collect();
                let scan = markdown::scan_lines(&lines);
                let ids = explicit_ids(&scan, &lines);
                (scan, ids)
            })
            .collect();
        // Source ids and headings move down by what the blocks above them added.
        let source_loc = |line: usize| Loc { line, column: 0 };
        let mut source_anchors = source.explicit.iter().peekable();
        let mut source_headings = source.scan.headings.iter().peekable();
        let mut delta = 0isize;
        let moved = |line: usize, delta: isize| (line as isize + delta) as usize;
        for (g, (scan, ids)) in segments.iter().zip(&generated) {
            let before = g.source_lines.start;
            while let Some(a) = source_anchors.next_if(|a| a.line <= before) {
                explicit.push((moved(a.line, delta), source_loc(a.line), &a.id));
            }
            while let Some(h) = source_headings.next_if(|h| h.line <= before) {
                headings.push((moved(h.line, delta), h));
            }
            let at = specs[g.spec].at;
            for a in ids {
                explicit.push((g.out_lines.start + a.line - 1, at, &a.id));
            }
            for h in &scan.headings {
                headings.push((g.out_lines.start + h.line - 1, h));
            }
            delta += g.out_lines.len() as isize - g.source_lines.len() as isize;
        }
        for a in source_anchors {
            explicit.push((moved(a.line, delta), source_loc(a.line), &a.id));
        }
        for h in source_headings {
            headings.push((moved(h.line, delta), h));
        }
        explicit.sort_by_key(|(line, _, _)| *line);
        headings.sort_by_key(|(line, _)| *line);
        let ids: Vec<Anchor> = explicit
            .iter()
            .map(|(line, _, id)| Anchor {
                id: (*id).to_owned(),
                line: *line,
            })
            .collect();
        let auto = heading_ids(headings.iter().map(|(_, h)| *h), &ids);
        let mut targets: HashSet<&str> = explicit.iter().map(|(_, _, id)| *id).collect();
        targets.extend(auto.iter().map(String::as_str));
        // Duplicate explicit ids, reported where the second one comes from.
        let mut seen: HashMap<&str, Vec<Loc>> = HashMap::default();
        let mut order = Vec::new();
        for (_, at, id) in &explicit {
            let places = seen.entry(id).or_default();
            places.push(*at);
            if places.len() == 2 {
                order.push(*id);
            }
        }
        for id in order {
            let places = &seen[id];
            let at = places[1];
            let message = format!("the id `{id}` is used {} times on the page", places.len());
            diagnostics.push(self.problem(file, at, message));
        }
        self.check_prose_links(file, source.scan, source.lines, &targets, diagnostics);
        // Links made by generated items.
        for g in segments {
            let spec = &specs[g.spec];
            let mut reported = HashSet::default();
            for line in g.text.lines() {
                for target in in_page_links(line) {
                    if targets.contains(target) || !reported.insert(target) {
                        continue;
                    }
                    // A link written in a doc comment: at the comment in the model.
                    if let Some((owner, source, line)) = doc_comment_with_link(spec.ty, target) {
                        diagnostics.push(
                            self.problem(
                                Path::new(source),
                                Loc { line, column: 0 },
                                format!(
                                    "the doc comment of `{owner}` links to `#{target}`, which is not on the page {} (directive at line {}, column {})",
                                    file.display(),
                                    spec.at.line,
                                    spec.at.column
                                ),
                            )
                            .with_hint(format!(
                                "link to a section the page has, or add one with `{{ #{target} }}` to {}",
                                file.display()
                            )),
                        );
                        continue;
                    }
                    // Point at the item_id_mapping entry that made the link, when one did.
                    let mapping = spec.options.item_id_mapping.iter().find(|m| {
                        target.strip_prefix(spec.options.item_id_prefix.as_str())
                            == Some(m.name.as_str())
                    });
                    let at = mapping.map_or(spec.at, |m| m.value_at);
                    diagnostics.push(
                        self.problem(
                            file,
                            at,
                            format!(
                                "the reference of `{}` links to `#{target}`, which is not on the page",
                                spec.ty.name
                            ),
                        )
                        .with_hint(format!(
                            "add a heading with `{{ #{target} }}`, or fix `item_id_prefix`/`item_id_mapping`"
                        )),
                    );
                }
            }
        }
    }
}

/// The type or field of `ty` whose doc comment links to `#target`, and where that comment is
/// written: the file and the line that holds the link (where the model's build script recorded
/// the comment), else the type's declaration.
fn doc_comment_with_link<'t>(
    ty: &'t crate::ir::TypeDef,
    target: &str,
) -> Option<(String, &'t str, usize)> {
    let links = |text: &Option<String>| {
        text.as_deref()
            .is_some_and(|t| t.lines().any(|l| in_page_links(l).contains(&target)))
    };
    let at = |doc: &'t Option<crate::ir::DocSource>| match (doc, &ty.source) {
        (Some(doc), _) => Some((
            doc.file.as_str(),
            doc.line_where(|text| in_page_links(text).contains(&target)),
        )),
        (None, Some(source)) => Some((source.file.as_str(), source.line)),
        (None, None) => None,
    };
    if links(&ty.description) {
        let (file, line) = at(&ty.doc)?;
        return Some((ty.name.clone(), file, line));
    }
    if let crate::ir::Shape::Struct(shape) = &ty.shape {
        for field in &shape.fields {
            if links(&field.description) {
                let (file, line) = at(&field.doc)?;
                return Some((format!("{}.{}", ty.name, field.name), file, line));
            }
        }
    }
    None
}

/// The source page, scanned.
struct Page<'a> {
    scan: &'a Scan,
    lines: &'a [&'a str],
    explicit: &'a [Anchor],
}

/// A block generated for a spec: its output lines (1-based, end exclusive), the source lines
/// (0-based, end exclusive) it replaces, and its text before indentation.
struct Generated<'t> {
    out_lines: std::ops::Range<usize>,
    source_lines: std::ops::Range<usize>,
    spec: usize,
    text: &'t str,
}

/// Adds the expanded pages (and the other files of the pages directory, unchanged) to the outputs.
pub fn stage(
    ctx: &Context,
    outputs: &mut Outputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Failure> {
    let Some(docs) = &ctx.config.docs else {
        return Ok(());
    };
    let source = ctx.root.join(&docs.pages);
    if !source.is_dir() {
        diagnostics.push(Diagnostic::warning(
            Path::new(crate::config::FILE_NAME),
            0,
            0,
            format!(
                "[docs] pages: `{}` is not a directory; no page is expanded",
                docs.pages.display()
            ),
        ));
        return Ok(());
    }
    let expander = Expander::new(ctx, None)?;
    let files = super::files::list(&source)?;
    let mut owned: BTreeSet<String> = BTreeSet::from([".md".to_owned()]);
    let mut documented = Vec::new();
    for rel in files {
        let is_page = rel.extension().is_some_and(|e| e == "md");
        if docs.output.is_none() && !is_page {
            continue;
        }
        let path = source.join(&rel);
        let bytes = std::fs::read(&path)
            .map_err(|err| Failure::Usage(format!("cannot read {}: {err}", path.display())))?;
        let target = docs.output.as_ref().map(|output| output.join(&rel));
        if is_page {
            let shown = docs.pages.join(&rel);
            let text = match super::files::decode(bytes, &shown) {
                Ok(text) => text,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            };
            let expanded = expander.expand(&shown, &text);
            diagnostics.extend(expanded.diagnostics);
            documented.extend(expanded.documented);
            if let Some(target) = target {
                outputs.add(target, expanded.text);
            }
        } else if let Some(target) = target {
            if let Some(ext) = rel.extension() {
                owned.insert(format!(".{}", ext.to_string_lossy()));
            }
            outputs.add(target, bytes);
        }
    }
    if let Some(output) = &docs.output {
        let owned: Vec<&str> = owned.iter().map(String::as_str).collect();
        outputs.own_dir(output, &owned);
    }
    // What the pages forgot, across all of them: types of the schemas without a section.
    let roots: Vec<String> = ctx.config.schemas.iter().map(|s| s.root.clone()).collect();
    let style = expander.style();
    diagnostics.extend(coverage::check(
        &ctx.model,
        &roots,
        &documented,
        style.documents_every_shape(),
        if style.page_problems_are_errors() {
            Severity::Error
        } else {
            Severity::Warning
        },
    ));
    Ok(())
}

/// Expands one page's text with the project's settings; `style` overrides `[docs] style`.
pub fn expand_text(
    ctx: &Context,
    file: &Path,
    text: &str,
    style: Option<&str>,
) -> Result<Expanded, Failure> {
    Ok(Expander::new(ctx, style)?.expand(file, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_ids_are_found() {
        assert_eq!(
            in_page_links("#### [`a`](#x) <a href=\"#y\">b</a> [c](other.md#z)"),
            ["x", "y"]
        );
        // Forms in turn, each in line order; a target is not searched for its own form.
        assert_eq!(
            in_page_links("<a href='#q'>[x](#a b](#c) [y](#d)</a> <a href=\"#e\"> [z](#"),
            ["a", "c", "d", "", "e", "q"]
        );
        assert_eq!(in_page_links("[a](#x](#y)"), ["x](#y"]);
        assert!(in_page_links("no links # here (#x) href=#y").is_empty());
        assert_eq!(
            attr_list_ids("text { #one .c } and :icon:{ .external } {#two}"),
            ["one", "two"]
        );
        assert_eq!(html_ids("<a id=\"top\"></a> <div data-id=\"no\">"), ["top"]);
        assert_eq!(
            without_code_spans("a `{ #no }` b { #yes }"),
            "a           b { #yes }"
        );
    }

    #[test]
    fn heading_ids_count_on_like_toc() {
        // `same_2` is the author's; the third `Same` skips it; `x_3` counts on from 3.
        let text =
            "## Same\n## Same\n## Other { #same_2 }\n## Same\n## Same\n## x_3\n## x_3\n## x\n";
        let scan = markdown::scan(text);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        assert_eq!(
            heading_ids(scan.headings.iter(), &explicit_ids(&scan, &lines)),
            [
                "same", "same_1", "same_2", "same_3", "same_4", "x_3", "x_4", "x"
            ]
        );
    }

    #[test]
    fn heading_ids_follow_toc() {
        let text = "# A b\n## A b\n## `x` { #x }\n```\n# not\n```\n## Root reference\n";
        let scan = markdown::scan(text);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        assert_eq!(
            heading_ids(scan.headings.iter(), &explicit_ids(&scan, &lines)),
            ["a-b", "a-b_1", "x", "root-reference"]
        );
    }
}
