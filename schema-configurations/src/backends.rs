//! The kinds of cloud backends a configuration may name.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A backend type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BackendType {
    Aws,
    Azure,
    Cudo,
    Datacrunch,
    Dstack,
    Gcp,
    Kubernetes,
    Lambda,
    Local,
    Remote,
    Nebius,
    Oci,
    Runpod,
    Tensordock,
    Vastai,
}

confspec_load::no_rules!(BackendType);
