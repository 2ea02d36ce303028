//! Google Cloud Platform.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`GcpConfig`].
    GcpType = "gcp"
);
tag_literal!(
    /// The `type` of [`GcpServiceAccountCreds`].
    ServiceAccountType = "service_account"
);
tag_literal!(
    /// The `type` of [`GcpDefaultCreds`].
    DefaultType = "default"
);

/// The GCP backend: a Google Cloud project in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "GCPConfig", deny_unknown_fields)]
pub struct GcpConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "GcpType", extend("default" = "gcp"))]
    pub r#type: Option<GcpType>,
    /// The project ID
    pub project_id: String,
    /// The list of GCP regions. Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The VPC name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_name: Option<String>,
    /// The shared VPC hosted project ID. Required for shared VPC only
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_project_id: Option<String>,
    /// A flag to enable/disable public IP assigning on instances. Defaults to `true`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ips: Option<bool>,
    /// The credentials
    pub creds: GcpCreds,
}
variant_tag!(GcpConfig, GcpType);

/// The credentials of the GCP backend, selected by their `type`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(rename = "GCPCreds", untagged)]
pub enum GcpCreds {
    /// A service account key file.
    ServiceAccount(GcpServiceAccountCreds),
    /// The application default credentials of the machine the server runs on.
    Default(GcpDefaultCreds),
}
tagged_union!(GcpCreds, tag = "type", {
    ServiceAccount(GcpServiceAccountCreds),
    Default(GcpDefaultCreds),
});

/// GCP credentials given as a service account key file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "GCPServiceAccountCreds", deny_unknown_fields)]
pub struct GcpServiceAccountCreds {
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
variant_tag!(GcpServiceAccountCreds, ServiceAccountType);

/// GCP credentials taken from the application default credentials of the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "GCPDefaultCreds", deny_unknown_fields)]
pub struct GcpDefaultCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "DefaultType", extend("default" = "default"))]
    pub r#type: Option<DefaultType>,
}
variant_tag!(GcpDefaultCreds, DefaultType);

confspec_load::no_rules!(GcpConfig, GcpCreds, GcpServiceAccountCreds, GcpDefaultCreds);
