//! DataCrunch.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`DataCrunchConfig`].
    DataCrunchType = "datacrunch"
);
tag_literal!(
    /// The `type` of [`DataCrunchApiKeyCreds`].
    ApiKeyType = "api_key"
);

/// The DataCrunch backend: a DataCrunch account in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "DataCrunchConfig", deny_unknown_fields)]
pub struct DataCrunchConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "DataCrunchType", extend("default" = "datacrunch"))]
    pub r#type: Option<DataCrunchType>,
    /// The list of DataCrunch locations to use. Omit to use all of them
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The credentials
    pub creds: DataCrunchApiKeyCreds,
}
variant_tag!(DataCrunchConfig, DataCrunchType);

/// DataCrunch credentials given as a REST API client ID and secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "DataCrunchAPIKeyCreds", deny_unknown_fields)]
pub struct DataCrunchApiKeyCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "ApiKeyType", extend("default" = "api_key"))]
    pub r#type: Option<ApiKeyType>,
    /// The client ID
    pub client_id: String,
    /// The client secret
    pub client_secret: String,
}

confspec_load::no_rules!(DataCrunchConfig, DataCrunchApiKeyCreds);
