//! Oracle Cloud Infrastructure.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use confspec_load::Segment;
use confspec_load::validate::{Validate, Violation};

tag_literal!(
    /// The `type` of [`OciConfig`].
    OciType = "oci"
);
tag_literal!(
    /// The `type` of [`OciClientCreds`].
    ClientType = "client"
);
tag_literal!(
    /// The `type` of [`OciDefaultCreds`].
    DefaultType = "default"
);

/// The OCI backend: an Oracle Cloud tenancy in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "OCIConfig", deny_unknown_fields)]
pub struct OciConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "OciType", extend("default" = "oci"))]
    pub r#type: Option<OciType>,
    /// The credentials
    pub creds: OciCreds,
    /// List of region names for running `dstack` jobs. Omit to use all regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// Compartment where `dstack` will create all resources. Omit to instruct `dstack` to create a new compartment
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compartment_id: Option<String>,
}
variant_tag!(OciConfig, OciType);

/// The credentials of the OCI backend, selected by their `type`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(rename = "OCICreds", untagged)]
pub enum OciCreds {
    /// An API signing key of a user.
    Client(OciClientCreds),
    /// A profile of the OCI CLI configuration file.
    Default(OciDefaultCreds),
}
tagged_union!(OciCreds, tag = "type", {
    Client(OciClientCreds),
    Default(OciDefaultCreds),
});

/// OCI credentials given as a user's API signing key. Exactly one of `key_file` and
/// `key_content` must be set (a `null` or an empty string counts as not set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "OCIClientCreds", deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["key_file"], "properties": {"key_file": {"type": "string", "minLength": 1}}},
    {"required": ["key_content"], "properties": {"key_content": {"type": "string", "minLength": 1}}},
]))]
pub struct OciClientCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "ClientType", extend("default" = "client"))]
    pub r#type: Option<ClientType>,
    /// User OCID
    pub user: String,
    /// Tenancy OCID
    pub tenancy: String,
    /// Path to the user's private PEM key. Either this or `key_content` should be set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    /// Content of the user's private PEM key. Either this or `key_file` should be set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_content: Option<String>,
    /// Passphrase for the private PEM key if it is encrypted
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_phrase: Option<String>,
    /// User's public key fingerprint
    pub fingerprint: String,
    /// Name or key of any region the tenancy is subscribed to
    pub region: String,
}
variant_tag!(OciClientCreds, ClientType);

/// OCI credentials taken from a profile of an OCI CLI-compatible configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "OCIDefaultCreds", deny_unknown_fields)]
pub struct OciDefaultCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "DefaultType", extend("default" = "default"))]
    pub r#type: Option<DefaultType>,
    /// Path to the OCI CLI-compatible config file
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "String", extend("default" = "~/.oci/config"))]
    pub file: Option<String>,
    /// Profile to load from the config file
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "String", extend("default" = "DEFAULT"))]
    pub profile: Option<String>,
}
variant_tag!(OciDefaultCreds, DefaultType);

impl OciDefaultCreds {
    /// The configuration file to read: the given one, else `~/.oci/config`.
    pub fn effective_file(&self) -> &str {
        self.file.as_deref().unwrap_or("~/.oci/config")
    }

    /// The profile to load: the given one, else `DEFAULT`.
    pub fn effective_profile(&self) -> &str {
        self.profile.as_deref().unwrap_or("DEFAULT")
    }
}

impl Validate for OciCreds {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        if let OciCreds::Client(client) = self {
            client.validate(path, out);
        }
    }
}

impl Validate for OciClientCreds {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        // An empty string counts as not set, as dstack reads it.
        let set = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
        let message = match (set(&self.key_file), set(&self.key_content)) {
            (true, true) => "key_file and key_content are mutually exclusive",
            (false, false) => "Either key_file or key_content should be set",
            _ => return,
        };
        out.push(Violation {
            path: path.clone(),
            message: message.to_owned(),
            hint: None,
        });
    }
}

confspec_load::no_rules!(OciConfig, OciDefaultCreds);
