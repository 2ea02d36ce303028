//! Types shared by several configuration files: registry credentials and durations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use confspec_load::deserialize_shorthand;
use confspec_load::shorthand::{Reject, Shorthand};

/// Credentials for pulling a private Docker image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistryAuth {
    /// The username
    pub username: String,
    /// The password or access token
    pub password: String,
}

/// A duration: a number of seconds (`3600`) or a whole number with a unit `s`, `m`, `h`, `d`
/// or `w` (`90s`, `30m`, `2h`, `1d`, `1w`). `1h30m`, `1.5h` and `2H` are not accepted.
pub const DURATION_PATTERN: &str = r"^[0-9]+[smhdw]$";

const DURATION_EXPECTED: &str = "a duration: seconds (`3600`) or a whole number with a unit s, m, h, d or w (`30m`, `2h`, `1d`)";

/// A duration: a number of seconds or a string such as `30m`, `2h`, `1d`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Duration {
    /// A number of seconds.
    Seconds(u64),
    /// A whole number with a unit: `s`, `m`, `h`, `d` or `w`, e.g. `2h`.
    Text(#[schemars(regex(pattern = DURATION_PATTERN))] String),
}

impl Duration {
    /// The duration in seconds (0 for a hand-built `Text` that is not a duration).
    pub fn seconds(&self) -> u64 {
        match self {
            Duration::Seconds(n) => *n,
            Duration::Text(text) => parse_duration(text).unwrap_or(0),
        }
    }
}

/// Parses `30m`, `2h`... ([`DURATION_PATTERN`]) to seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    let unit = text.chars().last()?;
    let factor = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 24 * 3600,
        'w' => 7 * 24 * 3600,
        _ => return None,
    };
    let number = &text[..text.len() - 1];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse::<u64>().ok()?.checked_mul(factor)
}

impl Shorthand for Duration {
    const EXPECTING: &'static str = DURATION_EXPECTED;
    fn from_int(value: i128) -> Result<Self, Reject> {
        u64::try_from(value)
            .map(Duration::Seconds)
            .map_err(|_| Self::unexpected())
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        parse_duration(value)
            .map(|_| Duration::Text(value.to_owned()))
            .ok_or_else(Self::unexpected)
    }
}

/// A number, kept as written: `10` stays an integer, `0.5` a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Float {
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Decimal(f64),
}

impl Float {
    /// The value.
    pub fn value(&self) -> f64 {
        match self {
            Float::Integer(n) => *n as f64,
            Float::Decimal(n) => *n,
        }
    }
}

impl Shorthand for Float {
    const EXPECTING: &'static str = "a number";
    fn from_int(value: i128) -> Result<Self, Reject> {
        i64::try_from(value)
            .map(Float::Integer)
            .map_err(|_| Reject::Value("a number within 64 bits".into()))
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        Ok(Float::Decimal(value))
    }
}

tag_literal!(
    /// The word `off`: no limit.
    Off = "off"
);

/// The maximum duration of a run: a duration or `off` (no limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MaxDuration {
    /// No limit.
    Off(Off),
    /// Stop the run after this long.
    Duration(Duration),
}

impl MaxDuration {
    /// The limit in seconds; `None` for `off`.
    pub fn seconds(&self) -> Option<u64> {
        match self {
            MaxDuration::Off(_) => None,
            MaxDuration::Duration(d) => Some(d.seconds()),
        }
    }
}

impl Shorthand for MaxDuration {
    const EXPECTING: &'static str = "`off` or a duration: seconds (`3600`) or a whole number with a unit s, m, h, d or w (`30m`, `2h`, `1d`)";
    fn from_int(value: i128) -> Result<Self, Reject> {
        Duration::from_int(value).map(MaxDuration::Duration)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        if value == Off::VALUE {
            return Ok(MaxDuration::Off(Off::Value));
        }
        Duration::from_text(value)
            .map(MaxDuration::Duration)
            .map_err(|_| Self::unexpected())
    }
}

deserialize_shorthand!(Float, Duration, MaxDuration);

confspec_load::no_rules!(RegistryAuth, Float, Duration, MaxDuration);
