//! A small model of the loader's own tests, knowing nothing of any real project: a CI
//! pipeline (`pipeline.yml`) with a union of steps selected by `type`, a closed set, a map, an
//! optional list, a shorthand, a deprecated field and a cross-field rule.

#![allow(dead_code, deprecated)]

use std::collections::BTreeMap;

use confspec_load::shorthand::{Reject, Shorthand};
use confspec_load::validate::{Validate, Violation, field};
use confspec_load::{DeprecatedField, Segment};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A CI pipeline.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// The pipeline's name.
    pub name: String,
    /// Environment variables of every step.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// What runs, in order.
    pub steps: Vec<Step>,
    /// How long the pipeline may run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Timeout>,
    /// What starts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Vec<Trigger>>,
    /// Whether to run again once after a failure.
    #[deprecated(note = "Use `retries` instead.")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<bool>,
    /// How many times to run again after a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u8>,
}

/// The deprecated fields of the model, as a model crate's build script lists them
/// (`confspec_build::write_deprecated_fields`).
pub static DEPRECATED_FIELDS: &[DeprecatedField] = &[DeprecatedField {
    serde_struct: "Pipeline",
    key: "retry",
    note: Some("Use `retries` instead."),
}];

/// What starts a pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A push to a branch.
    Push,
    /// A pull request.
    PullRequest,
    /// A schedule.
    Schedule,
}

confspec_load::tag_literal!(
    /// The tag of [`RunStep`].
    RunType = "run"
);
confspec_load::tag_literal!(
    /// The tag of [`CacheStep`].
    CacheType = "cache"
);

/// A step that runs a command.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunStep {
    /// The tag.
    #[serde(default)]
    pub r#type: Option<RunType>,
    /// The command.
    pub command: String,
    /// The shell that runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
}
confspec_load::variant_tag!(RunStep, RunType);

/// A step that restores and saves a cache.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheStep {
    /// The tag.
    #[serde(default)]
    pub r#type: Option<CacheType>,
    /// The cache key.
    pub key: String,
    /// The paths cached.
    pub paths: Vec<String>,
}
confspec_load::variant_tag!(CacheStep, CacheType);

/// A step, selected by `type`.
#[derive(Debug, Clone, JsonSchema)]
pub enum Step {
    /// Runs a command.
    Run(RunStep),
    /// Restores and saves a cache.
    Cache(CacheStep),
}
confspec_load::tagged_union!(Step, tag = "type", { Run(RunStep), Cache(CacheStep) });

/// A duration in minutes, written `30m`, `2h` or as a number of minutes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Timeout {
    /// Minutes.
    Minutes(u32),
    /// `30m` or `2h`.
    Text(String),
}

impl Timeout {
    /// The duration in minutes.
    pub fn minutes(&self) -> u32 {
        match self {
            Timeout::Minutes(m) => *m,
            Timeout::Text(text) => parse_minutes(text).expect("checked when loaded"),
        }
    }
}

fn parse_minutes(text: &str) -> Option<u32> {
    let (number, unit) = text.split_at(text.len().checked_sub(1)?);
    let number: u32 = number.parse().ok()?;
    match unit {
        "m" => Some(number),
        "h" => number.checked_mul(60),
        _ => None,
    }
}

impl Shorthand for Timeout {
    const EXPECTING: &'static str = "a duration such as 30m or 2h, or a number of minutes";

    fn from_int(value: i128) -> Result<Self, Reject> {
        u32::try_from(value)
            .map(Timeout::Minutes)
            .map_err(|_| Self::unexpected())
    }

    fn from_text(value: &str) -> Result<Self, Reject> {
        match parse_minutes(value) {
            Some(0) => Err(Reject::Rule("a timeout must be longer than zero".into())),
            Some(_) => Ok(Timeout::Text(value.to_owned())),
            None => Err(Self::unexpected()),
        }
    }
}
confspec_load::deserialize_shorthand!(Timeout);

confspec_load::no_rules!(Trigger, RunStep, CacheStep, Step, Timeout);

impl Validate for Pipeline {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        if self.retry.is_some() && self.retries.is_some() {
            out.push(Violation {
                path: path.clone(),
                message: "`retry` and `retries` are mutually exclusive".into(),
                hint: Some("keep `retries`".into()),
            });
        }
        if self.steps.is_empty() {
            let mut at = path.clone();
            at.push(Segment::Key("steps".into()));
            out.push(Violation {
                path: at,
                message: "a pipeline needs at least one step".into(),
                hint: None,
            });
        }
        field(&self.steps, "steps", path, out);
    }
}
