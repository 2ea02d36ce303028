//! Lambda Cloud.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`LambdaConfig`].
    LambdaType = "lambda"
);
tag_literal!(
    /// The `type` of [`LambdaApiKeyCreds`].
    ApiKeyType = "api_key"
);

/// The Lambda backend: a Lambda Cloud account in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "LambdaConfig", deny_unknown_fields)]
pub struct LambdaConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "LambdaType", extend("default" = "lambda"))]
    pub r#type: Option<LambdaType>,
    /// The list of Lambda regions. Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The credentials
    pub creds: LambdaApiKeyCreds,
}
variant_tag!(LambdaConfig, LambdaType);

/// Lambda credentials given as an API key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "LambdaAPIKeyCreds", deny_unknown_fields)]
pub struct LambdaApiKeyCreds {
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

confspec_load::no_rules!(LambdaConfig, LambdaApiKeyCreds);
