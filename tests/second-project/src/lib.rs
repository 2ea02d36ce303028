//! The configuration of a small web service, `app.yml`: the model codegen documents, checks
//! and gives bindings for.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// A model type may live in a private module: the type's `pub use` is the path the build
// script registers it by (`app_config::Tls`).
mod tls;
pub use tls::Tls;

/// The service's configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// The service's name, shown in logs.
    pub name: String,
    /// The port to listen on.
    #[serde(default = "default_port")]
    pub port: u16,
    /// Seconds a request may take.
    #[serde(default = "default_timeout")]
    pub timeout: f64,
    /// How much to log.
    #[serde(default)]
    pub log_level: LogLevel,
    /// Where uploads are kept.
    pub storage: Storage,
    /// Upstream services, tried in order.
    #[serde(default)]
    pub upstreams: Vec<Upstream>,
    /// Labels added to every metric.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// TLS settings; plain HTTP when absent.
    #[serde(default)]
    pub tls: Option<Tls>,
}

fn default_port() -> u16 {
    8080
}

fn default_timeout() -> f64 {
    30.0
}

/// How much to log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// Errors only.
    Error,
    /// Errors and notable events.
    #[default]
    Info,
    /// Everything.
    Debug,
}

/// Where uploads are kept, chosen by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Storage {
    /// A directory on the server.
    Local(LocalStorage),
    /// An S3 bucket.
    S3(S3Storage),
}

/// A directory on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalStorage {
    /// The directory.
    pub path: String,
}

/// An S3 bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3Storage {
    /// The bucket's name.
    pub bucket: String,
    /// The bucket's region.
    #[serde(default = "default_region")]
    pub region: String,
}

fn default_region() -> String {
    "us-east-1".to_owned()
}

/// An upstream service: its URL, or its URL with a weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Upstream {
    /// Just the URL.
    Url(String),
    /// The URL and a weight.
    Weighted(WeightedUpstream),
}

/// An upstream with a weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightedUpstream {
    /// The URL.
    pub url: String,
    /// Its share of the requests.
    #[serde(default = "default_weight")]
    pub weight: u32,
}

fn default_weight() -> u32 {
    1
}
