//! Nebius.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`NebiusConfig`].
    NebiusType = "nebius"
);
tag_literal!(
    /// The `type` of [`NebiusServiceAccountCreds`].
    ServiceAccountType = "service_account"
);

/// The Nebius backend: a Nebius cloud folder in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "NebiusConfig", deny_unknown_fields)]
pub struct NebiusConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "NebiusType", extend("default" = "nebius"))]
    pub r#type: Option<NebiusType>,
    /// The ID of the Nebius cloud
    pub cloud_id: String,
    /// The ID of the folder in which resources are created
    pub folder_id: String,
    /// The ID of the network to attach instances to
    pub network_id: String,
    /// The list of Nebius regions. Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The credentials
    pub creds: NebiusServiceAccountCreds,
}
variant_tag!(NebiusConfig, NebiusType);

/// Nebius credentials given as a service account key file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "NebiusServiceAccountCreds", deny_unknown_fields)]
pub struct NebiusServiceAccountCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "ServiceAccountType", extend("default" = "service_account"))]
    pub r#type: Option<ServiceAccountType>,
    /// The path to the service account file
    #[serde(deserialize_with = "confspec_load::fields::non_empty")]
    #[schemars(length(min = 1))]
    pub filename: String,
    /// The contents of the service account file
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

confspec_load::no_rules!(NebiusConfig, NebiusServiceAccountCreds);
