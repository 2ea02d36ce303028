//! SSH keys of instances.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An SSH key pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "SSHKey", deny_unknown_fields)]
pub struct SshKey {
    /// The public key
    pub public: String,
    /// The private key
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private: Option<String>,
}

confspec_load::no_rules!(SshKey);
