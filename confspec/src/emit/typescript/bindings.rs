//! The types a package declares ([`Bindings`]): the closure of its roots in output order, with
//! the TypeScript name of each.

use crate::hash::{HashMap, HashSet};
use crate::ir::{Model, Shape, Struct, TypeDef, TypeRef};

use super::names::{RESERVED, is_identifier, sanitize_type_name};

/// The types a package declares and the names they have in TypeScript.
pub struct Bindings<'a> {
    model: &'a Model,
    /// The root types (model names).
    pub roots: Vec<String>,
    order: Vec<&'a TypeDef>,
    names: HashMap<String, String>,
}

impl<'a> Bindings<'a> {
    /// The closure of `roots` (every type when empty), in [`Model::closure`]'s order. Fails
    /// with the name of a root that is not in the model.
    pub fn new(model: &'a Model, roots: &[String]) -> Result<Bindings<'a>, String> {
        let order = model.closure(roots)?;
        Ok(Bindings::from_types(model, roots, order))
    }

    /// The bindings of `order` (the closure of `roots`, in output order).
    pub fn from_types(model: &'a Model, roots: &[String], order: Vec<&'a TypeDef>) -> Self {
        // Usable names are kept; the others are made usable without taking a kept name.
        let usable = |name: &str| is_identifier(name) && !RESERVED.contains(&name);
        let mut names = HashMap::default();
        let mut taken: HashSet<String> = HashSet::default();
        for ty in order.iter().filter(|t| usable(&t.name)) {
            names.insert(ty.name.clone(), ty.name.clone());
            taken.insert(ty.name.clone());
        }
        for ty in order.iter().filter(|t| !usable(&t.name)) {
            let base = sanitize_type_name(&ty.name);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) || RESERVED.contains(&candidate.as_str()) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            names.insert(ty.name.clone(), candidate);
        }
        Bindings {
            model,
            roots: roots.to_vec(),
            order,
            names,
        }
    }

    /// The declared types, in output order.
    pub fn types(&self) -> impl Iterator<Item = &'a TypeDef> + '_ {
        self.order.iter().copied()
    }

    /// The TypeScript name of the model type `name`, when the package declares it.
    pub fn ts_name(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// The model.
    pub fn model(&self) -> &'a Model {
        self.model
    }

    /// The struct a reference denotes (through names and aliases), when it is one.
    pub fn struct_behind(&self, r: &'a TypeRef) -> Option<&'a Struct> {
        let mut current = r;
        for _ in 0..64 {
            match current {
                TypeRef::Object { shape } => return Some(shape),
                TypeRef::Named { name } => match &self.model.get(name)?.shape {
                    Shape::Struct(s) => return Some(s),
                    Shape::Alias { target } => current = target,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }
}
