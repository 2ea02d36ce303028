//! The dstack Sky backend, which needs no settings of its own.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`DstackConfig`].
    DstackType = "dstack"
);

/// The dstack backend: capacity offered through dstack Sky, configured by its `type` alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "DstackConfig", deny_unknown_fields)]
pub struct DstackConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "DstackType", extend("default" = "dstack"))]
    pub r#type: Option<DstackType>,
}
variant_tag!(DstackConfig, DstackType);

confspec_load::no_rules!(DstackConfig);
