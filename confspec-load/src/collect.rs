//! Every error of a document, each at the key or value it is about.
//!
//! # What serde allows
//!
//! serde's generated code stops at the first error: a struct's visitor returns the error of the
//! first unknown key, wrong value or missing key it meets, and the struct holding it, and so on
//! up to the document, fail with it. A deserializer cannot make a visitor go on: a visitor that
//! got an error from a value has consumed the seed that reads that value, and has nothing to
//! hand back in its place; a struct that misses a key says which one only once the mapping is
//! read, and only the first. What a deserializer *can* choose is what it shows a visitor before
//! the visitor sees it: it may leave a key or a list item out, add a key, and hand over another
//! value than the document's.
//!
//! # Repair and read again
//!
//! So the loader reads the document, and at the error that stops it:
//!
//! 1. records the error, at the node that raised it;
//! 2. repairs the document so that this error cannot happen again: an unknown key is left out
//!    (with every other key of the same mapping that the struct does not know, found at once
//!    from the struct's own list of keys); a list item that failed is left out; a missing key is
//!    added; any other wrong value is replaced by a *stand-in* ([`crate::stand_in`]), the
//!    plainest value of whatever type reads it (`""`, `0`, `false`, an empty list, no value for
//!    an `Option`, a struct of stand-ins); a union whose tag is wrong is replaced whole, since
//!    which keys it takes is unknown; a value under a key whose type refuses its stand-in too
//!    (a shorthand takes no plain value) has its key left out instead, so that an optional
//!    field reads as absent (a required one's missing key, caused by the repair, ends the
//!    collection);
//! 3. reads the repaired document again, from the start, with the same types.
//!
//! until a reading goes through or [`crate::Loader::max_errors`] errors are recorded. The
//! repairs are not edits of the tree: they are kept beside it, by the address of the node or
//! key they concern, and the deserializer applies them as it walks ([`crate::deserializer`]).
//! A document without errors is read once, as before.
//!
//! Every error reported is one that serde raised on the model's own types, at the node that
//! raised it: nothing is guessed from the types or from the JSON Schema. A repair changes only
//! the node it concerns, so an error elsewhere in a later reading is an error of the document
//! itself; the reading reaches it because the earlier ones no longer stop it. What a repair
//! could have caused is never reported, and ends the collection instead: an error raised while
//! a stand-in is read (a type refusing `""`), one at or under a repaired node, and one at a
//! mapping or list holding a repaired node (a type's own check on its content, which may have
//! seen the stand-in), unless it is an unknown or missing key of that mapping, which no repair
//! of a value can cause.
//!
//! # Values read through a copy
//!
//! serde's `#[serde(tag = "type")]`, `untagged` and `flatten` read a mapping into a buffer of
//! their own before the type it holds reads it, and an error then comes from the buffer: the
//! loader sees it at the mapping (a union's `- type:` line). Such an error is placed at the
//! value it is about when serde's message identifies it: strings and keys are handed to serde
//! borrowed from the tree, so the text an error names (an unknown key, a wrong string) is the
//! document's own, found by its address; a number, boolean or null is found when it is the only
//! one of its value in the mapping; a missing key, at the one mapping in it that lacks the key.
//! An error that identifies nothing stays at the mapping. The crate's own unions
//! ([`crate::tagged_union!`]) read their variant in place and need none of this.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::deserializer::read;
use crate::error::{DeError, ErrorKind, LoadError, Shape, Subject, unknown_key};
use crate::node::{Key, Node, Pos, Segment, Value};
use crate::path::PathLink;
use crate::repairs::{Ctx, Repair, Repairs};
use crate::yaml11::Yaml11Guard;

/// Deserialises a value of a type from `root`, collecting every error of the document (at most
/// `max_errors`), in document order; `yaml11` is the loader's YAML 1.1 guard.
pub(crate) fn deserialize<T: DeserializeOwned>(
    root: &Node,
    yaml11: Option<&Yaml11Guard>,
    max_errors: usize,
) -> Result<T, Vec<LoadError>> {
    // Only the reading is generic: the repairs loop is compiled once, not once per type.
    let mut value = None;
    collect(root, yaml11, max_errors, &mut |ctx| {
        value = Some(read(
            PhantomData::<T>,
            root,
            &PathLink::Root,
            root.pos,
            ctx,
        )?);
        Ok(())
    })?;
    Ok(value.expect("a reading without errors gives a value"))
}

/// Reads `root` with `read` (which keeps the value it reads) until a reading goes through
/// without an error (`Ok`) or every error is collected (`Err`, in document order).
fn collect(
    root: &Node,
    yaml11: Option<&Yaml11Guard>,
    max_errors: usize,
    read: &mut dyn FnMut(&Ctx<'_>) -> Result<(), DeError>,
) -> Result<(), Vec<LoadError>> {
    let mut repairs = Repairs::default();
    let mut errors: Vec<LoadError> = Vec::new();
    loop {
        let result = read(&Ctx {
            yaml11,
            repairs: &repairs,
        });
        let err = match result {
            Ok(()) if errors.is_empty() => return Ok(()),
            Ok(()) => break,
            Err(err) => err,
        };
        // A type that refuses its stand-in too (a shorthand takes no plain value) is read
        // again with its key left out, which an optional field takes as absent.
        if err.from_stand_in
            && let Some((path, _)) = err.location()
            && repairs.leave_out_stand_in(&path.clone(), root)
        {
            continue;
        }
        let Some((found, repairs_made)) = settle(err, root, &repairs, errors.is_empty()) else {
            break;
        };
        errors.extend(found);
        let mut progress = false;
        for repair in repairs_made {
            progress |= repairs.apply(repair, root);
        }
        if errors.len() >= max_errors || !progress {
            break;
        }
    }
    errors.sort_by_key(|e| e.pos);
    errors.truncate(max_errors);
    Err(errors)
}

fn is_prefix(prefix: &[Segment], path: &[Segment]) -> bool {
    path.starts_with(prefix)
}

/// Whether the node at `path` is repaired or holds a repaired node.
fn holds_repair(repairs: &Repairs, path: &[Segment]) -> bool {
    repairs.places().iter().any(|place| is_prefix(path, place))
}

/// The errors to record for `err` and the repairs that get past them; `None` when `err` may
/// come from a repair (never for the first error of a document).
fn settle(
    err: DeError,
    root: &Node,
    repairs: &Repairs,
    first: bool,
) -> Option<(Vec<LoadError>, Vec<Repair>)> {
    let (mut path, mut pos) = err
        .location()
        .cloned()
        .unwrap_or_else(|| (Vec::new(), root.pos));
    let under_repair =
        |path: &[Segment]| repairs.places().iter().any(|place| is_prefix(place, path));
    if !first && (err.from_stand_in || under_repair(&path)) {
        return None;
    }
    let mut about_key = err.at_key;
    if let Some(node) = root.at(&path)
        && matches!(node.value, Value::Map(_) | Value::Seq(_))
        && let Some(found) = relocate(node, &err.subject, repairs, holds_repair(repairs, &path))
    {
        path.extend(found.path);
        pos = found.pos;
        about_key = found.key;
    }
    let kind = err.kind();
    if let Subject::Missing(name) = &err.subject
        && repairs.left_out(&path, name)
    {
        return None;
    }
    if !first {
        let own_keys = matches!(kind, ErrorKind::UnknownKey | ErrorKind::MissingKey);
        if under_repair(&path) || (holds_repair(repairs, &path) && !own_keys) {
            return None;
        }
    }
    let mut found = Vec::new();
    let mut repairs_made = Vec::new();
    if let Some(union) = err.union.clone() {
        repairs_made.push(skip_or_stand_in(union, None));
    } else if about_key {
        if kind == ErrorKind::UnknownKey && err.at_key {
            for (at, other) in other_unknown_keys(root, &path, &err.expected, repairs) {
                repairs_made.push(Repair::SkipKey(at));
                found.push(other);
            }
        }
        repairs_made.push(Repair::SkipKey(path.clone()));
    } else if let (ErrorKind::MissingKey, Subject::Missing(name)) = (kind, &err.subject)
        && matches!(root.at(&path).map(|n| &n.value), Some(Value::Map(_)))
    {
        repairs_made.push(Repair::AddKey(path.clone(), name.clone()));
    } else {
        repairs_made.push(skip_or_stand_in(path.clone(), err.shape));
    }
    found.insert(0, err.into_load_error(&path, pos));
    Some((found, repairs_made))
}

/// A list item is left out; anything else is replaced by a stand-in.
fn skip_or_stand_in(path: Vec<Segment>, shape: Option<Shape>) -> Repair {
    match path.last() {
        Some(Segment::Index(_)) => Repair::SkipItem(path),
        _ => Repair::StandIn(path, shape),
    }
}

/// The other keys of the mapping holding the unknown key at `path` that the struct reading it
/// does not know either (`expected` is its list of keys), each with its path and its error.
fn other_unknown_keys(
    root: &Node,
    path: &[Segment],
    expected: &[String],
    repairs: &Repairs,
) -> Vec<(Vec<Segment>, LoadError)> {
    let Some((Segment::Key(name), parent)) = path.split_last() else {
        return Vec::new();
    };
    let Some(Value::Map(entries)) = root.at(parent).map(|n| &n.value) else {
        return Vec::new();
    };
    entries
        .iter()
        .map(|(key, _)| key)
        .filter(|key| &key.name != name && !expected.contains(&key.name) && !repairs.skips_key(key))
        .map(|key| {
            let mut at = parent.to_vec();
            at.push(Segment::Key(key.name.clone()));
            let error = unknown_key(&key.name, expected).into_load_error(&at, key.pos);
            (at, error)
        })
        .collect()
}

/// Where, under a mapping or list an error was raised at, the value it is about stands.
struct Found {
    /// The path from the mapping or list.
    path: Vec<Segment>,
    pos: Pos,
    /// The error is about a key (the path ends with it).
    key: bool,
}

/// Finds what `subject` names under `node`: the string or key at its address, or else the one
/// node of its value; for a missing key, the one mapping that lacks it (none when `node` itself
/// does). Repaired nodes are not searched; and when `node` holds one (`repaired`), a value is
/// found by its address only: a stand-in's `0` or `""` is no node's.
fn relocate(node: &Node, subject: &Subject, repairs: &Repairs, repaired: bool) -> Option<Found> {
    if let Subject::Missing(name) = subject
        && lacks(node, name, repairs)
    {
        return None;
    }
    if let Subject::Text { addr, len, .. } = subject
        && *len > 0
    {
        let by_address = |n: &Node, k: Option<&Key>| match (k, &n.value) {
            (Some(key), _) => key.name.as_ptr() as usize == *addr && key.name.len() == *len,
            (None, Value::Str(s)) => s.as_ptr() as usize == *addr && s.len() == *len,
            _ => false,
        };
        let mut hits = Vec::new();
        search(node, &mut Vec::new(), repairs, &by_address, &mut hits);
        if let Some(hit) = hits.into_iter().next() {
            return Some(hit);
        }
    }
    let by_value = match subject {
        Subject::Missing(_) => true,
        Subject::Text { text, .. } => !repaired && !text.is_empty(),
        _ => !repaired,
    };
    if !by_value {
        return None;
    }
    let matches = |n: &Node, k: Option<&Key>| match (subject, k, &n.value) {
        (Subject::Text { text, .. }, Some(key), _) => &key.name == text,
        (Subject::Text { text, .. }, None, Value::Str(s)) => s == text,
        (Subject::Int(i), None, Value::Int(v)) => i128::from(*v) == *i,
        (Subject::Int(i), None, Value::UInt(v)) => i128::from(*v) == *i,
        (Subject::Float(f), None, Value::Float(v)) => v == f,
        (Subject::Bool(b), None, Value::Bool(v)) => v == b,
        (Subject::Null, None, Value::Null) => true,
        (Subject::Missing(name), None, Value::Map(_)) => lacks(n, name, repairs),
        _ => false,
    };
    let mut hits = Vec::new();
    search(node, &mut Vec::new(), repairs, &matches, &mut hits);
    if hits.len() == 1 { hits.pop() } else { None }
}

/// Whether a mapping lacks `name` (as the deserializer shows it: skipped keys are absent,
/// added keys present).
fn lacks(node: &Node, name: &str, repairs: &Repairs) -> bool {
    let Value::Map(entries) = &node.value else {
        return false;
    };
    !entries
        .iter()
        .any(|(k, _)| k.name == name && !repairs.skips_key(k))
        && !repairs.added(node).iter().any(|k| k.name == name)
}

/// Every node and key under `node` (not `node` itself) that `matches`, in document order.
fn search(
    node: &Node,
    path: &mut Vec<Segment>,
    repairs: &Repairs,
    matches: &dyn Fn(&Node, Option<&Key>) -> bool,
    hits: &mut Vec<Found>,
) {
    let mut visit = |child: &Node, key: Option<&Key>, segment: Segment, hits: &mut Vec<Found>| {
        if repairs.hidden(child) || key.is_some_and(|k| repairs.skips_key(k)) {
            return;
        }
        path.push(segment);
        if let Some(key) = key
            && matches(child, Some(key))
        {
            hits.push(Found {
                path: path.clone(),
                pos: key.pos,
                key: true,
            });
        }
        if matches(child, None) {
            hits.push(Found {
                path: path.clone(),
                pos: child.pos,
                key: false,
            });
        }
        search(child, path, repairs, matches, hits);
        path.pop();
    };
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                visit(value, Some(key), Segment::Key(key.name.clone()), hits);
            }
        }
        Value::Seq(items) => {
            for (index, item) in items.iter().enumerate() {
                visit(item, None, Segment::Index(index), hits);
            }
        }
        _ => {}
    }
}
