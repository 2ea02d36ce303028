//! What a page says about the YAML block after it: an HTML comment `<!-- codegen: WORD ... -->`
//! before the fence (blank lines, other comments, and the opening `<div ...>` lines that wrap
//! the block, may stand between), or `codegen="skip"` in the fence's info string. A block takes
//! one marker, or `check TYPE` with `expect-error "TEXT"` (one after the other, in either order:
//! the same as `expect-error "TEXT" TYPE`). A marker that applies to no block is a warning at
//! its line (`examples::stray_markers`).
//!
//! Adding a marker: a variant of [`Marker`], its entry in [`MARKERS`] (the syntax the error
//! hints and the docs show), its arm in [`parse_comment`], and what it decides in
//! `classify::Rules::decide`.

use super::super::markdown::{Comment, Fence};

/// A marker, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// `skip [REASON]` (or `codegen="skip"` in the info string): the block is not checked.
    Skip {
        /// How the page said it, for the report.
        form: SkipForm,
        /// The words after `skip`, if any.
        reason: Option<String>,
    },
    /// `check TYPE`: the block is checked as the model type `TYPE`.
    Check {
        /// The type's name, as written.
        type_name: String,
    },
    /// `expect-error "TEXT" [TYPE]`: a mistake shown on purpose. The block must be refused,
    /// with an error whose message or hint contains `TEXT`; it is checked as `TYPE` when given,
    /// else as the block's rules say.
    ExpectError {
        /// The text the error must contain.
        text: String,
        /// The type's name, as written, when given.
        type_name: Option<String>,
    },
}

/// Where a `skip` was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipForm {
    /// `<!-- codegen: skip -->` before the fence.
    Comment,
    /// `codegen="skip"` in the info string.
    InfoString,
}

/// A `codegen:` comment that is no marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadMarker {
    /// What is wrong with it.
    pub message: String,
    /// What to do about it, when not the list of markers ([`hint`]).
    pub hint: Option<String>,
    /// The line of the comment it is about, when the fence has more than one.
    pub line: Option<usize>,
}

/// Every marker word, with the syntax a page writes it in.
pub const MARKERS: &[(&str, &str)] = &[
    ("skip", "<!-- codegen: skip -->"),
    ("check", "<!-- codegen: check TYPE -->"),
    ("expect-error", "<!-- codegen: expect-error \"TEXT\" -->"),
];

/// The hint for an unreadable marker: the markers there are.
pub fn hint() -> String {
    let forms: Vec<String> = MARKERS.iter().map(|(_, s)| format!("`{s}`")).collect();
    match forms.split_last() {
        Some((last, [])) => format!("write {last}"),
        Some((last, rest)) => format!("write {} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The fence's marker: `None` when the page says nothing about the block, `Some(Err(..))` for a
/// `codegen:` comment that cannot be read, or markers that do not go together. The info
/// string's opt-out comes first.
pub fn of_fence(fence: &Fence) -> Option<Result<Marker, BadMarker>> {
    if info_skips(&fence.info) {
        return Some(Ok(Marker::Skip {
            form: SkipForm::InfoString,
            reason: None,
        }));
    }
    let mut read = Vec::new();
    for comment in codegen_comments(fence) {
        match parse_comment(&comment.text)? {
            Ok(marker) => read.push((comment, marker)),
            Err(bad) => {
                return Some(Err(BadMarker {
                    line: Some(comment.line),
                    ..bad
                }));
            }
        }
    }
    match read.as_slice() {
        [] => None,
        [(_, marker)] => Some(Ok(marker.clone())),
        [
            (_, Marker::Check { type_name }),
            (
                _,
                Marker::ExpectError {
                    text,
                    type_name: None,
                },
            ),
        ]
        | [
            (
                _,
                Marker::ExpectError {
                    text,
                    type_name: None,
                },
            ),
            (_, Marker::Check { type_name }),
        ] => Some(Ok(Marker::ExpectError {
            text: text.clone(),
            type_name: Some(type_name.clone()),
        })),
        _ => {
            let said: Vec<String> = read
                .iter()
                .map(|(comment, _)| format!("`<!-- {} -->`", comment.text))
                .collect();
            Some(Err(BadMarker {
                message: format!("the markers {} do not go together", said.join(", ")),
                hint: Some(
                    "a block takes one marker, or `check TYPE` with `expect-error \"TEXT\"`; \
                     remove the others"
                        .to_owned(),
                ),
                line: None,
            }))
        }
    }
}

/// The `codegen:` comments before the fence, in page order (other comments are no markers).
fn codegen_comments(fence: &Fence) -> impl Iterator<Item = &Comment> {
    fence
        .markers
        .iter()
        .filter(|comment| parse_comment(&comment.text).is_some())
}

/// The line of the fence's first `codegen:` comment.
pub fn line(fence: &Fence) -> Option<usize> {
    codegen_comments(fence).next().map(|comment| comment.line)
}

/// Whether the fence takes the `codegen:` comment at `line` as its marker.
pub fn takes(fence: &Fence, line: usize) -> bool {
    codegen_comments(fence).any(|comment| comment.line == line)
}

/// The fence's marker comment that names `type_name` (`codegen: check AWSConfg`).
pub fn naming<'a>(fence: &'a Fence, type_name: &str) -> Option<&'a Comment> {
    codegen_comments(fence).find(|comment| match parse_comment(&comment.text) {
        Some(Ok(Marker::Check { type_name: named }))
        | Some(Ok(Marker::ExpectError {
            type_name: Some(named),
            ..
        })) => named == type_name,
        _ => false,
    })
}

/// Reads the text of an HTML comment (`codegen: skip partial example`); `None` when it is not
/// addressed to codegen.
pub fn parse_comment(comment: &str) -> Option<Result<Marker, BadMarker>> {
    let marker = comment.trim().strip_prefix("codegen:")?.trim();
    let (word, rest) = marker
        .split_once(char::is_whitespace)
        .unwrap_or((marker, ""));
    let rest = rest.trim();
    Some(match word {
        "skip" => Ok(Marker::Skip {
            form: SkipForm::Comment,
            reason: (!rest.is_empty()).then(|| rest.to_owned()),
        }),
        "check" => Ok(Marker::Check {
            type_name: rest.to_owned(),
        }),
        "expect-error" => expect_error(rest),
        _ => Err(BadMarker {
            message: format!("unknown marker `<!-- codegen: {marker} -->`"),
            hint: None,
            line: None,
        }),
    })
}

/// Reads `"TEXT" [TYPE]`, what follows `expect-error`.
fn expect_error(rest: &str) -> Result<Marker, BadMarker> {
    let bad = || BadMarker {
        message: format!(
            "`<!-- codegen: expect-error {rest} -->` needs the text of the error it expects, in \
             double quotes"
        ),
        hint: None,
        line: None,
    };
    let quoted = rest.strip_prefix('"').ok_or_else(bad)?;
    let (text, after) = quoted.split_once('"').ok_or_else(bad)?;
    if text.trim().is_empty() {
        return Err(bad());
    }
    let after = after.trim();
    Ok(Marker::ExpectError {
        text: text.to_owned(),
        type_name: (!after.is_empty()).then(|| after.to_owned()),
    })
}

/// Whether the info string carries `codegen="skip"` (pymdownx reads `key="value"` options).
fn info_skips(info: &str) -> bool {
    info.trim_matches(|c| c == '{' || c == '}')
        .split_whitespace()
        .any(|token| {
            matches!(
                token,
                "codegen=\"skip\"" | "codegen='skip'" | "codegen=skip"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_info_string_opt_outs() {
        assert!(info_skips("yaml codegen=\"skip\""));
        assert!(info_skips("{ .yaml codegen=\"skip\" }"));
        assert!(!info_skips("yaml title=\"codegen=skip\"x"));
        assert!(!info_skips("yaml"));
    }

    /// The marker of the page's first fence.
    fn first(page: &str) -> Option<Result<Marker, BadMarker>> {
        of_fence(&crate::docs::markdown::scan(page).fences[0])
    }

    #[test]
    fn combines_check_with_expect_error_in_either_order() {
        let combined = Some(Ok(Marker::ExpectError {
            text: "port".into(),
            type_name: Some("AppConfig".into()),
        }));
        for page in [
            "<!-- codegen: check AppConfig -->\n<!-- codegen: expect-error \"port\" -->\n```yaml\na: 1\n```\n",
            "<!-- codegen: expect-error \"port\" -->\n\n<!-- an editor's note -->\n<div editor-title=\"app.yml\">\n<!-- codegen: check AppConfig -->\n\n```yaml\na: 1\n```\n",
        ] {
            assert_eq!(first(page), combined, "{page}");
        }
        // Other pairs are an error; prose between a marker and the fence leaves it out.
        let pair =
            "<!-- codegen: skip -->\n<!-- codegen: check AppConfig -->\n```yaml\na: 1\n```\n";
        assert!(matches!(
            first(pair),
            Some(Err(BadMarker { hint: Some(_), .. }))
        ));
        // An unreadable marker among others is reported at its own line.
        let typo =
            "<!-- codegen: check AppConfig -->\n<!-- codegen: skpi -->\n```yaml\na: 1\n```\n";
        assert!(matches!(
            first(typo),
            Some(Err(BadMarker { line: Some(2), .. }))
        ));
        let prose = "<!-- codegen: skip -->\nWords.\n<!-- codegen: check AppConfig -->\n```yaml\na: 1\n```\n";
        assert_eq!(
            first(prose),
            Some(Ok(Marker::Check {
                type_name: "AppConfig".into()
            }))
        );
    }

    #[test]
    fn reads_comments() {
        assert_eq!(parse_comment("just a comment"), None);
        assert_eq!(
            parse_comment(" codegen: skip partial example "),
            Some(Ok(Marker::Skip {
                form: SkipForm::Comment,
                reason: Some("partial example".into())
            }))
        );
        assert_eq!(
            parse_comment("codegen: check AWSConfig"),
            Some(Ok(Marker::Check {
                type_name: "AWSConfig".into()
            }))
        );
        assert!(matches!(parse_comment("codegen: skpi"), Some(Err(_))));
        assert_eq!(
            parse_comment("codegen: expect-error \"unknown key `regoin`\" AppConfig"),
            Some(Ok(Marker::ExpectError {
                text: "unknown key `regoin`".into(),
                type_name: Some("AppConfig".into())
            }))
        );
        assert_eq!(
            parse_comment("codegen: expect-error \"port\""),
            Some(Ok(Marker::ExpectError {
                text: "port".into(),
                type_name: None
            }))
        );
        for bad in [
            "expect-error",
            "expect-error port",
            "expect-error \"\"",
            "expect-error \"x",
        ] {
            assert!(
                matches!(parse_comment(&format!("codegen: {bad}")), Some(Err(_))),
                "{bad}"
            );
        }
        assert_eq!(
            hint(),
            "write `<!-- codegen: skip -->`, `<!-- codegen: check TYPE -->` or `<!-- codegen: expect-error \"TEXT\" -->`"
        );
    }
}
