//! Vast.ai.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`VastAiConfig`].
    VastAiType = "vastai"
);
tag_literal!(
    /// The `type` of [`VastAiApiKeyCreds`].
    ApiKeyType = "api_key"
);

/// The Vast.ai backend: a Vast.ai account in which the server rents instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "VastAIConfig", deny_unknown_fields)]
pub struct VastAiConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "VastAiType", extend("default" = "vastai"))]
    pub r#type: Option<VastAiType>,
    /// The list of Vast.ai regions. Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The credentials
    pub creds: VastAiApiKeyCreds,
}
variant_tag!(VastAiConfig, VastAiType);

/// Vast.ai credentials given as an API key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "VastAIAPIKeyCreds", deny_unknown_fields)]
pub struct VastAiApiKeyCreds {
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

confspec_load::no_rules!(VastAiConfig, VastAiApiKeyCreds);
