//! Amazon Web Services.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`AwsConfig`].
    AwsType = "aws"
);
tag_literal!(
    /// The `type` of [`AwsAccessKeyCreds`].
    AccessKeyType = "access_key"
);
tag_literal!(
    /// The `type` of [`AwsDefaultCreds`].
    DefaultType = "default"
);

/// The AWS backend: an AWS account in which the server provisions instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "AWSConfig", deny_unknown_fields)]
pub struct AwsConfig {
    /// The type of the backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "AwsType", extend("default" = "aws"))]
    pub r#type: Option<AwsType>,
    /// The list of AWS regions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The VPC name. All configured regions must have a VPC with this name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_name: Option<String>,
    /// The mapping from AWS regions to VPC IDs. If `default_vpcs: true`, omitted regions will use default VPCs
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_ids: Option<BTreeMap<String, String>>,
    /// A flag to enable/disable using default VPCs in regions not configured by `vpc_ids`. Set to `false` if default VPCs should never be used. Defaults to `true`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_vpcs: Option<bool>,
    /// A flag to enable/disable public IP assigning on instances. Defaults to `true`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ips: Option<bool>,
    /// The credentials
    pub creds: AwsCreds,
}
variant_tag!(AwsConfig, AwsType);

/// The credentials of the AWS backend, selected by their `type`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(rename = "AWSCreds", untagged)]
pub enum AwsCreds {
    /// An access key and its secret.
    AccessKey(AwsAccessKeyCreds),
    /// The default credentials of the machine the server runs on.
    Default(AwsDefaultCreds),
}
tagged_union!(AwsCreds, tag = "type", {
    AccessKey(AwsAccessKeyCreds),
    Default(AwsDefaultCreds),
});

/// AWS credentials given as an access key and its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "AWSAccessKeyCreds", deny_unknown_fields)]
pub struct AwsAccessKeyCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "AccessKeyType", extend("default" = "access_key"))]
    pub r#type: Option<AccessKeyType>,
    /// The access key
    pub access_key: String,
    /// The secret key
    pub secret_key: String,
}
variant_tag!(AwsAccessKeyCreds, AccessKeyType);

/// AWS credentials taken from the environment of the server (`~/.aws/credentials`, instance
/// roles, environment variables).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "AWSDefaultCreds", deny_unknown_fields)]
pub struct AwsDefaultCreds {
    /// The type of credentials
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "DefaultType", extend("default" = "default"))]
    pub r#type: Option<DefaultType>,
}
variant_tag!(AwsDefaultCreds, DefaultType);

confspec_load::no_rules!(AwsConfig, AwsCreds, AwsAccessKeyCreds, AwsDefaultCreds);
