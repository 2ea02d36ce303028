//! Resources a run asks for: CPU, memory, shared memory, GPU, disk, and the scalar types they
//! are written in (`Memory`, ranges, `ComputeCapability`), each with its string shorthand.
//!
//! Every shorthand type keeps the form it was written in: `gpu: A100:80GB:2` serialises back to
//! exactly that, `cpu: 4` stays `4`. The parsed values come from methods (`Memory::gb`,
//! `IntRange::min`, `Gpu::count`...). The JSON Schema of each is the `anyOf` of its forms, with
//! the grammar of the strings as a `pattern`; the patterns and the parsers here accept exactly
//! the same strings. What a pattern cannot say (a range's `min` above its `max`, a disk size
//! below 50GB written with a unit) is checked by the parsers only.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use confspec_load::Segment;
use confspec_load::deserialize_shorthand;
use confspec_load::shorthand::{self, Reject, Shorthand, non_negative};
use confspec_load::validate::{Validate, Violation};

/// A memory size without a range: digits, an optional fraction, an optional unit.
pub const MEMORY_PATTERN: &str = r"^[0-9]+(\.[0-9]+)?([mMgGtT][bB])?$";
/// A range of memory sizes: `N`, `N..`, `..M`, `N..M`.
pub const MEMORY_RANGE_PATTERN: &str = r"^([0-9]+(\.[0-9]+)?([mMgGtT][bB])?(\.\.([0-9]+(\.[0-9]+)?([mMgGtT][bB])?)?)?|\.\.[0-9]+(\.[0-9]+)?([mMgGtT][bB])?)$";
/// A range of integers: `N`, `N..`, `..M`, `N..M`.
pub const INT_RANGE_PATTERN: &str = r"^([0-9]+(\.\.([0-9]+)?)?|\.\.[0-9]+)$";
/// A compute capability: `major.minor`.
pub const COMPUTE_CAPABILITY_PATTERN: &str = r"^[0-9]+\.[0-9]+$";
// The three kinds of token of a GPU shorthand: names, a memory size or range with a unit, a
// count or range of counts.
macro_rules! gpu_names {
    () => {
        r"[a-zA-Z][a-zA-Z0-9_.-]*(,[a-zA-Z][a-zA-Z0-9_.-]*)*"
    };
}
macro_rules! gpu_memory {
    () => {
        r"([0-9]+(\.[0-9]+)?[mMgGtT][bB](\.\.([0-9]+(\.[0-9]+)?([mMgGtT][bB])?)?)?|([0-9]+(\.[0-9]+)?)?\.\.[0-9]+(\.[0-9]+)?[mMgGtT][bB])"
    };
}
macro_rules! gpu_count {
    () => {
        r"([0-9]+(\.\.([0-9]+)?)?|\.\.[0-9]+)"
    };
}

/// A GPU shorthand: `:`-separated tokens, each kind at most once and in any order: names
/// (`A10,A100`), a memory size or range with a unit (`24GB`, `24GB..80GB`), a count or range of
/// counts (`2`, `1..8`). Each kind may come first, then the other two in either order, so that
/// a kind given twice (`A100:2:2`, `nvidia:A100`) does not match.
pub const GPU_PATTERN: &str = concat!(
    "^(",
    gpu_names!(),
    "(:",
    gpu_memory!(),
    "(:",
    gpu_count!(),
    ")?|:",
    gpu_count!(),
    "(:",
    gpu_memory!(),
    ")?)?",
    "|",
    gpu_memory!(),
    "(:",
    gpu_names!(),
    "(:",
    gpu_count!(),
    ")?|:",
    gpu_count!(),
    "(:",
    gpu_names!(),
    ")?)?",
    "|",
    gpu_count!(),
    "(:",
    gpu_names!(),
    "(:",
    gpu_memory!(),
    ")?|:",
    gpu_memory!(),
    "(:",
    gpu_names!(),
    ")?)?",
    ")$"
);

const MEMORY_EXPECTED: &str =
    "a memory size: a number with an optional unit MB, GB or TB (`512MB`, `8GB`, `1.5TB`)";
const MEMORY_RANGE_EXPECTED: &str =
    "a memory size or range: `8GB`, `8GB..`, `..64GB` or `8GB..64GB` (units MB, GB, TB)";
const INT_RANGE_EXPECTED: &str = "a number or range: `2`, `2..`, `..8` or `2..8`";

/// A memory size, in gigabytes: a number (`8`, `0.5`) or a string with an optional unit `MB`,
/// `GB` or `TB`, in any case (`512MB` is 0.5 GB, `1TB` is 1024 GB). `8GiB` is not accepted.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Memory {
    /// A whole number of gigabytes.
    Integer(u64),
    /// A number of gigabytes.
    Number(#[schemars(range(min = 0.0))] f64),
    /// A size with an optional unit, e.g. `8GB` or `512MB`.
    Text(#[schemars(regex(pattern = MEMORY_PATTERN))] String),
}

impl Memory {
    /// The size in gigabytes (NaN for a hand-built `Text` that is not a size).
    pub fn gb(&self) -> f64 {
        match self {
            Memory::Integer(n) => *n as f64,
            Memory::Number(n) => *n,
            Memory::Text(text) => parse_memory(text).unwrap_or(f64::NAN),
        }
    }
}

impl std::fmt::Display for Memory {
    /// dstack's notation: `8GB`, `0.5GB`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}GB", self.gb())
    }
}

impl Shorthand for Memory {
    const EXPECTING: &'static str = MEMORY_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        u64::try_from(value)
            .map(Memory::Integer)
            .map_err(|_| Self::unexpected())
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        non_negative(value)
            .map(Memory::Number)
            .ok_or_else(Self::unexpected)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        parse_memory(value)
            .map(|_| Memory::Text(value.to_owned()))
            .ok_or_else(Self::unexpected)
    }
}

/// Parses `8`, `8GB`, `512mb`, `1.5TB` to gigabytes: the grammar of [`MEMORY_PATTERN`].
pub fn parse_memory(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    let (number, factor) = if let Some(n) = lower.strip_suffix("mb") {
        (n, 1.0 / 1024.0)
    } else if let Some(n) = lower.strip_suffix("gb") {
        (n, 1.0)
    } else if let Some(n) = lower.strip_suffix("tb") {
        (n, 1024.0)
    } else {
        (lower.as_str(), 1.0)
    };
    decimal(number).map(|n| n * factor)
}

/// `[0-9]+(\.[0-9]+)?` as a number.
fn decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    text.parse().ok()
}

/// `[0-9]+` as an integer.
fn integer(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Splits `N..M` into its ends (`None` for a missing one); `None` for text without `..`.
fn range_ends(text: &str) -> Option<(Option<&str>, Option<&str>)> {
    let (min, max) = text.split_once("..")?;
    Some((
        (!min.is_empty()).then_some(min),
        (!max.is_empty()).then_some(max),
    ))
}

/// The bounds of a range of integers, written as a mapping: at least one of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = crate::rules::range_bounds)]
pub struct IntBounds {
    /// The lower bound (none: unbounded)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    /// The upper bound (none: unbounded)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
}

/// A range of integers: a number (`4`, min = max), a string `N`, `N..`, `..M` or `N..M`, or a
/// mapping `{min, max}`. The lower bound may not exceed the upper one.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum IntRange {
    /// Exactly this number.
    Exactly(u64),
    /// A range as a string, e.g. `2..8`.
    Text(#[schemars(regex(pattern = INT_RANGE_PATTERN))] String),
    /// A range as a mapping.
    Bounds(IntBounds),
}

impl IntRange {
    /// The lower bound.
    pub fn min(&self) -> Option<u64> {
        self.bounds().0
    }

    /// The upper bound.
    pub fn max(&self) -> Option<u64> {
        self.bounds().1
    }

    /// Whether the range admits more than one value.
    pub fn is_range(&self) -> bool {
        let (min, max) = self.bounds();
        min.is_none() || min != max
    }

    fn bounds(&self) -> (Option<u64>, Option<u64>) {
        match self {
            IntRange::Exactly(n) => (Some(*n), Some(*n)),
            IntRange::Text(text) => parse_int_range(text).unwrap_or((None, None)),
            IntRange::Bounds(b) => (b.min, b.max),
        }
    }
}

/// Parses an integer range string ([`INT_RANGE_PATTERN`]) to its bounds.
pub fn parse_int_range(text: &str) -> Option<(Option<u64>, Option<u64>)> {
    match range_ends(text) {
        None => integer(text).map(|n| (Some(n), Some(n))),
        Some((None, None)) => None,
        Some((min, max)) => {
            let min = match min {
                Some(m) => Some(integer(m)?),
                None => None,
            };
            let max = match max {
                Some(m) => Some(integer(m)?),
                None => None,
            };
            Some((min, max))
        }
    }
}

fn ordered<T: PartialOrd + std::fmt::Display>(
    min: Option<T>,
    max: Option<T>,
) -> Result<(), Reject> {
    match (min, max) {
        (Some(min), Some(max)) if min > max => Err(Reject::Rule(format!(
            "the lower bound {min} is greater than the upper bound {max}"
        ))),
        (None, None) => Err(Reject::Rule(crate::rules::EMPTY_RANGE.to_owned())),
        _ => Ok(()),
    }
}

impl Shorthand for IntRange {
    const EXPECTING: &'static str = INT_RANGE_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        u64::try_from(value)
            .map(IntRange::Exactly)
            .map_err(|_| Self::unexpected())
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        let (min, max) = parse_int_range(value).ok_or_else(Self::unexpected)?;
        ordered(min, max)?;
        Ok(IntRange::Text(value.to_owned()))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let bounds: IntBounds = shorthand::map_into(map)?;
        ordered(bounds.min, bounds.max).map_err(rule)?;
        Ok(IntRange::Bounds(bounds))
    }
}

fn rule<E: serde::de::Error>(reject: Reject) -> E {
    match reject {
        Reject::Rule(message) | Reject::Value(message) => E::custom(message),
        Reject::Kind => E::custom("unexpected value"),
    }
}

/// The bounds of a range of memory sizes, written as a mapping: at least one of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = crate::rules::range_bounds)]
pub struct MemoryBounds {
    /// The lower bound (none: unbounded)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Memory>,
    /// The upper bound (none: unbounded)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Memory>,
}

/// A range of memory sizes: a size (`8GB` or `8`, min = max), a string `N..`, `..M` or `N..M`
/// whose ends are sizes (`8GB..64GB`), or a mapping `{min, max}`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MemoryRange {
    /// Exactly this many gigabytes.
    Integer(u64),
    /// Exactly this many gigabytes.
    Number(#[schemars(range(min = 0.0))] f64),
    /// A size or range as a string, e.g. `8GB..`.
    Text(#[schemars(regex(pattern = MEMORY_RANGE_PATTERN))] String),
    /// A range as a mapping.
    Bounds(MemoryBounds),
}

impl MemoryRange {
    /// The lower bound, in gigabytes.
    pub fn min_gb(&self) -> Option<f64> {
        self.bounds().0
    }

    /// The upper bound, in gigabytes.
    pub fn max_gb(&self) -> Option<f64> {
        self.bounds().1
    }

    fn bounds(&self) -> (Option<f64>, Option<f64>) {
        match self {
            MemoryRange::Integer(n) => (Some(*n as f64), Some(*n as f64)),
            MemoryRange::Number(n) => (Some(*n), Some(*n)),
            MemoryRange::Text(text) => parse_memory_range(text).unwrap_or((None, None)),
            MemoryRange::Bounds(b) => (
                b.min.as_ref().map(Memory::gb),
                b.max.as_ref().map(Memory::gb),
            ),
        }
    }
}

/// Parses a memory range string ([`MEMORY_RANGE_PATTERN`]) to its bounds in gigabytes.
pub fn parse_memory_range(text: &str) -> Option<(Option<f64>, Option<f64>)> {
    match range_ends(text) {
        None => parse_memory(text).map(|n| (Some(n), Some(n))),
        Some((None, None)) => None,
        Some((min, max)) => {
            let min = match min {
                Some(m) => Some(parse_memory(m)?),
                None => None,
            };
            let max = match max {
                Some(m) => Some(parse_memory(m)?),
                None => None,
            };
            Some((min, max))
        }
    }
}

impl Shorthand for MemoryRange {
    const EXPECTING: &'static str = MEMORY_RANGE_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        u64::try_from(value)
            .map(MemoryRange::Integer)
            .map_err(|_| Self::unexpected())
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        non_negative(value)
            .map(MemoryRange::Number)
            .ok_or_else(Self::unexpected)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        let (min, max) = parse_memory_range(value).ok_or_else(Self::unexpected)?;
        ordered(min, max)?;
        Ok(MemoryRange::Text(value.to_owned()))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let bounds: MemoryBounds = shorthand::map_into(map)?;
        ordered(
            bounds.min.as_ref().map(Memory::gb),
            bounds.max.as_ref().map(Memory::gb),
        )
        .map_err(rule)?;
        Ok(MemoryRange::Bounds(bounds))
    }
}

/// The compute capability of a GPU: a number (`7.5`), a string (`"7.5"`) or a list of the major
/// and minor versions (`[7, 5]`). A whole number (`7`) is not one: write `7.0`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ComputeCapability {
    /// `major.minor` as a number, e.g. `7.5`.
    Number(#[schemars(range(min = 0.0))] f64),
    /// `major.minor` as a string, e.g. `"7.5"`.
    Text(#[schemars(regex(pattern = COMPUTE_CAPABILITY_PATTERN))] String),
    /// The major and minor versions, e.g. `[7, 5]`.
    Pair([u32; 2]),
}

const COMPUTE_CAPABILITY_EXPECTED: &str =
    "a compute capability: `7.5`, \"7.5\" or a list of two integers `[7, 5]`";

impl ComputeCapability {
    /// The major and minor versions (`(7, 5)`).
    pub fn version(&self) -> (u32, u32) {
        let split = |text: &str| {
            let (major, minor) = text.split_once('.').unwrap_or((text, "0"));
            (major.parse().unwrap_or(0), minor.parse().unwrap_or(0))
        };
        match self {
            ComputeCapability::Number(n) => split(&n.to_string()),
            ComputeCapability::Text(text) => split(text),
            ComputeCapability::Pair([major, minor]) => (*major, *minor),
        }
    }
}

impl Shorthand for ComputeCapability {
    const EXPECTING: &'static str = COMPUTE_CAPABILITY_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        Err(Reject::Rule(format!(
            "a compute capability is `major.minor`: write `{value}.0` for the major version {value} alone"
        )))
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        non_negative(value)
            .map(ComputeCapability::Number)
            .ok_or_else(Self::unexpected)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        match value.split_once('.') {
            Some((major, minor)) if integer(major).is_some() && integer(minor).is_some() => {
                Ok(ComputeCapability::Text(value.to_owned()))
            }
            _ => Err(Self::unexpected()),
        }
    }
    fn from_seq<'de, A: serde::de::SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let items: Vec<u32> = shorthand::seq_into(seq)?;
        match items[..] {
            [major, minor] => Ok(ComputeCapability::Pair([major, minor])),
            _ => Err(serde::de::Error::custom(format!(
                "a compute capability is two integers, `[major, minor]`, not {}",
                items.len()
            ))),
        }
    }
}

/// GPU names: a single name or a list of names.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename = "GPUNames", untagged)]
pub enum GpuNames {
    /// One name, e.g. `A100`.
    One(String),
    /// Several names, any of which will do.
    Many(Vec<String>),
}

impl Shorthand for GpuNames {
    const EXPECTING: &'static str = "a GPU name or a list of names";
    fn from_text(value: &str) -> Result<Self, Reject> {
        Ok(GpuNames::One(value.to_owned()))
    }
    fn from_seq<'de, A: serde::de::SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        shorthand::seq_into(seq).map(GpuNames::Many)
    }
}

/// The GPU requirements, in full.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "GPUSpec", deny_unknown_fields)]
pub struct GpuSpec {
    /// The GPU name or list of names
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<GpuNames>,
    /// The number of GPUs
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "IntRange", extend("default" = 1))]
    pub count: Option<IntRange>,
    /// The RAM size (e.g., `16GB`). Can be set to a range (e.g. `16GB..`, or `16GB..80GB`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryRange>,
    /// The total RAM size (e.g., `32GB`). Can be set to a range (e.g. `16GB..`, or `16GB..80GB`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_memory: Option<MemoryRange>,
    /// The minimum compute capability of the GPU (e.g., `7.5`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_capability: Option<ComputeCapability>,
}

/// The GPU requirements: a number of GPUs (`2`), a shorthand string of `:`-separated names,
/// memory and count (`A100:80GB:2`, `24GB..40GB:8`, `A10,A100`), or a mapping.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename = "GPU", untagged)]
pub enum Gpu {
    /// A number of GPUs of any kind.
    Count(u64),
    /// The shorthand: `:`-separated names (`A10,A100`), memory per GPU (`24GB`, `24GB..80GB`)
    /// and count (`2`, `1..8`), each at most once, e.g. `A100:80GB:2`.
    Text(#[schemars(regex(pattern = GPU_PATTERN))] String),
    /// The requirements in full.
    Spec(GpuSpec),
}

const GPU_EXPECTED: &str = "a GPU count (`2`), a GPU string such as `A100:80GB:2` (names, memory with a unit, count, separated by `:`) or a mapping";

/// The parts of a GPU shorthand string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GpuShorthand {
    /// The names, if given.
    pub names: Vec<String>,
    /// The memory bounds in gigabytes, if given.
    pub memory: Option<(Option<f64>, Option<f64>)>,
    /// The count bounds, if given.
    pub count: Option<(Option<u64>, Option<u64>)>,
}

/// Parses a GPU shorthand ([`GPU_PATTERN`]); the error says what is wrong.
pub(crate) fn parse_gpu(text: &str) -> Result<GpuShorthand, Reject> {
    let mut out = GpuShorthand::default();
    let bad = || Reject::Value(GPU_EXPECTED.into());
    for token in text.split(':') {
        if token.is_empty() {
            return Err(bad());
        }
        let twice =
            |kind: &str| Reject::Rule(format!("the GPU string `{text}` gives the {kind} twice"));
        if token.starts_with(|c: char| c.is_ascii_alphabetic()) {
            if !out.names.is_empty() {
                return Err(twice("names"));
            }
            for name in token.split(',') {
                let ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
                if !ok {
                    return Err(bad());
                }
                out.names.push(name.to_owned());
            }
        } else if has_unit(token) {
            if out.memory.is_some() {
                return Err(twice("memory"));
            }
            let bounds = parse_memory_range(token).ok_or_else(bad)?;
            ordered(bounds.0, bounds.1)?;
            out.memory = Some(bounds);
        } else {
            if out.count.is_some() {
                return Err(twice("count"));
            }
            let bounds = parse_int_range(token).ok_or_else(bad)?;
            ordered(bounds.0, bounds.1)?;
            out.count = Some(bounds);
        }
    }
    Ok(out)
}

/// Whether a token's ends carry a memory unit.
fn has_unit(token: &str) -> bool {
    let unit = |s: &str| {
        let lower = s.to_ascii_lowercase();
        ["mb", "gb", "tb"].iter().any(|u| lower.ends_with(u))
    };
    match range_ends(token) {
        Some((min, max)) => min.is_some_and(unit) || max.is_some_and(unit),
        None => unit(token),
    }
}

impl Gpu {
    /// The number of GPUs asked for: `(min, max)`; one when not given.
    pub fn count(&self) -> (Option<u64>, Option<u64>) {
        match self {
            Gpu::Count(n) => (Some(*n), Some(*n)),
            Gpu::Text(text) => parse_gpu(text)
                .ok()
                .and_then(|g| g.count)
                .unwrap_or((Some(1), Some(1))),
            Gpu::Spec(spec) => spec
                .count
                .as_ref()
                .map_or((Some(1), Some(1)), |c| (c.min(), c.max())),
        }
    }

    /// The GPU names asked for (empty: any).
    pub fn names(&self) -> Vec<String> {
        match self {
            Gpu::Count(_) => Vec::new(),
            Gpu::Text(text) => parse_gpu(text).map(|g| g.names).unwrap_or_default(),
            Gpu::Spec(spec) => match &spec.name {
                None => Vec::new(),
                Some(GpuNames::One(name)) => vec![name.clone()],
                Some(GpuNames::Many(names)) => names.clone(),
            },
        }
    }

    /// The memory per GPU asked for, in gigabytes: `(min, max)`.
    pub fn memory_gb(&self) -> Option<(Option<f64>, Option<f64>)> {
        match self {
            Gpu::Count(_) => None,
            Gpu::Text(text) => parse_gpu(text).ok().and_then(|g| g.memory),
            Gpu::Spec(spec) => spec.memory.as_ref().map(|m| (m.min_gb(), m.max_gb())),
        }
    }
}

impl Shorthand for Gpu {
    const EXPECTING: &'static str = GPU_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        u64::try_from(value)
            .map(Gpu::Count)
            .map_err(|_| Self::unexpected())
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        parse_gpu(value).map(|_| Gpu::Text(value.to_owned()))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        shorthand::map_into(map).map(Gpu::Spec)
    }
}

/// The smallest disk dstack provisions, in gigabytes.
pub const MIN_DISK_GB: u64 = 50;

/// The rule of a disk size: neither end below [`MIN_DISK_GB`] (dstack's own wording).
fn disk_bounds(min: Option<f64>, max: Option<f64>) -> Result<(), Reject> {
    let below = |gb: Option<f64>| gb.is_some_and(|gb| gb < MIN_DISK_GB as f64);
    if below(min) {
        return Err(Reject::Rule(format!(
            "Min disk size should be >= {MIN_DISK_GB}GB"
        )));
    }
    if below(max) {
        return Err(Reject::Rule(format!(
            "Max disk size should be >= {MIN_DISK_GB}GB"
        )));
    }
    Ok(())
}

/// A disk size or range: gigabytes (`100`), a string with a unit (`100GB`, `200GB..`), or a
/// mapping `{min, max}`; no end below 50GB.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DiskSize {
    /// Gigabytes, e.g. `100`.
    Integer(#[schemars(range(min = MIN_DISK_GB))] u64),
    /// Gigabytes, e.g. `100.5`.
    Number(#[schemars(range(min = MIN_DISK_GB as f64))] f64),
    /// A size or range, e.g. `100GB..`.
    Text(#[schemars(regex(pattern = MEMORY_RANGE_PATTERN))] String),
    /// A range as a mapping.
    Bounds(MemoryBounds),
}

impl DiskSize {
    /// The size as a range of memory sizes.
    pub fn range(&self) -> MemoryRange {
        match self {
            DiskSize::Integer(n) => MemoryRange::Integer(*n),
            DiskSize::Number(n) => MemoryRange::Number(*n),
            DiskSize::Text(text) => MemoryRange::Text(text.clone()),
            DiskSize::Bounds(b) => MemoryRange::Bounds(b.clone()),
        }
    }
}

impl Shorthand for DiskSize {
    const EXPECTING: &'static str = MEMORY_RANGE_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        let range = MemoryRange::from_int(value)?;
        disk_bounds(range.min_gb(), range.max_gb())?;
        Ok(DiskSize::Integer(value as u64))
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        MemoryRange::from_float(value)?;
        disk_bounds(Some(value), Some(value))?;
        Ok(DiskSize::Number(value))
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        let range = MemoryRange::from_text(value)?;
        disk_bounds(range.min_gb(), range.max_gb())?;
        Ok(DiskSize::Text(value.to_owned()))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let MemoryRange::Bounds(bounds) = MemoryRange::from_map(map)? else {
            unreachable!("a mapping is read as bounds")
        };
        disk_bounds(
            bounds.min.as_ref().map(Memory::gb),
            bounds.max.as_ref().map(Memory::gb),
        )
        .map_err(rule)?;
        Ok(DiskSize::Bounds(bounds))
    }
}

/// The disk requirements, in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "DiskSpec", deny_unknown_fields)]
pub struct DiskSpec {
    /// The disk size. Can be a string (e.g., `100GB` or `100GB..`) or an object
    pub size: DiskSize,
}

/// The disk requirements: a size or range (`100GB`, `200GB..`), or a mapping `{size}`; no less
/// than 50GB.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Disk {
    /// Gigabytes, e.g. `100`.
    Integer(#[schemars(range(min = MIN_DISK_GB))] u64),
    /// Gigabytes, e.g. `100.5`.
    Number(#[schemars(range(min = MIN_DISK_GB as f64))] f64),
    /// A size or range, e.g. `100GB..`.
    Text(#[schemars(regex(pattern = MEMORY_RANGE_PATTERN))] String),
    /// The requirements in full.
    Spec(DiskSpec),
}

impl Disk {
    /// The disk size asked for.
    pub fn size(&self) -> MemoryRange {
        match self {
            Disk::Integer(n) => MemoryRange::Integer(*n),
            Disk::Number(n) => MemoryRange::Number(*n),
            Disk::Text(text) => MemoryRange::Text(text.clone()),
            Disk::Spec(spec) => spec.size.range(),
        }
    }
}

impl Shorthand for Disk {
    const EXPECTING: &'static str = MEMORY_RANGE_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        DiskSize::from_int(value).map(|_| Disk::Integer(value as u64))
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        DiskSize::from_float(value).map(|_| Disk::Number(value))
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        DiskSize::from_text(value).map(|_| Disk::Text(value.to_owned()))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        shorthand::map_into(map).map(Disk::Spec)
    }
}

deserialize_shorthand!(
    Memory,
    GpuNames,
    IntRange,
    MemoryRange,
    ComputeCapability,
    Gpu,
    DiskSize,
    Disk
);

/// The resources a run needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "ResourcesSpec", deny_unknown_fields)]
pub struct ResourcesSpec {
    /// The number of CPU cores
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "IntRange", extend("default" = "2.."))]
    pub cpu: Option<IntRange>,
    /// The RAM size (e.g., `8GB`)
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "MemoryRange", extend("default" = "8GB.."))]
    pub memory: Option<MemoryRange>,
    /// The size of shared memory (e.g., `8GB`). If you are using parallel communicating processes (e.g., dataloaders in PyTorch), you may need to configure this
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shm_size: Option<Memory>,
    /// The GPU requirements. Can be set to a number, a string (e.g. `A100`, `80GB:2`, etc.), or an object
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<Gpu>,
    /// The disk resources
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "100GB.."))]
    pub disk: Option<Disk>,
}

impl ResourcesSpec {
    /// The CPU cores asked for: the given range, else `2..`.
    pub fn effective_cpu(&self) -> IntRange {
        self.cpu
            .clone()
            .unwrap_or_else(|| IntRange::Text("2..".to_owned()))
    }

    /// The memory asked for: the given range, else `8GB..`.
    pub fn effective_memory(&self) -> MemoryRange {
        self.memory
            .clone()
            .unwrap_or_else(|| MemoryRange::Text("8GB..".to_owned()))
    }

    /// The disk asked for: the given one, else `100GB..`.
    pub fn effective_disk(&self) -> Disk {
        self.disk
            .clone()
            .unwrap_or_else(|| Disk::Text("100GB..".to_owned()))
    }
}

/// dstack's runtime `ResourcesSpec`, which its Python API exports as `dstack.api.Resources`: the
/// fields of [`ResourcesSpec`] as that class describes them, for pages that document it. No
/// file holds this type: a configuration's `resources` is a [`ResourcesSpec`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuntimeResourcesSpec {
    /// The number of CPU cores
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "2.."))]
    pub cpu: Option<IntRange>,
    /// The RAM size (e.g., `8GB`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "8GB.."))]
    pub memory: Option<MemoryRange>,
    /// The size of shared memory (e.g., `8GB`). If you are using parallel communicating processes (e.g., dataloaders in PyTorch), you may need to configure this
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shm_size: Option<Memory>,
    /// The GPU requirements
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<RuntimeGpuSpec>,
    /// The disk resources
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = {"size": "100GB.."}))]
    pub disk: Option<RuntimeDiskSpec>,
}

/// dstack's runtime `GPUSpec` (`dstack.api.GPU`): the fields of [`GpuSpec`] as that class
/// describes them (`name` always a list). No file holds this type (see
/// [`RuntimeResourcesSpec`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "RuntimeGPUSpec", deny_unknown_fields)]
pub struct RuntimeGpuSpec {
    /// The name of the GPU (e.g., `A100` or `H100`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Vec<String>>,
    /// The number of GPUs
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = 1))]
    pub count: Option<IntRange>,
    /// The RAM size (e.g., `16GB`). Can be set to a range (e.g. `16GB..`, or `16GB..80GB`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryRange>,
    /// The total RAM size (e.g., `32GB`). Can be set to a range (e.g. `16GB..`, or `16GB..80GB`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_memory: Option<MemoryRange>,
    /// The minimum compute capability of the GPU (e.g., `7.5`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute_capability: Option<ComputeCapability>,
}

/// dstack's runtime `DiskSpec` (`dstack.api.Disk`): the field of [`DiskSpec`] as that class
/// describes it. No file holds this type (see [`RuntimeResourcesSpec`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuntimeDiskSpec {
    /// Disk size
    pub size: MemoryRange,
}

impl Validate for ResourcesSpec {
    fn validate(&self, _: &mut Vec<Segment>, _: &mut Vec<Violation>) {}
}

confspec_load::no_rules!(
    Memory,
    IntBounds,
    IntRange,
    MemoryBounds,
    MemoryRange,
    ComputeCapability,
    GpuNames,
    GpuSpec,
    Gpu,
    DiskSpec,
    DiskSize,
    Disk,
    RuntimeResourcesSpec,
    RuntimeGpuSpec,
    RuntimeDiskSpec,
);
