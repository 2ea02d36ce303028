//! Microsoft Azure.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`AzureConfig`].
    AzureType = "azure"
);
tag_literal!(
    /// The `type` of [`AzureClientCreds`].
    ClientType = "client"
);
tag_literal!(
    /// The `type` of [`AzureDefaultCreds`].
    DefaultType = "default"
);

/// The Azure backend: an Azure subscription in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "AzureConfig", deny_unknown_fields)]
pub struct AzureConfig {
    /// The type of the backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "AzureType", extend("default" = "azure"))]
    pub r#type: Option<AzureType>,
    /// The tenant ID
    pub tenant_id: String,
    /// The subscription ID
    pub subscription_id: String,
    /// The list of Azure regions (locations). Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The credentials
    pub creds: AzureCreds,
}
variant_tag!(AzureConfig, AzureType);

/// The credentials of the Azure backend, selected by their `type`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(rename = "AzureCreds", untagged)]
pub enum AzureCreds {
    /// A service principal's client ID and secret.
    Client(AzureClientCreds),
    /// The default credentials of the machine the server runs on.
    Default(AzureDefaultCreds),
}
tagged_union!(AzureCreds, tag = "type", {
    Client(AzureClientCreds),
    Default(AzureDefaultCreds),
});

/// Azure credentials given as a service principal's client ID and secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "AzureClientCreds", deny_unknown_fields)]
pub struct AzureClientCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "ClientType", extend("default" = "client"))]
    pub r#type: Option<ClientType>,
    /// The client ID
    pub client_id: String,
    /// The client secret
    pub client_secret: String,
    /// The tenant ID of the service principal. Omit to use the backend's `tenant_id`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}
variant_tag!(AzureClientCreds, ClientType);

impl AzureClientCreds {
    /// The tenant to authenticate against: this credential's own, else the backend's.
    pub fn effective_tenant_id<'a>(&'a self, backend: &'a AzureConfig) -> &'a str {
        self.tenant_id.as_deref().unwrap_or(&backend.tenant_id)
    }
}

/// Azure credentials taken from the environment of the server (the Azure CLI login, managed
/// identities, environment variables).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "AzureDefaultCreds", deny_unknown_fields)]
pub struct AzureDefaultCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "DefaultType", extend("default" = "default"))]
    pub r#type: Option<DefaultType>,
}
variant_tag!(AzureDefaultCreds, DefaultType);

confspec_load::no_rules!(AzureConfig, AzureCreds, AzureClientCreds, AzureDefaultCreds);
