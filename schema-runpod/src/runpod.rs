//! RunPod.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`RunpodConfig`].
    RunpodType = "runpod"
);
tag_literal!(
    /// The `type` of [`RunpodApiKeyCreds`].
    ApiKeyType = "api_key"
);

/// The RunPod backend: a RunPod account in which the server provisions pods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "RunpodConfig", deny_unknown_fields)]
pub struct RunpodConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "RunpodType", extend("default" = "runpod"))]
    pub r#type: Option<RunpodType>,
    /// The list of RunPod regions. Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The credentials
    pub creds: RunpodApiKeyCreds,
}
variant_tag!(RunpodConfig, RunpodType);

/// RunPod credentials given as an API key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "RunpodAPIKeyCreds", deny_unknown_fields)]
pub struct RunpodApiKeyCreds {
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
}

confspec_load::no_rules!(RunpodConfig, RunpodApiKeyCreds);
