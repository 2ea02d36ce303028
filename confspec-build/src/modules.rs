//! The paths code outside the crate can name a type by. The registry table is compiled into
//! another crate (the project's codegen binary), so a model type must be named by a public path:
//! every module on its path declared `pub`, or a `pub use` in a public module that re-exports it
//! (`mod extra; pub use extra::Artifact;` names it `app::Artifact`).
//!
//! Read from the sources: each `mod` declaration with its visibility (a file's `mod x;` and
//! inline `mod x { ... }`), and each `pub use` with what it re-exports (a name, a renamed name,
//! a glob, through `crate::`, `self::` and `super::`, chains of re-exports included). A module
//! that no scanned file declares is taken as public: the scanner then names it by its file, as
//! it always has.

use std::collections::HashMap;

/// A crate's module declarations and `pub use` re-exports. Paths start with the crate's name.
#[derive(Debug, Default)]
pub(crate) struct Modules {
    decls: HashMap<Vec<String>, ModDecl>,
    reexports: Vec<Reexport>,
}

/// Where a module is declared, and whether code outside the crate can name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModDecl {
    /// Declared `pub` (`pub(crate)` and private are not).
    pub(crate) public: bool,
    /// The file of the declaration, as diagnostics name it.
    pub(crate) file: String,
    /// The line of the module's name in it.
    pub(crate) line: usize,
}

/// One name a `pub use` item makes public in its module.
#[derive(Debug)]
struct Reexport {
    /// The module holding the `pub use`.
    holder: Vec<String>,
    kind: ReexportKind,
}

#[derive(Debug)]
enum ReexportKind {
    /// `pub use target;` or `pub use target as name;`.
    Name { target: Vec<String>, name: String },
    /// `pub use module::*;`.
    Glob { module: Vec<String> },
}

/// A type that no public path names: the first private module on its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Private {
    /// The private module's path.
    pub(crate) module: Vec<String>,
    /// Its declaration.
    pub(crate) decl: ModDecl,
}

impl Modules {
    /// Records the `mod` declarations and `pub use` items of `items`, the items of `module`,
    /// written in `file` (test modules left out: nothing outside the tests names them).
    pub(crate) fn add(&mut self, items: &[syn::Item], module: &[String], file: &str) {
        for item in items {
            match item {
                syn::Item::Mod(m) if !crate::sources::is_cfg_test(&m.attrs) => {
                    let mut path = module.to_vec();
                    path.push(m.ident.to_string());
                    self.decls.insert(
                        path.clone(),
                        ModDecl {
                            public: matches!(m.vis, syn::Visibility::Public(_)),
                            file: file.to_owned(),
                            line: m.ident.span().start().line,
                        },
                    );
                    if let Some((_, inner)) = &m.content {
                        self.add(inner, &path, file);
                    }
                }
                // `pub use ::other_crate::X` names another crate's item: nothing of this one.
                syn::Item::Use(u)
                    if matches!(u.vis, syn::Visibility::Public(_)) && u.leading_colon.is_none() =>
                {
                    self.add_tree(&u.tree, module, Vec::new());
                }
                _ => {}
            }
        }
    }

    fn add_tree(&mut self, tree: &syn::UseTree, holder: &[String], prefix: Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut prefix = prefix;
                prefix.push(p.ident.to_string());
                self.add_tree(&p.tree, holder, prefix);
            }
            syn::UseTree::Name(n) => self.add_name(holder, prefix, &n.ident, &n.ident),
            syn::UseTree::Rename(r) => self.add_name(holder, prefix, &r.ident, &r.rename),
            syn::UseTree::Glob(_) => {
                if let Some(module) = absolute(holder, &prefix) {
                    self.reexports.push(Reexport {
                        holder: holder.to_vec(),
                        kind: ReexportKind::Glob { module },
                    });
                }
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.add_tree(tree, holder, prefix.clone());
                }
            }
        }
    }

    fn add_name(
        &mut self,
        holder: &[String],
        mut prefix: Vec<String>,
        ident: &syn::Ident,
        name: &syn::Ident,
    ) {
        // `pub use self::x::{self}` re-exports the module `x`: not a type, nothing to record.
        if ident == "self" {
            return;
        }
        prefix.push(ident.to_string());
        if let Some(target) = absolute(holder, &prefix) {
            self.reexports.push(Reexport {
                holder: holder.to_vec(),
                kind: ReexportKind::Name {
                    target,
                    name: name.to_string(),
                },
            });
        }
    }

    /// The first module of `module` (a module path from the crate's root) that is not public.
    fn first_private(&self, module: &[String]) -> Option<Private> {
        (2..=module.len()).find_map(|end| {
            let decl = self.decls.get(&module[..end])?;
            (!decl.public).then(|| Private {
                module: module[..end].to_vec(),
                decl: decl.clone(),
            })
        })
    }

    /// The path code outside the crate names the type `canonical` (its module path and its
    /// name) by: that path when every module on it is public, else the shortest public path
    /// a `pub use` gives it (the first written, among equals); `Err` with the first private
    /// module on its path when there is none. `types` are the canonical paths of every model
    /// type, which re-exports are resolved to.
    pub(crate) fn public_path(
        &self,
        canonical: &[String],
        types: &[Vec<String>],
    ) -> Result<Vec<String>, Private> {
        let module = &canonical[..canonical.len() - 1];
        let Some(private) = self.first_private(module) else {
            return Ok(canonical.to_vec());
        };
        let mut best: Option<Vec<String>> = None;
        for reexport in &self.reexports {
            if self.first_private(&reexport.holder).is_some() {
                continue;
            }
            let (named, path) = match &reexport.kind {
                ReexportKind::Name { target, name } => (target.clone(), name.clone()),
                ReexportKind::Glob { module } => {
                    let name = canonical[canonical.len() - 1].clone();
                    let mut named = module.clone();
                    named.push(name.clone());
                    (named, name)
                }
            };
            if self.resolve(&named, types, 0).as_deref() == Some(canonical) {
                let mut public = reexport.holder.clone();
                public.push(path);
                if best.as_ref().is_none_or(|b| public.len() < b.len()) {
                    best = Some(public);
                }
            }
        }
        best.ok_or(private)
    }

    /// The canonical path of the model type `path` names, through re-exports (of any
    /// visibility of module: inside the crate, a private module's `pub use` is a path too).
    fn resolve(&self, path: &[String], types: &[Vec<String>], depth: usize) -> Option<Vec<String>> {
        if types.iter().any(|t| t == path) {
            return Some(path.to_vec());
        }
        if depth > 16 || path.len() < 2 {
            return None;
        }
        let (holder, name) = path.split_at(path.len() - 1);
        let name = &name[0];
        self.reexports
            .iter()
            .filter(|r| r.holder == holder)
            .find_map(|r| match &r.kind {
                ReexportKind::Name { target, name: n } if n == name => {
                    self.resolve(target, types, depth + 1)
                }
                ReexportKind::Glob { module } => {
                    let mut next = module.clone();
                    next.push(name.clone());
                    self.resolve(&next, types, depth + 1)
                }
                _ => None,
            })
    }
}

/// The path `segments` of a `use` item in `module`, from the crate's root (`crate::`, `self::`,
/// `super::`, or a name in the module); `None` when it leaves the crate (`super` past the root).
fn absolute(module: &[String], segments: &[String]) -> Option<Vec<String>> {
    let mut path = module.to_vec();
    let mut rest = segments;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            path.truncate(1);
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().map(String::as_str) == Some("super") {
        if path.len() < 2 {
            return None;
        }
        path.pop();
        rest = &rest[1..];
    }
    path.extend(rest.iter().cloned());
    Some(path)
}
