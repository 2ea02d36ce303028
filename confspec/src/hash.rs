//! Hash maps and sets with foldhash's fast hasher instead of SipHash: ids, anchors and names
//! are looked up for every field of every directive, where SipHash was 7% of an expansion.
//! Keys come from the project's own model and pages, so resistance to chosen-key flooding,
//! SipHash's purpose, buys nothing here. Build them with `default()` or `collect()`.

/// A `HashMap` with foldhash's hasher.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A `HashSet` with foldhash's hasher.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
