//! TensorDock.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`TensorDockConfig`].
    TensorDockType = "tensordock"
);
tag_literal!(
    /// The `type` of [`TensorDockApiKeyCreds`].
    ApiKeyType = "api_key"
);

/// The TensorDock backend: a TensorDock marketplace account in which the server provisions
/// instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "TensorDockConfig", deny_unknown_fields)]
pub struct TensorDockConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "TensorDockType", extend("default" = "tensordock"))]
    pub r#type: Option<TensorDockType>,
    /// The list of TensorDock regions. Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The credentials
    pub creds: TensorDockApiKeyCreds,
}
variant_tag!(TensorDockConfig, TensorDockType);

/// TensorDock credentials given as an authorization key and its token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "TensorDockAPIKeyCreds", deny_unknown_fields)]
pub struct TensorDockApiKeyCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "ApiKeyType", extend("default" = "api_key"))]
    pub r#type: Option<ApiKeyType>,
    /// The API key
    pub api_key: String,
    /// The API token
    pub api_token: String,
}

confspec_load::no_rules!(TensorDockConfig, TensorDockApiKeyCreds);
