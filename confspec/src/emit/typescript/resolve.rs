//! Turns IR types into the view ([`Resolver`]): names, closed keys, the keys an untagged union's
//! member excludes, the tag a tagged variant requires, and the notes of what TypeScript cannot
//! check.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostics::Failure;
use crate::ir::{Field, IntegerWidth, NumberRules, Shape, Struct, TypeDef, TypeRef};

use super::bindings::Bindings;
use super::names::*;
use super::view::*;

/// The parts of an object type.
#[derive(Default)]
struct ObjectParts {
    members: Vec<MemberView>,
    groups: Vec<Vec<TsType>>,
    notes: Vec<NoteView>,
}

/// Turns IR types into the view's TypeScript types ([`TsType`]) and declarations: the names,
/// closed keys, exclusions and tags TypeScript needs (the filter `ts_type` spells them).
pub struct Resolver<'a> {
    bindings: &'a Bindings<'a>,
}

impl<'a> Resolver<'a> {
    /// A resolver of the types of `bindings`.
    pub fn new(bindings: &'a Bindings<'a>) -> Resolver<'a> {
        Resolver { bindings }
    }

    fn name_of(&self, name: &str) -> String {
        self.bindings.ts_name(name).unwrap_or(name).to_owned()
    }

    fn source_failure(&self, ty: &TypeDef, message: String) -> Failure {
        match &ty.source {
            Some(source) => Failure::content(Path::new(&source.file), source.line, 0, message),
            None => Failure::content(Path::new("schema"), 0, 0, message),
        }
    }

    /// The declaration of a named type.
    pub fn declaration(&self, ty: &TypeDef) -> Result<DeclarationView, Failure> {
        let name = self.name_of(&ty.name);
        let mut notes = Vec::new();
        if name != ty.name {
            notes.push(note(Note::Renamed {
                model_name: ty.name.clone(),
            }));
        }
        let mut view = DeclarationView {
            name,
            model_name: ty.name.clone(),
            doc: DocView::default(),
            kind: "alias",
            members: Vec::new(),
            groups: Vec::new(),
            variants: Vec::new(),
            target: TsType::Keyword { name: "never" },
        };
        match &ty.shape {
            Shape::Struct(s) => {
                let parts = self.object_parts(s, &|message| {
                    self.source_failure(ty, format!("type `{}`: {message}", ty.name))
                })?;
                notes.extend(parts.notes);
                view.kind = if parts.groups.is_empty() {
                    "interface"
                } else {
                    "object"
                };
                view.members = parts.members;
                view.groups = parts.groups;
            }
            Shape::Union(union) => {
                if !union.variants.is_empty() {
                    view.kind = "union";
                }
                let refs: Vec<&TypeRef> = union.variants.iter().map(|v| &v.ty).collect();
                for (i, variant) in union.variants.iter().enumerate() {
                    // A variant that is a named struct with the tag added: that struct's
                    // interface, the tag required beside it.
                    let member = variant
                        .member
                        .as_ref()
                        .filter(|m| self.bindings.ts_name(m).is_some())
                        .map(|m| TypeRef::Named { name: m.clone() });
                    let ty = match (&union.tag, &variant.tag_value) {
                        (Some(tag), Some(value)) => {
                            self.tagged_variant(member.as_ref().unwrap_or(&variant.ty), tag, value)?
                        }
                        _ => self.exclusive_variant(&refs, i)?,
                    };
                    let mut variant_notes = Vec::new();
                    collect_notes(&variant.ty, &mut Vec::new(), &mut variant_notes);
                    view.variants.push(VariantView {
                        ty,
                        doc: DocView::new(variant.description.as_deref(), variant_notes),
                    });
                }
            }
            Shape::Enum { values } => {
                view.target = literals(values);
            }
            Shape::Alias { target } => {
                collect_notes(target, &mut Vec::new(), &mut notes);
                view.target = self.type_ref(target)?;
            }
        }
        view.doc = DocView::new(ty.description.as_deref(), notes);
        Ok(view)
    }

    /// The members, exactly-one-of unions and notes of an object type; `fail` locates an
    /// inconsistency of the IR.
    fn object_parts(
        &self,
        s: &Struct,
        fail: &dyn Fn(String) -> Failure,
    ) -> Result<ObjectParts, Failure> {
        let mut parts = ObjectParts::default();
        for group in &s.exactly_one_of {
            if let Some(key) = group
                .iter()
                .find(|k| !s.fields.iter().any(|f| &f.name == *k))
            {
                return Err(fail(format!(
                    "exactly-one-of group names `{key}`, which is not a field"
                )));
            }
            parts.notes.push(note(Note::ExactlyOneOf {
                keys: group.clone(),
            }));
        }
        for field in &s.fields {
            parts.members.push(self.member(field)?);
        }
        if let Some(index) = self.index_signature(s)? {
            parts.members.push(index);
        }
        for group in &s.exactly_one_of {
            let mut arms = Vec::new();
            for chosen in group {
                let field = s
                    .fields
                    .iter()
                    .find(|f| &f.name == chosen)
                    .expect("checked above");
                let others = group
                    .iter()
                    .filter(|o| *o != chosen)
                    .map(|other| Other {
                        key: property_key(other),
                        nullable: s
                            .fields
                            .iter()
                            .any(|f| &f.name == other && f.ty.is_nullable()),
                    })
                    .collect();
                arms.push(TsType::Arm {
                    key: property_key(chosen),
                    ty: Arc::new(self.type_ref(field.ty.non_null())?),
                    others,
                });
            }
            parts.groups.push(arms);
        }
        Ok(parts)
    }

    fn member(&self, field: &Field) -> Result<MemberView, Failure> {
        let ty = self.type_ref(&field.ty)?;
        let mut notes = Vec::new();
        collect_notes(&field.ty, &mut Vec::new(), &mut notes);
        let doc = DocView {
            default: field
                .default
                .as_ref()
                .filter(|d| !d.is_null())
                .map(Value::to_string),
            deprecated: field.deprecated.is_some(),
            deprecation_note: field.deprecated.as_ref().and_then(|d| d.note.clone()),
            ..DocView::new(field.description.as_deref(), notes)
        };
        Ok(MemberView {
            optional: !field.required,
            readonly: field.read_only,
            ..MemberView::new(property_key(&field.name), ty, doc)
        })
    }

    /// The index signature an object needs: for extra keys of a known type, or for any extra
    /// key when unknown keys are accepted.
    fn index_signature(&self, s: &Struct) -> Result<Option<MemberView>, Failure> {
        let signature = |ty: TsType, what: Note| {
            MemberView::new(
                "[key: string]".to_owned(),
                ty,
                DocView::new(None, vec![note(what)]),
            )
        };
        if let Some(extra) = &s.extra {
            let extra_ty = self.type_ref(extra)?;
            if matches!(**extra, TypeRef::Any) || s.fields.is_empty() {
                return Ok(Some(signature(extra_ty, Note::OtherKeys)));
            }
            let mut alternatives: Vec<TsType> = vec![extra_ty.clone()];
            for field in &s.fields {
                let ty = self.type_ref(&field.ty)?;
                if !alternatives.contains(&ty) {
                    alternatives.push(ty);
                }
            }
            if s.fields.iter().any(|f| !f.required) {
                alternatives.push(TsType::Keyword { name: "undefined" });
            }
            return Ok(Some(signature(
                TsType::Either {
                    types: alternatives,
                },
                Note::OtherKeysTyped { ty: extra_ty },
            )));
        }
        if !s.deny_unknown {
            return Ok(Some(signature(
                TsType::Keyword { name: "unknown" },
                Note::IgnoredKeys,
            )));
        }
        if s.fields.is_empty() {
            return Ok(Some(signature(
                TsType::Keyword { name: "never" },
                Note::NoKeys,
            )));
        }
        Ok(None)
    }

    /// An inline object type.
    fn object(&self, s: &Struct) -> Result<TsType, Failure> {
        let ObjectParts {
            members, groups, ..
        } = self.object_parts(s, &|message| {
            Failure::content(
                Path::new("schema"),
                0,
                0,
                format!("inline object: {message}"),
            )
        })?;
        Ok(TsType::Object { members, groups })
    }

    /// A member of a tagged union: the variant with its tag required.
    fn tagged_variant(&self, ty: &TypeRef, tag: &str, value: &str) -> Result<TsType, Failure> {
        let literal = Value::String(value.to_owned());
        let already = self.bindings.struct_behind(ty).is_some_and(|s| {
            s.fields.iter().any(|f| {
                f.name == tag
                    && f.required
                    && f.ty
                        == TypeRef::Literal {
                            value: literal.clone(),
                        }
            })
        });
        let base = self.type_ref(ty)?;
        if already {
            return Ok(base);
        }
        Ok(TsType::Tagged {
            base: Arc::new(base),
            tag: property_key(tag),
            value: literal_type(&literal),
        })
    }

    /// A member of an untagged union: a closed object gets the other members' keys as `?: never`.
    fn exclusive_variant(&self, all: &[&TypeRef], i: usize) -> Result<TsType, Failure> {
        let ty = all[i];
        let base = self.type_ref(ty)?;
        let Some(own) = self
            .bindings
            .struct_behind(ty)
            .filter(|s| s.deny_unknown && s.extra.is_none())
        else {
            return Ok(base);
        };
        let mut foreign = BTreeSet::new();
        for (j, other) in all.iter().enumerate() {
            if j == i {
                continue;
            }
            if let Some(s) = self.bindings.struct_behind(other) {
                for field in &s.fields {
                    if !own.fields.iter().any(|f| f.name == field.name) {
                        foreign.insert(field.name.clone());
                    }
                }
            }
        }
        if foreign.is_empty() {
            return Ok(base);
        }
        Ok(TsType::Excluding {
            base: Arc::new(base),
            keys: foreign.iter().map(|k| property_key(k)).collect(),
        })
    }

    fn type_ref(&self, r: &TypeRef) -> Result<TsType, Failure> {
        let keyword = |name| TsType::Keyword { name };
        Ok(match r {
            TypeRef::Any => keyword("unknown"),
            TypeRef::Null => keyword("null"),
            TypeRef::Bool => keyword("boolean"),
            TypeRef::Integer(_) | TypeRef::Number(_) => keyword("number"),
            TypeRef::String(_) => keyword("string"),
            TypeRef::Literal { value } => literals(std::slice::from_ref(value)),
            TypeRef::Enum { values } => literals(values),
            TypeRef::Named { name } => TsType::Named {
                name: self.name_of(name),
            },
            TypeRef::List { item, .. } => TsType::Array {
                item: Arc::new(self.type_ref(item)?),
            },
            TypeRef::Tuple { items } => TsType::Tuple {
                items: items
                    .iter()
                    .map(|i| self.type_ref(i))
                    .collect::<Result<_, _>>()?,
            },
            TypeRef::Map { key, value } => TsType::Record {
                key: key
                    .as_deref()
                    .and_then(|k| self.closed_keys(k))
                    .map(Arc::new),
                value: Arc::new(self.type_ref(value)?),
            },
            TypeRef::Nullable { inner } => TsType::Nullable {
                inner: Arc::new(self.type_ref(inner)?),
            },
            TypeRef::Union { variants } => {
                let refs: Vec<&TypeRef> = variants.iter().collect();
                TsType::Union {
                    variants: (0..refs.len())
                        .map(|i| self.exclusive_variant(&refs, i))
                        .collect::<Result<_, _>>()?,
                }
            }
            TypeRef::Object { shape } => self.object(shape)?,
        })
    }

    /// The key type of a map whose keys come from a closed set of strings.
    fn closed_keys(&self, key: &TypeRef) -> Option<TsType> {
        match key {
            TypeRef::Literal {
                value: value @ Value::String(_),
            } => Some(literals(std::slice::from_ref(value))),
            TypeRef::Enum { values } => values
                .iter()
                .all(Value::is_string)
                .then(|| literals(values)),
            TypeRef::Named { name } => match &self.bindings.model().get(name)?.shape {
                Shape::Enum { values } if values.iter().all(Value::is_string) => {
                    Some(TsType::Named {
                        name: self.name_of(name),
                    })
                }
                Shape::Alias { target } => self.closed_keys(target).map(|_| TsType::Named {
                    name: self.name_of(name),
                }),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Literal values as a union of literal types, without duplicates.
fn literals(values: &[Value]) -> TsType {
    let mut seen = BTreeSet::new();
    TsType::Literals {
        values: values
            .iter()
            .map(literal_type)
            .filter(|t| seen.insert(t.clone()))
            .collect(),
    }
}

/// What TypeScript cannot say about a type, as notes for its doc comment; `at` is the path
/// to `r` from the type the comment is about.
fn collect_notes(r: &TypeRef, at: &mut Vec<Step>, notes: &mut Vec<NoteView>) {
    let mut push = |note: Note| {
        notes.push(NoteView {
            at: at.clone(),
            note,
        })
    };
    match r {
        TypeRef::Integer(rules) => {
            push(Note::Integer {
                bounds: Bounds::of(rules),
            });
            if !within_safe_integers(rules) {
                push(Note::UnsafeInteger);
            }
        }
        TypeRef::Number(rules) => {
            let bounds = Bounds::of(rules);
            if !bounds.is_empty() {
                push(Note::Number { bounds });
            }
        }
        TypeRef::String(rules)
            if rules.min_length.is_some()
                || rules.max_length.is_some()
                || rules.pattern.is_some()
                || rules.format.is_some() =>
        {
            push(Note::String {
                min_length: rules.min_length,
                max_length: rules.max_length,
                pattern: rules.pattern.clone(),
                format: rules.format.clone(),
            });
        }
        TypeRef::Nullable { inner } => collect_notes(inner, at, notes),
        TypeRef::List {
            item,
            min_items,
            max_items,
            unique,
        } => {
            if min_items.is_some() || max_items.is_some() || *unique {
                push(Note::List {
                    min_items: *min_items,
                    max_items: *max_items,
                    unique: *unique,
                });
            }
            within(at, Step::Item, |at| collect_notes(item, at, notes));
        }
        TypeRef::Tuple { items } => {
            for (i, item) in items.iter().enumerate() {
                within(at, Step::TupleItem { index: i + 1 }, |at| {
                    collect_notes(item, at, notes)
                });
            }
        }
        TypeRef::Map { key, value } => {
            if let Some(key) = key {
                within(at, Step::Keys, |at| collect_notes(key, at, notes));
            }
            within(at, Step::Value, |at| collect_notes(value, at, notes));
        }
        _ => {}
    }
}

/// Runs `f` with `step` added to the path `at`.
fn within(at: &mut Vec<Step>, step: Step, f: impl FnOnce(&mut Vec<Step>)) {
    at.push(step);
    f(at);
    at.pop();
}

/// Whether every value an integer type admits is exact as a JavaScript `number`: its bounds (or
/// its width's, from schemars' `format`) lie within ±(2^53 - 1).
fn within_safe_integers(rules: &NumberRules) -> bool {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    let width = rules.format.as_deref().and_then(IntegerWidth::from_format);
    let format_min = width.map(|w| w.min() as f64);
    let format_max = width.map(|w| w.max() as f64);
    let min = rules.minimum.or(rules.exclusive_minimum).or(format_min);
    let max = rules.maximum.or(rules.exclusive_maximum).or(format_max);
    min.is_some_and(|m| m >= -SAFE) && max.is_some_and(|m| m <= SAFE)
}
