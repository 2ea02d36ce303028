//! Run configurations of `.dstack.yml` (dev environments, tasks, services) and the union of
//! every kind of `.dstack.yml`, selected by `type`.
//!
//! The three run kinds share dstack's base fields through groups of fields written once
//! (`base_run`, `ports`, `commands`, and `profile_params` in [`crate::profiles`]), placed in
//! each struct in pydantic's order by [`with_groups`].
//!
//! # Where this model deliberately differs from dstack 0.18.7
//!
//! The format is what dstack's own parser (`parse_apply_configuration`, the profiles loader)
//! accepts; a differential run over every root (`scripts/differential.sh`) holds the loader, the
//! JSON Schema and the bindings to it. What differs on purpose, each with its reason and a case,
//! is listed on the site's guide page "Agreement with dstack"
//! (`site/pages/guide/dstack-agreement.md`) and pinned by the fixtures of
//! `schema/tests/fixtures/dstack/`. In short:
//!
//! - No coercion, as everywhere in the model: `"4"` is not a number of nodes, `7` is not a name.
//!   What dstack converts on purpose in a validator of its own is the format: `python: 3.11` (a
//!   number, `3.10` being 3.1) loads with a warning naming the quoted form, a duration may be
//!   seconds as text (`"3600"`), a whole number is an env value (`PORT: 8080`).
//! - A plain scalar that dstack's YAML 1.1 reader reads otherwise (`no`, `1:30`, a date) is
//!   refused where it would be text; `max_duration: off` is the word `off`.
//! - Stricter where dstack's value means nothing: no negative counts, sizes or durations, ports
//!   1 to 65535 without leading zeros, no spaces in shorthands, `replicas: 0`, an empty `image`,
//!   a `scaling.target` not above zero, a decimal or boolean env value (quote it), a duration of
//!   more than 2^64-1 seconds, a certificate without its `type`.
//! - `null` only where dstack's field is `Optional`; elsewhere a key may be omitted, not null.
//! - The cross-field rules a draft-07 schema can state are in the schema too (`crate::rules`).
//! - Numbers written as integers stay integers (`target: 10`, `max_price: 2`), so that the file
//!   serialises back unchanged ([`crate::common::PositiveNumber`]).
//! - dstack's published schema rejected every configuration (a root `additionalProperties:
//!   false` beside a `oneOf`) and lacked the shorthands (`nodes: 4`, `size: 100GB`,
//!   `max_duration: 1d` were flagged); the emitted `configuration.json` has neither bug.
//! - dstack's `Range[int]`/`Range[Memory]` are `IntRange`/`MemoryRange` (the shorthand or the
//!   mapping `IntBounds`/`MemoryBounds`), and its `*Schema` twins (`GPUSpecSchema`...) are the
//!   same types as the runtime ones (`GPUSpec`, with `GPU` the union of its shorthand forms).

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::Duration;
use crate::fleets::FleetConfiguration;
use crate::gateways::{ChatModel, GatewayConfiguration};
use crate::profiles::validate_profile_params;
use crate::resources::{IntBounds, IntRange};
use crate::volumes::VolumeConfiguration;
use confspec_load::Segment;
use confspec_load::deserialize_shorthand;
use confspec_load::shorthand::{self, Reject, Shorthand};
use confspec_load::validate::{Validate, Violation, field};

tag_literal!(
    /// The `type` of [`DevEnvironmentConfiguration`].
    DevEnvironmentType = "dev-environment"
);
tag_literal!(
    /// The `type` of [`TaskConfiguration`].
    TaskType = "task"
);
tag_literal!(
    /// The `type` of [`ServiceConfiguration`].
    ServiceType = "service"
);
tag_literal!(
    /// The only IDE of a dev environment.
    Vscode = "vscode"
);
tag_literal!(
    /// The only scaling metric: requests per second.
    Rps = "rps"
);

/// A major version of Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum PythonVersion {
    /// Python 3.8.
    #[serde(rename = "3.8")]
    Py38,
    /// Python 3.9.
    #[serde(rename = "3.9")]
    Py39,
    /// Python 3.10.
    #[serde(rename = "3.10")]
    Py310,
    /// Python 3.11.
    #[serde(rename = "3.11")]
    Py311,
    /// Python 3.12.
    #[serde(rename = "3.12")]
    Py312,
}

impl PythonVersion {
    /// Every version, in order.
    pub const ALL: [PythonVersion; 5] = [
        PythonVersion::Py38,
        PythonVersion::Py39,
        PythonVersion::Py310,
        PythonVersion::Py311,
        PythonVersion::Py312,
    ];

    /// The version as written in a file (`3.10`).
    pub fn as_str(self) -> &'static str {
        match self {
            PythonVersion::Py38 => "3.8",
            PythonVersion::Py39 => "3.9",
            PythonVersion::Py310 => "3.10",
            PythonVersion::Py311 => "3.11",
            PythonVersion::Py312 => "3.12",
        }
    }

    /// The version a number stands for, as dstack reads it: the number's text, with `3.1` (the
    /// number YAML makes of `3.10`) read as `3.10`.
    pub fn from_number(value: f64) -> Option<PythonVersion> {
        let text = match format!("{value}") {
            text if text == "3.1" => "3.10".to_owned(),
            text => text,
        };
        Self::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

/// The major version of Python: text (`"3.11"`), or a number (`3.11`), which dstack reads as
/// its text. YAML reads `3.10` as the number 3.1, which stands for `3.10`. A number loads with a
/// warning that names the quoted form, which every YAML reader reads the same.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Python {
    /// The version as text, e.g. `"3.11"`.
    Version(PythonVersion),
    /// The version written as a number, e.g. `3.11` (`3.10` is the number 3.1).
    Number(#[schemars(schema_with = "python_numbers")] f64),
}

impl Python {
    /// The version.
    pub fn version(&self) -> PythonVersion {
        match self {
            Python::Version(v) => *v,
            Python::Number(n) => PythonVersion::from_number(*n).unwrap_or(PythonVersion::Py310),
        }
    }
}

/// The schema of a version written as a number: the numbers YAML makes of the versions.
fn python_numbers(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let numbers: Vec<f64> = PythonVersion::ALL
        .iter()
        .filter_map(|v| v.as_str().parse().ok())
        .collect();
    schemars::json_schema!({"type": "number", "enum": numbers})
}

const PYTHON_EXPECTED: &str = "one of `3.8`, `3.9`, `3.10`, `3.11`, `3.12`";

impl<'de> Deserialize<'de> for Python {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Python;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(PYTHON_EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Python, E> {
                PythonVersion::deserialize(serde::de::value::StrDeserializer::<E>::new(value))
                    .map(Python::Version)
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Python, E> {
                let version = PythonVersion::from_number(value).ok_or_else(|| {
                    E::invalid_value(serde::de::Unexpected::Float(value), &PYTHON_EXPECTED)
                })?;
                let quoted = version.as_str();
                confspec_load::warn_value(
                    format!(
                        "the number {value} is read as the version \"{quoted}\": write it quoted"
                    ),
                    Some(format!(
                        "`\"{quoted}\"` reads the same in every YAML reader"
                    )),
                );
                Ok(Python::Number(value))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The pattern of an environment variable in the list form.
pub const ENV_ITEM_PATTERN: &str = r"^[a-zA-Z_][a-zA-Z0-9_]*(=.*)?$";

/// An environment variable in the list form: `NAME=value`, or `NAME` alone to take the value
/// from the environment `dstack` runs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EnvVariable(#[schemars(regex(pattern = ENV_ITEM_PATTERN))] pub String);

impl EnvVariable {
    /// The variable's name.
    pub fn name(&self) -> &str {
        self.0.split_once('=').map_or(&self.0, |(name, _)| name)
    }

    /// The value given, if any (`None`: taken from the caller's environment).
    pub fn value(&self) -> Option<&str> {
        self.0.split_once('=').map(|(_, value)| value)
    }
}

impl Shorthand for EnvVariable {
    const EXPECTING: &'static str = "`NAME=value` or `NAME`";
    fn from_text(value: &str) -> Result<Self, Reject> {
        let name = value.split_once('=').map_or(value, |(name, _)| name);
        let ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !value.contains('\n');
        if ok {
            Ok(EnvVariable(value.to_owned()))
        } else {
            Err(Reject::Value(
                "`NAME=value` or `NAME`, where NAME is letters, digits and `_`, not starting with a digit".into(),
            ))
        }
    }
}

/// The value of an environment variable in the mapping form: text, or a whole number (`PORT:
/// 8080`), which stands for its digits. Decimals and booleans are to be quoted: YAML makes
/// `1.10` the number 1.1, and YAML 1.1 readers make `yes` a boolean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum EnvValue {
    /// The value.
    Text(String),
    /// A whole number, e.g. `8080`.
    Integer(i64),
}

impl EnvValue {
    /// The value as the variable gets it.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            EnvValue::Text(text) => std::borrow::Cow::Borrowed(text),
            EnvValue::Integer(n) => std::borrow::Cow::Owned(n.to_string()),
        }
    }
}

impl Shorthand for EnvValue {
    const EXPECTING: &'static str = "a string, or a whole number (quote decimals and booleans)";
    fn from_text(value: &str) -> Result<Self, Reject> {
        Ok(EnvValue::Text(value.to_owned()))
    }
    fn from_int(value: i128) -> Result<Self, Reject> {
        i64::try_from(value)
            .map(EnvValue::Integer)
            .map_err(|_| Self::unexpected())
    }
    fn from_float(_: f64) -> Result<Self, Reject> {
        Err(Self::unexpected())
    }
    fn from_bool(_: bool) -> Result<Self, Reject> {
        Err(Self::unexpected())
    }
}

/// Environment variables: a list of `NAME=value` (or `NAME`) or a mapping of names to values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Env {
    /// `NAME=value` or `NAME` items.
    List(Vec<EnvVariable>),
    /// Names and their values.
    Map(BTreeMap<String, EnvValue>),
}

impl Shorthand for Env {
    const EXPECTING: &'static str = "a list of `NAME=value` items or a mapping of names to values";
    fn from_seq<'de, A: serde::de::SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        shorthand::seq_into(seq).map(Env::List)
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        shorthand::map_into(map).map(Env::Map)
    }
}

impl Validate for Env {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        let Env::List(items) = self else { return };
        for (index, item) in items.iter().enumerate() {
            if let Some(first) = items[..index].iter().position(|i| i.name() == item.name()) {
                path.push(Segment::Index(index));
                out.push(Violation {
                    path: path.clone(),
                    message: format!("environment variable `{}` is given twice", item.name()),
                    hint: Some(format!(
                        "it is first given at item {first}; remove one of them"
                    )),
                });
                path.pop();
            }
        }
    }
}

/// The pattern of a port mapping `LOCAL:CONTAINER` or `*:CONTAINER`.
pub const PORT_MAPPING_PATTERN: &str = concat!(
    "^(([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])|\\*):",
    "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$"
);
/// The pattern of a service port mapping `LOCAL:CONTAINER`.
pub const SERVICE_PORT_PATTERN: &str = concat!(
    "^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]):",
    "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$"
);

/// A port number from 1 to 65535 written without leading zeros.
fn port_number(text: &str) -> Option<u16> {
    if text.starts_with('0') || text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u16>().ok().filter(|p| *p > 0)
}

/// A port mapping: the port on the machine running `dstack` and the port in the container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PortMapping {
    /// The local port (by default, the container port)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_port: Option<NonZeroU16>,
    /// The container port
    pub container_port: NonZeroU16,
}

/// A port to expose: a number (the same port locally and in the container), `LOCAL:CONTAINER`
/// or `*:CONTAINER` (any free local port), or a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Port {
    /// The same port locally and in the container.
    Number(NonZeroU16),
    /// `LOCAL:CONTAINER` or `*:CONTAINER`.
    Text(#[schemars(regex(pattern = PORT_MAPPING_PATTERN))] String),
    /// The ports in full.
    Mapping(PortMapping),
}

const PORT_EXPECTED: &str =
    "a port from 1 to 65535, `LOCAL:CONTAINER`, `*:CONTAINER` or a mapping with `container_port`";

/// `value` as a port number (1 to 65535).
fn port_from_int(value: i128) -> Option<NonZeroU16> {
    u16::try_from(value).ok().and_then(NonZeroU16::new)
}

impl Shorthand for Port {
    const EXPECTING: &'static str = PORT_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        port_from_int(value)
            .map(Port::Number)
            .ok_or_else(Self::unexpected)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        match value.split_once(':') {
            Some((local, container))
                if (local == "*" || port_number(local).is_some())
                    && port_number(container).is_some() =>
            {
                Ok(Port::Text(value.to_owned()))
            }
            _ => Err(Self::unexpected()),
        }
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        shorthand::map_into(map).map(Port::Mapping)
    }
}

/// The port a service listens on: a number (the container port, served on port 80),
/// `LOCAL:CONTAINER`, or a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ServicePort {
    /// The container port.
    Number(NonZeroU16),
    /// `LOCAL:CONTAINER`.
    Text(#[schemars(regex(pattern = SERVICE_PORT_PATTERN))] String),
    /// The ports in full.
    Mapping(PortMapping),
}

const SERVICE_PORT_EXPECTED: &str =
    "a port from 1 to 65535, `LOCAL:CONTAINER` or a mapping with `container_port`";

impl ServicePort {
    /// The port in the container.
    pub fn container_port(&self) -> u16 {
        match self {
            ServicePort::Number(p) => p.get(),
            ServicePort::Text(text) => text
                .split_once(':')
                .and_then(|(_, c)| port_number(c))
                .unwrap_or(0),
            ServicePort::Mapping(m) => m.container_port.get(),
        }
    }
}

impl Shorthand for ServicePort {
    const EXPECTING: &'static str = SERVICE_PORT_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        port_from_int(value)
            .map(ServicePort::Number)
            .ok_or_else(Self::unexpected)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        match value.split_once(':') {
            Some((local, container))
                if port_number(local).is_some() && port_number(container).is_some() =>
            {
                Ok(ServicePort::Text(value.to_owned()))
            }
            _ => Err(Self::unexpected()),
        }
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        shorthand::map_into(map).map(ServicePort::Mapping)
    }
}

/// The pattern of a number of replicas as a string: `2`, or a range with both ends, `0..4`.
pub const REPLICAS_PATTERN: &str = r"^([0-9]+|[0-9]+\.\.[0-9]+)$";

/// A range of replicas as a mapping: both ends are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplicaBounds {
    /// The minimum number of replicas
    pub min: u64,
    /// The maximum number of replicas
    pub max: u64,
}

/// The number of replicas of a service: a number (`2`) or a range with both ends (`0..4`,
/// `{min: 0, max: 4}`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Replicas {
    /// Exactly this many replicas.
    Count(#[schemars(range(min = 1))] u64),
    /// A range, e.g. `0..4`.
    Text(#[schemars(regex(pattern = REPLICAS_PATTERN))] String),
    /// A range as a mapping.
    Bounds(ReplicaBounds),
}

const REPLICAS_EXPECTED: &str = "a number of replicas from 1, or a range such as `0..4`";
const REPLICAS_NO_MAX: &str = "The maximum number of replicas is required";
const REPLICAS_NO_MIN: &str = "The minimum number of replicas is required";

impl Replicas {
    /// The range of replicas.
    pub fn range(&self) -> IntRange {
        match self {
            Replicas::Count(n) => IntRange::Exactly(*n),
            Replicas::Text(text) => IntRange::Text(text.clone()),
            Replicas::Bounds(b) => IntRange::Bounds(IntBounds {
                min: Some(b.min),
                max: Some(b.max),
            }),
        }
    }
}

/// The rule of a range of replicas: both ends given.
fn replica_ends(min: Option<u64>, max: Option<u64>) -> Result<(), Reject> {
    match (min, max) {
        (_, None) => Err(Reject::Rule(REPLICAS_NO_MAX.into())),
        (None, _) => Err(Reject::Rule(REPLICAS_NO_MIN.into())),
        _ => Ok(()),
    }
}

impl Shorthand for Replicas {
    const EXPECTING: &'static str = REPLICAS_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        u64::try_from(value)
            .ok()
            .filter(|n| *n >= 1)
            .map(Replicas::Count)
            .ok_or_else(Self::unexpected)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        let range = IntRange::from_text(value).map_err(|reject| match reject {
            Reject::Kind | Reject::Value(_) => Self::unexpected(),
            rule => rule,
        })?;
        replica_ends(range.min(), range.max())?;
        Ok(Replicas::Text(value.to_owned()))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let IntRange::Bounds(bounds) = IntRange::from_map(map)? else {
            unreachable!("a mapping is read as bounds")
        };
        replica_ends(bounds.min, bounds.max).map_err(|reject| match reject {
            Reject::Rule(message) | Reject::Value(message) => serde::de::Error::custom(message),
            Reject::Kind => serde::de::Error::custom(REPLICAS_EXPECTED),
        })?;
        Ok(Replicas::Bounds(ReplicaBounds {
            min: bounds.min.unwrap_or_default(),
            max: bounds.max.unwrap_or_default(),
        }))
    }
}

deserialize_shorthand!(EnvVariable, EnvValue, Env, Port, ServicePort, Replicas);

/// The auto-scaling rules of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScalingSpec {
    /// The target metric to track. Currently, the only supported value is `rps` (meaning requests per second)
    pub metric: Rps,
    /// The target value of the metric. The number of replicas is calculated based on this number and automatically adjusts (scales up or down) as this metric changes
    pub target: crate::common::PositiveNumber,
    /// The delay in seconds before scaling up
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "Duration", extend("default" = 300))]
    pub scale_up_delay: Option<Duration>,
    /// The delay in seconds before scaling down
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "Duration", extend("default" = 600))]
    pub scale_down_delay: Option<Duration>,
}

with_groups! {
    #[groups(fields, base_run, ports, profile_params)]
    /// A dev environment: a machine with the resources asked for, an IDE attached to it.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(transform = crate::rules::dev_environment)]
    #[allow(deprecated)]
    pub struct DevEnvironmentConfiguration {
        /// The IDE to run
        pub ide: Vscode,
        /// The version of the IDE
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
        /// The bash commands to run
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "Vec<String>", extend("default" = []))]
        pub init: Option<Vec<String>>,
        /// The type of the configuration
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "DevEnvironmentType", extend("default" = "dev-environment"))]
        pub r#type: Option<DevEnvironmentType>,
    }
}
variant_tag!(DevEnvironmentConfiguration, DevEnvironmentType);

with_groups! {
    #[groups(fields, base_run, ports, commands, profile_params)]
    /// A task: commands run to completion, on one node or on a cluster of nodes.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(transform = crate::rules::task)]
    #[allow(deprecated)]
    pub struct TaskConfiguration {
        /// Number of nodes
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "std::num::NonZeroU64", extend("default" = 1))]
        pub nodes: Option<std::num::NonZeroU64>,
        /// The type of the configuration
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "TaskType", extend("default" = "task"))]
        pub r#type: Option<TaskType>,
    }
}
variant_tag!(TaskConfiguration, TaskType);

with_groups! {
    #[groups(fields, base_run, commands, profile_params)]
    /// A service: an application served behind an HTTPS endpoint, with replicas and
    /// auto-scaling.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(transform = crate::rules::service)]
    #[allow(deprecated)]
    pub struct ServiceConfiguration {
        /// The port, that application listens on or the mapping
        pub port: ServicePort,
        /// Mapping of the model for the OpenAI-compatible endpoint
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub model: Option<ChatModel>,
        /// Enable HTTPS
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "bool", extend("default" = true))]
        pub https: Option<bool>,
        /// Enable the authorization
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "bool", extend("default" = true))]
        pub auth: Option<bool>,
        /// The number of replicas. Can be a number (e.g. `2`) or a range (`0..4` or `1..8`). If it's a range, the `scaling` property is required
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "Replicas", extend("default" = 1))]
        pub replicas: Option<Replicas>,
        /// The auto-scaling rules. Required if `replicas` is set to a range
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scaling: Option<ScalingSpec>,
        /// The type of the configuration
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
        #[schemars(with = "ServiceType", extend("default" = "service"))]
        pub r#type: Option<ServiceType>,
    }
}
variant_tag!(ServiceConfiguration, ServiceType);

/// A configuration of `.dstack.yml` (or any `*.dstack.yml`), selected by its `type`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum DstackConfiguration {
    /// A dev environment.
    DevEnvironment(DevEnvironmentConfiguration),
    /// A task.
    Task(TaskConfiguration),
    /// A service.
    Service(ServiceConfiguration),
    /// A fleet of instances.
    Fleet(FleetConfiguration),
    /// A gateway for services.
    Gateway(GatewayConfiguration),
    /// A network volume.
    Volume(VolumeConfiguration),
}
tagged_union!(DstackConfiguration, tag = "type", {
    DevEnvironment(DevEnvironmentConfiguration),
    Task(TaskConfiguration),
    Service(ServiceConfiguration),
    Fleet(FleetConfiguration),
    Gateway(GatewayConfiguration),
    Volume(VolumeConfiguration),
});

/// The rules of the base run fields: `image` and `python` exclude each other.
fn validate_base_run(
    image: &Option<String>,
    python: &Option<Python>,
    env: &Option<Env>,
    path: &mut Vec<Segment>,
    out: &mut Vec<Violation>,
) {
    if image.is_some() && python.is_some() {
        path.push(Segment::Key("python".to_owned()));
        out.push(Violation {
            path: path.clone(),
            message: "`image` and `python` are mutually exclusive".to_owned(),
            hint: Some(
                "remove `python` (the image brings its own Python) or remove `image`".to_owned(),
            ),
        });
        path.pop();
    }
    field(env, "env", path, out);
}

/// Tasks and services need something to run.
fn validate_commands(
    image: &Option<String>,
    commands: &Option<Vec<String>>,
    path: &[Segment],
    out: &mut Vec<Violation>,
) {
    if image.is_none() && commands.as_ref().is_none_or(Vec::is_empty) {
        out.push(Violation {
            path: path.to_vec(),
            message: "Either `commands` or `image` must be set".to_owned(),
            hint: Some("add `commands` to run, or an `image` whose entrypoint runs it".to_owned()),
        });
    }
}

impl Validate for DevEnvironmentConfiguration {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        validate_base_run(&self.image, &self.python, &self.env, path, out);
        validate_profile_params(&self.retry, path, out);
    }
}

impl Validate for TaskConfiguration {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        validate_base_run(&self.image, &self.python, &self.env, path, out);
        validate_commands(&self.image, &self.commands, path, out);
        validate_profile_params(&self.retry, path, out);
    }
}

impl Validate for ServiceConfiguration {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        validate_base_run(&self.image, &self.python, &self.env, path, out);
        validate_commands(&self.image, &self.commands, path, out);
        let is_range = self.replicas.as_ref().is_some_and(|r| r.range().is_range());
        match (is_range, &self.scaling) {
            (true, None) => {
                path.push(Segment::Key("replicas".to_owned()));
                out.push(Violation {
                    path: path.clone(),
                    message: "When you set `replicas` to a range, ensure to specify `scaling`."
                        .to_owned(),
                    hint: Some(
                        "add `scaling` with a `metric` and a `target`, or set `replicas` to a number"
                            .to_owned(),
                    ),
                });
                path.pop();
            }
            (false, Some(_)) => {
                path.push(Segment::Key("scaling".to_owned()));
                out.push(Violation {
                    path: path.clone(),
                    message: "To use `scaling`, `replicas` must be set to a range.".to_owned(),
                    hint: Some(
                        "set `replicas` to a range such as `0..4`, or remove `scaling`".to_owned(),
                    ),
                });
                path.pop();
            }
            _ => {}
        }
        validate_profile_params(&self.retry, path, out);
    }
}

impl Validate for DstackConfiguration {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        match self {
            DstackConfiguration::DevEnvironment(c) => c.validate(path, out),
            DstackConfiguration::Task(c) => c.validate(path, out),
            DstackConfiguration::Service(c) => c.validate(path, out),
            DstackConfiguration::Fleet(c) => c.validate(path, out),
            DstackConfiguration::Gateway(c) => c.validate(path, out),
            DstackConfiguration::Volume(c) => c.validate(path, out),
        }
    }
}

confspec_load::no_rules!(ScalingSpec, ReplicaBounds);

confspec_load::no_rules!(
    PythonVersion,
    Python,
    EnvVariable,
    EnvValue,
    PortMapping,
    Port,
    ServicePort,
    Replicas
);
