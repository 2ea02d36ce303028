//! Provisioning profiles (`~/.dstack/profiles.yml`) and the provisioning fields every run
//! configuration shares with them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::Duration;
use confspec_load::Segment;
use confspec_load::deserialize_shorthand;
use confspec_load::shorthand::{self, Reject, Shorthand};
use confspec_load::validate::{Validate, Violation, field};

/// The policy for provisioning spot or on-demand instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SpotPolicy {
    /// Spot instances only.
    Spot,
    /// On-demand instances only.
    OnDemand,
    /// Spot instances when available, else on-demand ones.
    Auto,
}

/// The policy for using instances from the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CreationPolicy {
    /// Only reuse idle instances of the pool.
    Reuse,
    /// Reuse an idle instance, or create one.
    ReuseOrCreate,
}

/// The policy for terminating instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TerminationPolicy {
    /// Keep instances when they are idle.
    DontDestroy,
    /// Destroy instances after they are idle for `termination_idle_time`.
    DestroyAfterIdle,
}

/// An event upon which a run is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RetryEvent {
    /// No instance could be provisioned.
    NoCapacity,
    /// A spot instance was interrupted.
    Interruption,
    /// The run failed.
    Error,
}

/// When and for how long a run is retried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRetry {
    /// The list of events that should be handled with retry. Supported events are `no-capacity`, `interruption`, and `error`
    #[serde(deserialize_with = "non_empty_events")]
    #[schemars(length(min = 1))]
    pub on_events: Vec<RetryEvent>,
    /// The maximum period of retrying the run, e.g., `4h` or `1d`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
}

/// The former retry policy (replaced by `retry`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRetryPolicy {
    /// Whether to retry the run on failure or not
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "bool", extend("default" = false))]
    pub retry: Option<bool>,
    /// The maximum period of retrying the run, e.g., `4h` or `1d`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
}

/// Whether a run is retried: `true` (on every event), `false`, or the events and duration.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Retry {
    /// `true`: retry on every event with no time limit; `false`: never retry.
    Flag(bool),
    /// Retry on these events, for at most this long.
    Policy(ProfileRetry),
}

impl Shorthand for Retry {
    const EXPECTING: &'static str = "`true`, `false` or a mapping with `on_events` and `duration`";
    fn from_bool(value: bool) -> Result<Self, Reject> {
        Ok(Retry::Flag(value))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        shorthand::map_into(map).map(Retry::Policy)
    }
}

deserialize_shorthand!(Retry);

with_groups! {
    #[groups(profile_params, fields)]
    /// A named set of provisioning settings that `dstack run` applies with `--profile`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(deprecated)]
    pub struct Profile {
        /// The name of the profile that can be passed as `--profile` to `dstack run`
        pub name: String,
        /// If set to true, `dstack run` will use this profile by default.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "confspec_load::fields::present"
        )]
        #[schemars(with = "bool", extend("default" = false))]
        pub default: Option<bool>,
    }
}

/// The profiles file, `~/.dstack/profiles.yml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilesConfig {
    /// The profiles
    pub profiles: Vec<Profile>,
}

impl Validate for Retry {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        if let Retry::Policy(policy) = self {
            policy.validate(path, out);
        }
    }
}

/// Reads `on_events`, which lists at least one event (dstack: "`on_events` cannot be empty").
fn non_empty_events<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<RetryEvent>, D::Error> {
    let events = Vec::<RetryEvent>::deserialize(deserializer)?;
    if events.is_empty() {
        return Err(serde::de::Error::custom("`on_events` cannot be empty"));
    }
    Ok(events)
}

/// The rules of the provisioning fields, shared by profiles and run configurations.
pub(crate) fn validate_profile_params(
    retry: &Option<Retry>,
    path: &mut Vec<Segment>,
    out: &mut Vec<Violation>,
) {
    field(retry, "retry", path, out);
}

impl Validate for Profile {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        validate_profile_params(&self.retry, path, out);
    }
}

impl Validate for ProfilesConfig {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        field(&self.profiles, "profiles", path, out);
    }
}

impl Profile {
    /// Whether `dstack run` uses this profile by default.
    pub fn effective_default(&self) -> bool {
        self.default.unwrap_or(false)
    }
}

confspec_load::no_rules!(
    ProfileRetry,
    SpotPolicy,
    CreationPolicy,
    TerminationPolicy,
    RetryEvent,
    ProfileRetryPolicy
);
