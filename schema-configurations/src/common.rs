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

/// A duration: a number of seconds (`3600`, also as text, `"3600"`, as dstack reads it) or a
/// whole number with a unit `s`, `m`, `h`, `d` or `w` (`90s`, `30m`, `2h`, `1d`, `1w`). `1h30m`,
/// `1.5h` and `2H` are not accepted.
pub const DURATION_PATTERN: &str = r"^[0-9]+[smhdw]?$";

const DURATION_EXPECTED: &str = "a duration: seconds (`3600`) or a whole number with a unit s, m, h, d or w (`30m`, `2h`, `1d`)";

/// A duration: a number of seconds or a string such as `30m`, `2h`, `1d`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Duration {
    /// A number of seconds.
    Seconds(u64),
    /// A whole number with a unit: `s`, `m`, `h`, `d` or `w`, e.g. `2h` (without a unit:
    /// seconds, e.g. `"3600"`).
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

/// Parses `30m`, `2h`, `3600`... ([`DURATION_PATTERN`]) to seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    let (number, factor) = match text.chars().last()? {
        's' => (&text[..text.len() - 1], 1),
        'm' => (&text[..text.len() - 1], 60),
        'h' => (&text[..text.len() - 1], 3600),
        'd' => (&text[..text.len() - 1], 24 * 3600),
        'w' => (&text[..text.len() - 1], 7 * 24 * 3600),
        _ => (text, 1),
    };
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
        match parse_duration(value) {
            Some(_) => Ok(Duration::Text(value.to_owned())),
            // The form is right but the number of seconds exceeds 64 bits.
            None if is_duration_form(value) => Err(Reject::Rule(format!(
                "the duration `{value}` is too long: more than {} seconds",
                u64::MAX
            ))),
            None => Err(Self::unexpected()),
        }
    }
}

/// Whether `text` has the form of a duration ([`DURATION_PATTERN`]), whatever its size.
fn is_duration_form(text: &str) -> bool {
    let number = text.strip_suffix(['s', 'm', 'h', 'd', 'w']).unwrap_or(text);
    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
}

/// A number above zero, kept as written: `10` stays an integer, `0.5` a decimal (a price, a
/// target rate).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PositiveNumber {
    /// A whole number.
    Integer(#[schemars(extend("exclusiveMinimum" = 0))] i64),
    /// A decimal number.
    Decimal(#[schemars(extend("exclusiveMinimum" = 0))] f64),
}

impl PositiveNumber {
    /// The value.
    pub fn value(&self) -> f64 {
        match self {
            PositiveNumber::Integer(n) => *n as f64,
            PositiveNumber::Decimal(n) => *n,
        }
    }
}

impl Shorthand for PositiveNumber {
    const EXPECTING: &'static str = "a number above 0";
    fn from_int(value: i128) -> Result<Self, Reject> {
        i64::try_from(value)
            .ok()
            .filter(|n| *n > 0)
            .map(PositiveNumber::Integer)
            .ok_or_else(Self::unexpected)
    }
    fn from_float(value: f64) -> Result<Self, Reject> {
        (value.is_finite() && value > 0.0)
            .then_some(PositiveNumber::Decimal(value))
            .ok_or_else(Self::unexpected)
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
    // dstack's reader makes plain `off` the boolean false, then 0 seconds, which its runner
    // takes as no limit: the word means what it says either way.
    const YAML11_WORDS: &'static [&'static str] = &[Off::VALUE];
    fn from_int(value: i128) -> Result<Self, Reject> {
        Duration::from_int(value).map(MaxDuration::Duration)
    }
    fn from_text(value: &str) -> Result<Self, Reject> {
        if value == Off::VALUE {
            return Ok(MaxDuration::Off(Off::Value));
        }
        Duration::from_text(value)
            .map(MaxDuration::Duration)
            .map_err(|reject| match reject {
                Reject::Rule(message) => Reject::Rule(message),
                _ => Self::unexpected(),
            })
    }
}

deserialize_shorthand!(PositiveNumber, Duration, MaxDuration);

confspec_load::no_rules!(RegistryAuth, PositiveNumber, Duration, MaxDuration);
