//! Unique ids for the root headings and items of a page: what each wants ([`Wanted`]: its own
//! id, then one qualified by its section) and the one assigner that serves every wish in page
//! order ([`IdAssigner`]).

use crate::hash::{HashMap, HashSet};
use crate::ir::TypeRef;

pub(super) fn qualified(section: &str, name: &str) -> Option<String> {
    (!section.is_empty()).then(|| format!("{section}-{name}"))
}

/// The named type a field is about: through nullability, lists and map values.
pub(super) fn principal(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named { name } => Some(name),
        TypeRef::Nullable { inner } => principal(inner),
        TypeRef::List { item, .. } => principal(item),
        TypeRef::Map { value, .. } => principal(value),
        _ => None,
    }
}

pub(super) fn collect_named(ty: &TypeRef, out: &mut Vec<String>) {
    crate::ir::visit_ref(ty, &mut |r| {
        if let TypeRef::Named { name } = r {
            out.push(name.clone());
        }
    });
}

/// What one root heading or item wants as its id.
pub(super) struct Wanted {
    pub(super) plan: usize,
    pub(super) item: Option<usize>,
    pub(super) own: String,
    pub(super) qualified: Option<String>,
}

impl Wanted {
    pub(super) fn new(
        plan: usize,
        item: Option<usize>,
        own: String,
        qualified: Option<String>,
    ) -> Self {
        let qualified = qualified.filter(|q| *q != own);
        Wanted {
            plan,
            item,
            own,
            qualified,
        }
    }
}

/// Hands out unique ids.
pub(super) struct IdAssigner {
    pub(super) taken: HashSet<String>,
    /// For each base, the last suffix handed out: the numbers below it are all taken (ids are
    /// never given back), so the next search starts there. Without it, n wishes for one base
    /// cost n²/2 lookups (10,000 directives of one type on a page took minutes).
    pub(super) next_suffix: HashMap<String, usize>,
}

impl IdAssigner {
    pub(super) fn new(taken: &HashSet<String>) -> Self {
        IdAssigner {
            taken: taken.clone(),
            next_suffix: HashMap::default(),
        }
    }

    /// One id per wish: its own id when no one else has or wants it, else its qualified id on
    /// the same terms, else the first free of `<qualified or own>-2`, `-3`... in order.
    pub(super) fn assign(&mut self, wanted: &[Wanted]) -> Vec<String> {
        let mut result: Vec<Option<String>> = vec![None; wanted.len()];
        let mut count: HashMap<&str, usize> = HashMap::default();
        for w in wanted {
            *count.entry(w.own.as_str()).or_default() += 1;
        }
        for (slot, w) in result.iter_mut().zip(wanted) {
            if count[w.own.as_str()] == 1 && !self.taken.contains(&w.own) {
                self.taken.insert(w.own.clone());
                *slot = Some(w.own.clone());
            }
        }
        let mut count: HashMap<&str, usize> = HashMap::default();
        for (slot, w) in result.iter().zip(wanted) {
            if let (None, Some(q)) = (slot, &w.qualified) {
                *count.entry(q.as_str()).or_default() += 1;
            }
        }
        for (slot, w) in result.iter_mut().zip(wanted) {
            if slot.is_some() {
                continue;
            }
            if let Some(q) = &w.qualified
                && count[q.as_str()] == 1
                && !self.taken.contains(q)
            {
                self.taken.insert(q.clone());
                *slot = Some(q.clone());
            }
        }
        for (slot, w) in result.iter_mut().zip(wanted) {
            if slot.is_some() {
                continue;
            }
            let base = w.qualified.as_ref().unwrap_or(&w.own);
            let id = if self.taken.contains(base) {
                let from = self.next_suffix.get(base.as_str()).map_or(2, |n| n + 1);
                let (n, id) = (from..)
                    .map(|n| (n, format!("{base}-{n}")))
                    .find(|(_, id)| !self.taken.contains(id))
                    .expect("an unbounded range has a free id");
                self.next_suffix.insert(base.clone(), n);
                id
            } else {
                base.clone()
            };
            self.taken.insert(id.clone());
            *slot = Some(id);
        }
        result
            .into_iter()
            .map(|id| id.expect("every wish is served"))
            .collect()
    }
}

// ---- Template views ----------------------------------------------------------------------
