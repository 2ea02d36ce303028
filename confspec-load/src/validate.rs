//! Cross-field rules that serde cannot express, checked after deserialisation by the
//! `*_validated` entry points ([`crate::from_str_validated`], [`crate::Loader`]) on a document
//! that deserialises.

pub use crate::node::Segment;

/// A broken rule, at the YAML path of the value that breaks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path of the offending mapping or key.
    pub path: Vec<Segment>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// A model value whose cross-field rules can be checked. A type without rules needs no
/// implementation to load ([`crate::from_str`]); one whose fields' types have rules implements
/// it to check them (with [`field`] for each such field), and [`no_rules!`](crate::no_rules)
/// says a type has none where a `Validate` type holds it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no cross-field rules (`Validate` is not implemented for it)",
    label = "this loader checks the cross-field rules of the type it loads",
    note = "load it with `from_str` (or `Loader::from_str`), which needs no `Validate`",
    note = "or give it rules: implement `Validate` for `{Self}` (the `no_rules!({Self})` macro for a type without any)"
)]
pub trait Validate {
    /// Appends every broken rule under `path` to `out`.
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>);
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            path.push(Segment::Index(index));
            item.validate(path, out);
            path.pop();
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate(path, out);
        }
    }
}

/// Validates `value` under the key `key` of the current path.
pub fn field<T: Validate>(value: &T, key: &str, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
    path.push(Segment::Key(key.to_owned()));
    value.validate(path, out);
    path.pop();
}

/// Implements [`Validate`] for types that have no cross-field rules of their own and no
/// children that do.
#[macro_export]
macro_rules! no_rules {
    ($($ty:ty),+ $(,)?) => {
        $(impl $crate::validate::Validate for $ty {
            fn validate(&self, _: &mut Vec<$crate::Segment>, _: &mut Vec<$crate::validate::Violation>) {}
        })+
    };
}
