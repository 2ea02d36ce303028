//! Schema names as schemars assigns them: the suffixes it appends to make names unique, and
//! the problems they cause in every output ([`check_names`]).

use super::model::Model;
use super::read::ref_name;
use super::types::*;
use super::visit::visit_shape;

/// The name a `$ref` (`#/definitions/Name`) points at.
pub fn definition_name(reference: &str) -> Option<String> {
    ref_name(reference)
}

/// Finds schema names that do not name one Rust type each: `types` are the Rust types the
/// model is built from (the registry), `definitions` the names of every definition schemars
/// wrote, `model` (when built) says which type uses a suffixed name. Shared names come first,
/// in registration order, then suffixed ones in definition order.
pub fn check_names(
    types: &[NamedRustType],
    definitions: &[&str],
    model: Option<&Model>,
) -> Vec<NameProblem> {
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut explained: Vec<&str> = Vec::new();
    for ty in types {
        if seen.contains(&ty.schema_name.as_str()) {
            continue;
        }
        seen.push(&ty.schema_name);
        let sharing: Vec<&NamedRustType> = types
            .iter()
            .filter(|t| t.schema_name == ty.schema_name)
            .collect();
        let mut paths: Vec<&str> = sharing
            .iter()
            .map(|t| t.source.rust_path.as_str())
            .collect();
        paths.dedup();
        if paths.len() < 2 {
            continue;
        }
        explained.extend(sharing.iter().filter_map(|t| t.assigned.as_deref()));
        problems.push(NameProblem::Shared {
            name: ty.schema_name.clone(),
            types: sharing
                .iter()
                .map(|t| (t.source.clone(), t.assigned.clone()))
                .collect(),
        });
    }
    for name in definitions {
        if explained.contains(name) || types.iter().any(|t| t.schema_name == *name) {
            continue;
        }
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        let number = &name[base.len()..];
        let numbered = !number.is_empty() && !number.starts_with('0') && number != "1";
        if !numbered || base.is_empty() || !definitions.contains(&base) {
            continue;
        }
        let used_by = model.and_then(|model| {
            model.types.iter().find_map(|t| {
                let mut uses = false;
                visit_shape(&t.shape, &mut |r| {
                    uses |= matches!(r, TypeRef::Named { name: n } if n == name);
                });
                uses.then(|| t.source.clone().map(|s| (t.name.clone(), s)))
                    .flatten()
            })
        });
        problems.push(NameProblem::Suffixed {
            name: (*name).to_owned(),
            base: base.to_owned(),
            used_by,
        });
    }
    problems
}
