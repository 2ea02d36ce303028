//! The YAML path of the value being deserialised, as the deserializer walks the tree.

use crate::node::Segment;

/// The path to the node being deserialised, as a chain of borrowed links (no allocation until
/// an error needs it).
#[derive(Clone, Copy)]
pub(crate) enum PathLink<'a> {
    Root,
    Key(&'a PathLink<'a>, &'a str),
    Index(&'a PathLink<'a>, usize),
}

impl PathLink<'_> {
    pub(crate) fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut link = self;
        loop {
            match link {
                PathLink::Root => break,
                PathLink::Key(parent, key) => {
                    out.push(Segment::Key((*key).to_owned()));
                    link = parent;
                }
                PathLink::Index(parent, index) => {
                    out.push(Segment::Index(*index));
                    link = parent;
                }
            }
        }
        out.reverse();
        out
    }
}
