//! Reference styles ([`Style`]: a template and a [`Flavor`] of id and link planning) and the
//! directives a page hands to them ([`Spec`]).

use minijinja::Environment;

use super::options::{Loc, Options};
use crate::config::ModelConfig;
use crate::diagnostics::Failure;
use crate::ir::TypeDef;

/// How a style plans ids and links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// dstack's docs hook, quirks included.
    Compat,
    /// Unique ids, links to wherever the page documents a type.
    Reader,
}

/// The built-in styles (each a template `reference/<name>.md`), with what they are for: the
/// values `codegen expand --style` accepts.
pub const BUILT_IN_STYLES: &[(&str, &str)] = &[
    ("compat", "dstack's hook format, byte for byte"),
    (
        "default",
        "Friendly types, explicit requiredness, real defaults, unique ids",
    ),
];

/// A rendering style: a template (`reference/<name>.md`) and a flavour. The one style type:
/// `[docs] style`, `codegen expand --style` and the page stage all name styles through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// The style's name.
    pub name: String,
    /// How ids and links are planned.
    pub flavor: Flavor,
    pub(super) template: String,
    /// Named types the compat flavour does not link fields of (`[docs] compat-unlinked`).
    pub(super) unlinked: Vec<String>,
    /// What a field without a description is (`[model]`).
    pub(super) model: ModelConfig,
}

impl Style {
    /// The style `name`, whose template must exist in `env` (`compat` plans like the hook,
    /// every other style like `default`).
    pub fn new(name: &str, env: &Environment<'_>) -> Result<Style, Failure> {
        let template = format!("reference/{name}.md");
        if env.get_template(&template).is_err() {
            let built_in: Vec<&str> = BUILT_IN_STYLES.iter().map(|(name, _)| *name).collect();
            return Err(Failure::Usage(format!(
                "unknown reference style `{name}`: there is no template `templates/{template}` (built-in styles: {})",
                built_in.join(", ")
            )));
        }
        let flavor = if name == "compat" {
            Flavor::Compat
        } else {
            Flavor::Reader
        };
        Ok(Style {
            name: name.to_owned(),
            flavor,
            template,
            unlinked: Vec::new(),
            model: ModelConfig::default(),
        })
    }

    /// The style, with fields of the named types `unlinked` not linked in the compat flavour.
    pub fn with_unlinked(mut self, unlinked: &[String]) -> Style {
        self.unlinked = unlinked.to_vec();
        self
    }

    /// The style, with fields without a description taken as `[model]` says: an error by
    /// default; allowed, or at the level `warning`, such a field is written without one (left
    /// out in the compat flavour, as dstack's hook did).
    pub fn with_model_rules(mut self, model: &ModelConfig) -> Style {
        self.model = model.clone();
        self
    }

    /// Whether what dstack's hook lets through (repeated ids, links to sections the page
    /// lacks, `item_id_mapping` or overrides naming no field) is an error: in the default style;
    /// the compat style reports it as a warning, as the hook renders such pages.
    pub fn page_problems_are_errors(&self) -> bool {
        self.flavor == Flavor::Reader
    }

    /// Whether directives document enumerations and unions too (not only structs, as
    /// dstack's hook does).
    pub fn documents_every_shape(&self) -> bool {
        self.flavor == Flavor::Reader
    }
}

/// One directive, as the page reader found it.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// The type to document.
    pub ty: &'a TypeDef,
    /// Its options.
    pub options: Options,
    /// Where the directive is (its path's position).
    pub at: Loc,
    /// The id of the nearest heading above the directive.
    pub heading_anchor: Option<String>,
    /// The section key qualifying ids (see the module documentation); may be empty.
    pub section: String,
}
