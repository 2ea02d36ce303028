//! Type paths as pages write them, resolved to model types.
//!
//! Three spellings are accepted:
//! - a dotted path as dstack's pages write it (`dstack._internal.core.models.backends.aws.AWSAccessKeyCreds`):
//!   the prefix before the last `.` is looked up in `[paths.modules]` of `codegen.toml`, which
//!   names the Rust modules its types live in; the last segment is the type's user-facing name,
//!   and the type must be declared in one of those modules or below them;
//! - a Rust path (`schema::aws::AwsConfig`), as the registry knows it;
//! - the bare user-facing name (`AWSConfig`).
//!
//! The type name of a dotted path or a bare name may be an alias of `[paths.aliases]`, which
//! names the model type it stands for (`GPUSpecSchema` → `GPUSpec`); a whole dotted path may be
//! an alias too (`dstack.api.GPU` → `GPUSpec`), read before the modules.
//!
//! An unknown path is an [`Unresolved`] with the closest known spellings.

use std::collections::BTreeMap;

use crate::hash::HashMap;

use crate::ir::{Model, TypeDef};
use crate::registry::RegisteredType;

/// Resolves paths against one model and one `[paths.modules]` table. Build it once per run.
pub struct Resolver<'a> {
    model: &'a Model,
    modules: &'a BTreeMap<String, Vec<String>>,
    aliases: Option<&'a BTreeMap<String, String>>,
    /// Registered types: (user-facing name, Rust path, Rust module).
    registered: Vec<(String, &'static str, &'static str)>,
    by_rust_path: HashMap<&'static str, usize>,
}

/// Why a path does not name a model type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// What is wrong, in one sentence.
    pub message: String,
    /// The closest known spellings, best first.
    pub closest: Vec<String>,
}

impl Unresolved {
    /// The hint to show: the closest known spellings.
    pub fn hint(&self) -> Option<String> {
        if self.closest.is_empty() {
            return None;
        }
        let names: Vec<String> = self.closest.iter().map(|n| format!("`{n}`")).collect();
        Some(format!("closest known: {}", names.join(", ")))
    }
}

impl<'a> Resolver<'a> {
    /// A resolver over `model` (its registered types from `registered`) and `modules`.
    pub fn new(
        model: &'a Model,
        registered: &'static [RegisteredType],
        modules: &'a BTreeMap<String, Vec<String>>,
    ) -> Self {
        let registered: Vec<(String, &'static str, &'static str)> = registered
            .iter()
            .map(|t| ((t.schema_name)().into_owned(), t.rust_path, t.module()))
            .collect();
        let by_rust_path = registered
            .iter()
            .enumerate()
            .map(|(i, (_, path, _))| (*path, i))
            .collect();
        Resolver {
            model,
            modules,
            aliases: None,
            registered,
            by_rust_path,
        }
    }

    /// The same resolver, reading type names through `aliases` (`[paths.aliases]`).
    pub fn with_aliases(mut self, aliases: &'a BTreeMap<String, String>) -> Self {
        self.aliases = Some(aliases);
        self
    }

    /// The model type name `name` stands for: its alias target, or itself.
    fn unalias<'n>(&self, name: &'n str) -> &'n str
    where
        'a: 'n,
    {
        self.aliases
            .and_then(|a| a.get(name))
            .map_or(name, String::as_str)
    }

    /// The model type `path` names.
    pub fn resolve(&self, path: &str) -> Result<&'a TypeDef, Unresolved> {
        if path.contains("::") {
            return self.rust_path(path);
        }
        // A whole dotted path may be an alias of its own (`dstack.api.GPU` → `GPUSpec`).
        if let Some(ty) = self
            .aliases
            .and_then(|a| a.get(path))
            .and_then(|target| self.model.get(target))
        {
            return Ok(ty);
        }
        match path.rsplit_once('.') {
            Some((prefix, name)) => self.dotted(path, prefix, self.unalias(name)),
            None => self
                .model
                .get(self.unalias(path))
                .ok_or_else(|| Unresolved {
                    message: format!("unknown type `{path}`"),
                    closest: closest(path, self.model.names().map(str::to_owned)),
                }),
        }
    }

    fn rust_path(&self, path: &str) -> Result<&'a TypeDef, Unresolved> {
        let found = self
            .by_rust_path
            .get(path)
            .and_then(|&i| self.model.get(&self.registered[i].0));
        found.ok_or_else(|| Unresolved {
            message: format!("unknown type `{path}`: no model type has this Rust path"),
            closest: closest(
                path,
                self.registered.iter().map(|(_, p, _)| (*p).to_owned()),
            ),
        })
    }

    fn dotted(&self, path: &str, prefix: &str, name: &str) -> Result<&'a TypeDef, Unresolved> {
        let Some(modules) = self.modules.get(prefix) else {
            // Suggest the same name under the known prefixes, best match first.
            let candidates = self
                .modules
                .iter()
                .flat_map(|(p, mods)| self.names_under(mods).map(move |n| format!("{p}.{n}")));
            return Err(Unresolved {
                message: format!(
                    "unknown type `{path}`: the module `{prefix}` is not in `[paths.modules]` of codegen.toml"
                ),
                closest: closest(path, candidates),
            });
        };
        let found = self
            .registered
            .iter()
            .filter(|(n, _, module)| n == name && under(module, modules))
            .find_map(|(n, _, _)| self.model.get(n));
        if let Some(ty) = found {
            return Ok(ty);
        }
        if let Some((_, rust_path, _)) = self.registered.iter().find(|(n, _, _)| n == name) {
            // The name exists, in a module this prefix does not map to.
            let elsewhere = self
                .modules
                .iter()
                .filter(|(_, mods)| self.names_under(mods).any(|n| n == name))
                .map(|(p, _)| format!("{p}.{name}"))
                .collect();
            return Err(Unresolved {
                message: format!(
                    "unknown type `{path}`: `{name}` is `{rust_path}`, which is not in the modules `{prefix}` maps to ({})",
                    modules.join(", ")
                ),
                closest: elsewhere,
            });
        }
        let names = closest(name, self.names_under(modules).map(str::to_owned));
        Err(Unresolved {
            message: format!(
                "unknown type `{path}`: no type `{name}` in {}",
                modules.join(", ")
            ),
            closest: names.into_iter().map(|n| format!("{prefix}.{n}")).collect(),
        })
    }

    /// The user-facing names of the registered types declared in `modules` or below them.
    fn names_under<'s>(&'s self, modules: &'s [String]) -> impl Iterator<Item = &'s str> + 's {
        self.registered
            .iter()
            .filter(move |(_, _, module)| under(module, modules))
            .map(|(n, _, _)| n.as_str())
    }
}

/// Whether Rust module `module` is one of `roots` or inside one of them.
fn under(module: &str, roots: &[String]) -> bool {
    roots.iter().any(|root| {
        module == root
            || module
                .strip_prefix(root.as_str())
                .is_some_and(|rest| rest.starts_with("::"))
    })
}

/// The (at most three) candidates closest to `wanted`, best first; ties keep candidate order.
pub fn closest(wanted: &str, candidates: impl Iterator<Item = String>) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(f64, String)> = candidates
        .map(|c| (strsim::jaro_winkler(&c.to_lowercase(), &wanted_lower), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_match_themselves_and_below() {
        let roots = vec!["schema".to_owned()];
        assert!(under("schema", &roots));
        assert!(under("schema::gcp", &roots));
        assert!(!under("schemata", &roots));
        assert!(!under("other::schema", &roots));
    }

    #[test]
    fn closest_ranks_by_similarity() {
        let names = ["AWSConfig", "AzureConfig", "GCPConfig"].map(str::to_owned);
        assert_eq!(closest("AWSConfg", names.into_iter())[0], "AWSConfig");
    }
}
