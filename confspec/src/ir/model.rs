//! The whole model: its types in a stable order, built from schemars' definitions
//! ([`Model::from_definitions`]), looked up by name, and completed with what schemars drops
//! (doc comment places, deprecation notes).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::read::{Reader, deprecated, variant_name};
use super::text::description;
use super::types::*;
use super::visit::visit_shape;

/// A whole model: named types in a stable order.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// The named types, in registration order.
    pub types: Vec<TypeDef>,
    /// Schema names that schemars made unique by appending a number ([`check_names`]); every
    /// output uses them as they are, and the job warns about each.
    #[serde(skip)]
    pub suffixed: Vec<NameProblem>,
    #[serde(skip)]
    index: crate::hash::HashMap<String, usize>,
}

impl Model {
    /// Builds the model from named definitions (name → draft-07 schema, `$ref`s of the form
    /// `#/definitions/Name`), in the given order. `sources` gives declaration sites by name.
    pub fn from_definitions(
        definitions: &[(String, Value)],
        sources: &HashMap<String, Source>,
    ) -> Result<Model, IrError> {
        let mut types = Vec::with_capacity(definitions.len());
        for (name, schema) in definitions {
            let reader = Reader { type_name: name };
            let shape = reader.shape(schema)?;
            types.push(TypeDef {
                name: name.clone(),
                description: description(schema),
                shape,
                source: sources.get(name).cloned(),
                doc: None,
                deprecated: deprecated(schema),
                schema: schema.clone(),
            });
        }
        let index = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let mut model = Model {
            types,
            suffixed: Vec::new(),
            index,
        };
        model.complete_members();
        model.find_tags();
        model.find_members();
        model.check_refs()?;
        Ok(model)
    }

    /// Joins the notes of the model's `#[deprecated]` attributes to what schemars marked
    /// deprecated (a note for something schemars did not mark is ignored: serde skips it, or
    /// it is not part of this model).
    pub fn add_deprecation_notes(&mut self, notes: &[DeprecationNote<'_>]) {
        for note in notes {
            let Some(&index) = self.index.get(note.type_name) else {
                continue;
            };
            let ty = &mut self.types[index];
            let text = note.note.map(str::to_owned);
            let target = match (note.member, &mut ty.shape) {
                (NoteMember::Type, _) => ty.deprecated.as_mut(),
                (NoteMember::Field(key), Shape::Struct(s)) => s
                    .fields
                    .iter_mut()
                    .find(|f| f.name == key)
                    .and_then(|f| f.deprecated.as_mut()),
                (NoteMember::Field(key), Shape::Union(u)) => {
                    // A field of a struct variant, written inline in the union.
                    for variant in &mut u.variants {
                        if let TypeRef::Object { shape } = &mut variant.ty
                            && let Some(field) = shape.fields.iter_mut().find(|f| f.name == key)
                            && let Some(d) = field.deprecated.as_mut()
                        {
                            d.note = text.clone();
                        }
                    }
                    None
                }
                (NoteMember::Variant(name), Shape::Union(u)) => u
                    .variants
                    .iter_mut()
                    .find(|v| variant_name(v) == Some(name))
                    .and_then(|v| v.deprecated.as_mut()),
                _ => None,
            };
            if let Some(deprecation) = target {
                deprecation.note = text;
            }
        }
    }

    /// Joins where each doc comment of the model's sources is written to the type or field it
    /// documents (of a struct, or of a struct variant written inline in a union), and where
    /// each field is declared.
    pub fn add_doc_comments(&mut self, docs: &[DocComment<'_>]) {
        for doc in docs {
            let Some(&index) = self.index.get(doc.type_name) else {
                continue;
            };
            let source = (!doc.lines.is_empty()).then(|| DocSource {
                file: doc.file.to_owned(),
                lines: doc
                    .lines
                    .iter()
                    .map(|(line, text)| (*line, (*text).to_owned()))
                    .collect(),
            });
            let place = Place {
                file: doc.file.to_owned(),
                line: doc.line,
            };
            let set = |field: &mut Field| {
                field.doc.clone_from(&source);
                field.place = Some(place.clone());
            };
            let ty = &mut self.types[index];
            match (doc.member, &mut ty.shape) {
                (NoteMember::Type, _) => ty.doc = source,
                (NoteMember::Field(key), Shape::Struct(s)) => {
                    if let Some(field) = s.fields.iter_mut().find(|f| f.name == key) {
                        set(field);
                    }
                }
                (NoteMember::Field(key), Shape::Union(u)) => {
                    for variant in &mut u.variants {
                        if let TypeRef::Object { shape } = &mut variant.ty
                            && variant.member.is_none()
                            && let Some(field) = shape.fields.iter_mut().find(|f| f.name == key)
                        {
                            set(field);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Gives the type or fields `doc` documents the text `lines` in its place (the model's
    /// sources edited since the binary was built, in doc comments only: `crate::fresh_docs`).
    /// A place takes it when its doc comment is `doc` and its description is what schemars made
    /// of `doc` (`description`, the IR's reading of the old text); it then gets `replacement`.
    /// Returns how many places took it.
    pub fn replace_doc_comment(
        &mut self,
        doc: &DocComment<'_>,
        description: Option<&str>,
        lines: Vec<(usize, String)>,
        replacement: Option<String>,
    ) -> usize {
        let Some(&index) = self.index.get(doc.type_name) else {
            return 0;
        };
        let old = DocSource {
            file: doc.file.to_owned(),
            lines: doc
                .lines
                .iter()
                .map(|(line, text)| (*line, (*text).to_owned()))
                .collect(),
        };
        let new = DocSource {
            file: doc.file.to_owned(),
            lines,
        };
        let takes = |place_doc: &Option<DocSource>, place_description: &Option<String>| {
            place_doc.as_ref() == Some(&old) && place_description.as_deref() == description
        };
        let mut taken = 0;
        let ty = &mut self.types[index];
        match (doc.member, &mut ty.shape) {
            (NoteMember::Type, _) if takes(&ty.doc, &ty.description) => {
                ty.doc = Some(new.clone());
                ty.description = replacement.clone();
                taken += 1;
            }
            (NoteMember::Field(key), Shape::Struct(s)) => {
                for field in s.fields.iter_mut().filter(|f| f.name == key) {
                    if takes(&field.doc, &field.description) {
                        field.doc = Some(new.clone());
                        field.description = replacement.clone();
                        taken += 1;
                    }
                }
            }
            (NoteMember::Field(key), Shape::Union(u)) => {
                for variant in &mut u.variants {
                    if let TypeRef::Object { shape } = &mut variant.ty {
                        for field in shape.fields.iter_mut().filter(|f| f.name == key) {
                            if takes(&field.doc, &field.description) {
                                field.doc = Some(new.clone());
                                field.description = replacement.clone();
                                taken += 1;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        taken
    }

    /// The type named `name`.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|&i| &self.types[i])
    }

    /// The closure of `roots`: the roots and every type they use (a union's member structs
    /// among them), each once (every type, in model order, when `roots` is empty). The one order of every package output: the roots
    /// first, each used type right after the first type that uses it (depth first, in field
    /// order), so a reader meets a type's parts under it. Fails with the first root that is
    /// not a model type.
    pub fn closure<'m>(&'m self, roots: &[String]) -> Result<Vec<&'m TypeDef>, String> {
        if roots.is_empty() {
            return Ok(self.types.iter().collect());
        }
        let mut seen: crate::hash::HashSet<&str> = crate::hash::HashSet::default();
        let mut out: Vec<&TypeDef> = Vec::new();
        let uses = |def: &'m TypeDef| {
            let mut used = Vec::new();
            visit_shape(&def.shape, &mut |r| {
                if let TypeRef::Named { name } = r
                    && let Some(next) = self.get(name)
                {
                    used.push(next);
                }
            });
            // A union's member structs (each variant that is one, the tag added): the packages
            // declare them once, for the union.
            if let Shape::Union(union) = &def.shape {
                used.extend(
                    union
                        .variants
                        .iter()
                        .filter_map(|v| v.member.as_deref().and_then(|m| self.get(m))),
                );
            }
            used
        };
        let mut root_defs = Vec::with_capacity(roots.len());
        for root in roots {
            match self.get(root) {
                Some(def) => root_defs.push(def),
                None => return Err(root.clone()),
            }
        }
        // Each type, then (depth first, in field order) the types it uses.
        let mut stack: Vec<&TypeDef> = root_defs.into_iter().rev().collect();
        while let Some(def) = stack.pop() {
            if !seen.insert(def.name.as_str()) {
                continue;
            }
            out.push(def);
            stack.extend(uses(def).into_iter().rev());
        }
        Ok(out)
    }

    /// Every name, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.types.iter().map(|t| t.name.as_str())
    }

    /// The struct shape of a named type, when it is a struct.
    pub fn struct_of(&self, name: &str) -> Option<&Struct> {
        match &self.get(name)?.shape {
            Shape::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// Marks unions whose variants are all structs with a distinct literal under one common key.
    fn find_tags(&mut self) {
        let mut updates = Vec::new();
        for (i, ty) in self.types.iter().enumerate() {
            let Shape::Union(union) = &ty.shape else {
                continue;
            };
            if let Some((tag, values)) = self.common_tag(&union.variants) {
                updates.push((i, tag, values));
            }
        }
        for (i, tag, values) in updates {
            if let Shape::Union(union) = &mut self.types[i].shape {
                union.tag = Some(tag);
                for (variant, value) in union.variants.iter_mut().zip(values) {
                    variant.tag_value = Some(value);
                }
            }
        }
    }

    /// Gives each object variant that extends a named struct (its `member`, as the reader
    /// found it) the struct's fields, after its own (the tag): what serde reads for it.
    fn complete_members(&mut self) {
        let mut updates = Vec::new();
        for (i, ty) in self.types.iter().enumerate() {
            let Shape::Union(union) = &ty.shape else {
                continue;
            };
            for (j, variant) in union.variants.iter().enumerate() {
                if let (Some(member), TypeRef::Object { .. }) = (&variant.member, &variant.ty) {
                    let extended = self.struct_of(member).cloned();
                    updates.push((i, j, extended));
                }
            }
        }
        for (i, j, extended) in updates {
            let Shape::Union(union) = &mut self.types[i].shape else {
                continue;
            };
            let variant = &mut union.variants[j];
            let (Some(extended), TypeRef::Object { shape }) = (extended, &mut variant.ty) else {
                // Not a struct: the variant stays the object it is, of no member.
                variant.member = None;
                continue;
            };
            for field in extended.fields {
                if !shape.fields.iter().any(|f| f.name == field.name) {
                    shape.fields.push(field);
                }
            }
            shape.deny_unknown = extended.deny_unknown;
            shape.extra = extended.extra;
            shape.exactly_one_of = extended.exactly_one_of;
            shape.given_when_non_empty = extended.given_when_non_empty;
        }
    }

    /// Finds the named struct each object variant of a tagged union is, when it is one: the
    /// variant without its tag is that struct, field for field, and no other (a newtype variant
    /// of an internally tagged enum, which schemars writes inline when the struct refuses
    /// unknown keys). A variant that has no doc comment of its own carries the struct's, so a
    /// documented struct is not a variant without one.
    fn find_members(&mut self) {
        let mut updates = Vec::new();
        for (i, ty) in self.types.iter().enumerate() {
            let Shape::Union(Union {
                tag: Some(tag),
                variants,
            }) = &ty.shape
            else {
                continue;
            };
            for (j, variant) in variants.iter().enumerate() {
                let TypeRef::Object { shape } = &variant.ty else {
                    continue;
                };
                if variant.member.is_some() {
                    continue;
                }
                let mut untagged = (**shape).clone();
                untagged.fields.retain(|f| f.name != *tag);
                if untagged.fields.is_empty() {
                    continue;
                }
                let mut candidates = self.types.iter().filter(|candidate| {
                    matches!(&candidate.shape, Shape::Struct(s) if *s == untagged)
                        && (variant.description.is_some() || candidate.description.is_none())
                });
                if let (Some(only), None) = (candidates.next(), candidates.next()) {
                    updates.push((i, j, only.name.clone()));
                }
            }
        }
        for (i, j, name) in updates {
            if let Shape::Union(union) = &mut self.types[i].shape {
                union.variants[j].member = Some(name);
            }
        }
    }

    fn common_tag(&self, variants: &[Variant]) -> Option<(String, Vec<String>)> {
        let literals_of = |variant: &Variant| -> Option<BTreeMap<String, String>> {
            let fields = match &variant.ty {
                TypeRef::Named { name } => &self.struct_of(name)?.fields,
                TypeRef::Object { shape } => &shape.fields,
                _ => return None,
            };
            Some(
                fields
                    .iter()
                    .filter_map(|f| match &f.ty {
                        TypeRef::Literal {
                            value: Value::String(s),
                        } => Some((f.name.clone(), s.clone())),
                        _ => None,
                    })
                    .collect(),
            )
        };
        let all: Vec<BTreeMap<String, String>> =
            variants.iter().map(literals_of).collect::<Option<_>>()?;
        let first = all.first()?;
        'candidates: for key in first.keys() {
            let mut values = Vec::new();
            for literals in &all {
                match literals.get(key) {
                    Some(v) if !values.contains(v) => values.push(v.clone()),
                    _ => continue 'candidates,
                }
            }
            return Some((key.clone(), values));
        }
        None
    }

    fn check_refs(&self) -> Result<(), IrError> {
        for ty in &self.types {
            let mut missing = None;
            visit_shape(&ty.shape, &mut |r| {
                if let TypeRef::Named { name } = r
                    && missing.is_none()
                    && !self.index.contains_key(name)
                {
                    missing = Some(name.clone());
                }
            });
            if let Some(name) = missing {
                return Err(IrError {
                    type_name: ty.name.clone(),
                    pointer: String::new(),
                    message: format!("refers to `{name}`, which has no definition"),
                });
            }
        }
        Ok(())
    }
}
