//! CUDO Compute.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`CudoConfig`].
    CudoType = "cudo"
);
tag_literal!(
    /// The `type` of [`CudoApiKeyCreds`].
    ApiKeyType = "api_key"
);

/// The CUDO backend: a CUDO Compute project in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "CudoConfig", deny_unknown_fields)]
pub struct CudoConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "CudoType", extend("default" = "cudo"))]
    pub r#type: Option<CudoType>,
    /// The list of CUDO data centers to use. Omit to use all of them
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The project ID
    pub project_id: String,
    /// The credentials
    pub creds: CudoApiKeyCreds,
}
variant_tag!(CudoConfig, CudoType);

/// CUDO credentials given as an API key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "CudoAPIKeyCreds", deny_unknown_fields)]
pub struct CudoApiKeyCreds {
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

confspec_load::no_rules!(CudoConfig, CudoApiKeyCreds);
