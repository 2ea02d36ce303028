//! TLS, in a module of its own that the crate keeps private.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// TLS settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// The certificate file.
    pub certificate: String,
    /// The private key file.
    pub key: String,
}
