//! The repairs of a document whose errors are being collected ([`crate::collect`]), and what
//! the deserializer reads a document with ([`Ctx`]). The tree is never changed: each repair is
//! kept by the address of the node or key it concerns, and the deserializer applies it as it
//! walks.

use std::collections::{HashMap, HashSet};

use crate::error::Shape;
use crate::node::{Key, Node, Segment, Value};
use crate::yaml11::Yaml11Guard;

/// What the deserializer reads a document with: the loader's YAML 1.1 guard and the repairs
/// made so far.
pub(crate) struct Ctx<'a> {
    pub(crate) yaml11: Option<&'a Yaml11Guard>,
    pub(crate) repairs: &'a Repairs,
}

/// The repairs of a document, by the address of the node or key each concerns (the tree is
/// never changed).
#[derive(Default)]
pub(crate) struct Repairs {
    stand_ins: HashMap<usize, Option<Shape>>,
    skipped: HashSet<usize>,
    added: HashMap<usize, Vec<Key>>,
    /// The keys left out because their value's type refused every stand-in.
    left_out: Vec<Vec<Segment>>,
    /// The path of every repaired node or key.
    places: Vec<Vec<Segment>>,
}

fn addr<T>(item: &T) -> usize {
    item as *const T as usize
}

impl Repairs {
    /// Whether anything is repaired.
    pub(crate) fn any(&self) -> bool {
        !self.places.is_empty()
    }

    /// The path of every repaired node or key.
    pub(crate) fn places(&self) -> &[Vec<Segment>] {
        &self.places
    }

    /// For a node replaced by a stand-in: what a reader asking for anything gets.
    pub(crate) fn stand_in(&self, node: &Node) -> Option<Option<Shape>> {
        if !self.any() {
            return None;
        }
        self.stand_ins.get(&addr(node)).copied()
    }

    /// Whether a mapping entry is left out.
    pub(crate) fn skips_key(&self, key: &Key) -> bool {
        self.any() && self.skipped.contains(&addr(key))
    }

    /// Whether a list item is left out.
    pub(crate) fn skips_item(&self, item: &Node) -> bool {
        self.any() && self.skipped.contains(&addr(item))
    }

    /// The keys added to a mapping, read as stand-ins.
    pub(crate) fn added(&self, map: &Node) -> &[Key] {
        if !self.any() {
            return &[];
        }
        self.added.get(&addr(map)).map_or(&[], Vec::as_slice)
    }

    /// Whether a node is not shown as the document has it (a stand-in, or left out).
    pub(crate) fn hidden(&self, node: &Node) -> bool {
        self.stand_ins.contains_key(&addr(node)) || self.skipped.contains(&addr(node))
    }

    /// Leaves out the entry whose value at `path` was replaced by a stand-in that its type
    /// refused too (a type that takes no plain value, such as a shorthand): an optional field
    /// then reads as absent. False when `path` is no stand-in under a key.
    pub(crate) fn leave_out_stand_in(&mut self, path: &[Segment], root: &Node) -> bool {
        let (Some(node), Some(key)) = (root.at(path), key_at(root, path)) else {
            return false;
        };
        if self.stand_ins.remove(&addr(node)).is_none() {
            return false;
        }
        self.skipped.insert(addr(key));
        self.left_out.push(path.to_vec());
        true
    }

    /// Whether the key `name` of the mapping at `map` was left out by
    /// [`Repairs::leave_out_stand_in`] (so that its absence is the repair's doing).
    pub(crate) fn left_out(&self, map: &[Segment], name: &str) -> bool {
        self.left_out.iter().any(|path| {
            path.split_last().is_some_and(|(last, parent)| {
                parent == map && *last == Segment::Key(name.to_owned())
            })
        })
    }

    /// Applies `repair`; false when it was made already (no progress: the collection stops).
    pub(crate) fn apply(&mut self, repair: Repair, root: &Node) -> bool {
        let (place, new) = match repair {
            Repair::StandIn(path, shape) => {
                let Some(node) = root.at(&path) else {
                    return false;
                };
                (path, self.stand_ins.insert(addr(node), shape).is_none())
            }
            Repair::SkipItem(path) => {
                let Some(node) = root.at(&path) else {
                    return false;
                };
                (path, self.skipped.insert(addr(node)))
            }
            Repair::SkipKey(path) => {
                let Some(key) = key_at(root, &path) else {
                    return false;
                };
                (path, self.skipped.insert(addr(key)))
            }
            Repair::AddKey(path, name) => {
                let Some(map) = root.at(&path) else {
                    return false;
                };
                let added = self.added.entry(addr(map)).or_default();
                if added.iter().any(|k| k.name == name) {
                    return false;
                }
                added.push(Key {
                    name: name.clone(),
                    pos: map.pos,
                    non_string: None,
                    yaml11: None,
                });
                let mut place = path;
                place.push(Segment::Key(name));
                (place, true)
            }
        };
        if new {
            self.places.push(place);
        }
        new
    }
}

/// The mapping key at `path` (its last segment names it).
fn key_at<'a>(root: &'a Node, path: &[Segment]) -> Option<&'a Key> {
    let (Segment::Key(name), parent) = path.split_last()? else {
        return None;
    };
    match &root.at(parent)?.value {
        Value::Map(entries) => entries.iter().map(|(k, _)| k).find(|k| &k.name == name),
        _ => None,
    }
}

/// A repair, by the path of what it concerns.
pub(crate) enum Repair {
    StandIn(Vec<Segment>, Option<Shape>),
    SkipItem(Vec<Segment>),
    SkipKey(Vec<Segment>),
    AddKey(Vec<Segment>, String),
}
