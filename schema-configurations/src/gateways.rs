//! Gateways (`type: gateway`): the entry point of services, with their domain and certificate;
//! and the chat model mapping of a service's OpenAI-compatible endpoint.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::backends::BackendType;

tag_literal!(
    /// The `type` of [`GatewayConfiguration`].
    GatewayType = "gateway"
);
tag_literal!(
    /// The `type` of [`LetsEncryptGatewayCertificate`].
    LetsEncryptType = "lets-encrypt"
);
tag_literal!(
    /// The `type` of [`AcmGatewayCertificate`].
    AcmType = "acm"
);
tag_literal!(
    /// The `type` of a chat model.
    ChatType = "chat"
);
tag_literal!(
    /// The `format` of [`TgiChatModel`].
    TgiFormat = "tgi"
);
tag_literal!(
    /// The `format` of [`OpenAiChatModel`].
    OpenAiFormat = "openai"
);

/// A gateway: the entry point through which services are reached, on a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfiguration {
    /// The type of the configuration
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "GatewayType", extend("default" = "gateway"))]
    pub r#type: Option<GatewayType>,
    /// The gateway name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Make the gateway default
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "bool", extend("default" = false))]
    pub default: Option<bool>,
    /// The gateway backend
    pub backend: BackendType,
    /// The gateway region
    pub region: String,
    /// The gateway domain, e.g. `example.com`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Allocate public IP for the gateway
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "bool", extend("default" = true))]
    pub public_ip: Option<bool>,
    /// The SSL certificate configuration. Defaults to `type: lets-encrypt`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = {"type": "lets-encrypt"}))]
    pub certificate: Option<GatewayCertificate>,
}
variant_tag!(GatewayConfiguration, GatewayType);

/// The certificate of a gateway, selected by its `type`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum GatewayCertificate {
    /// Issued automatically by Let's Encrypt.
    LetsEncrypt(LetsEncryptGatewayCertificate),
    /// A certificate of AWS Certificate Manager.
    Acm(AcmGatewayCertificate),
}
tagged_union!(GatewayCertificate, tag = "type", {
    LetsEncrypt(LetsEncryptGatewayCertificate),
    Acm(AcmGatewayCertificate),
});

/// A certificate issued automatically by Let's Encrypt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetsEncryptGatewayCertificate {
    /// Automatic certificates by Let's Encrypt
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "LetsEncryptType", extend("default" = "lets-encrypt"))]
    pub r#type: Option<LetsEncryptType>,
}
variant_tag!(LetsEncryptGatewayCertificate, LetsEncryptType);

/// A wildcard certificate of AWS Certificate Manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "ACMGatewayCertificate", deny_unknown_fields)]
pub struct AcmGatewayCertificate {
    /// Certificates by AWS Certificate Manager (ACM)
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "AcmType", extend("default" = "acm"))]
    pub r#type: Option<AcmType>,
    /// The ARN of the wildcard ACM certificate for the domain
    pub arn: String,
}
variant_tag!(AcmGatewayCertificate, AcmType);

/// The model a service serves, for its OpenAI-compatible endpoint, selected by its `format`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum ChatModel {
    /// A model served by Text Generation Inference.
    Tgi(TgiChatModel),
    /// A model served with an OpenAI-compatible API.
    OpenAi(OpenAiChatModel),
}
tagged_union!(ChatModel, tag = "format", field = format, {
    Tgi(TgiChatModel),
    OpenAi(OpenAiChatModel),
});

/// What every chat model mapping has (dstack's `BaseChatModel`): the keys [`TgiChatModel`] and
/// [`OpenAiChatModel`] share, for pages that document them once. No file holds this type
/// itself: a service's `model` is a [`ChatModel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseChatModel {
    /// The type of the model
    pub r#type: ChatType,
    /// The name of the model
    pub name: String,
    /// The serving format. Supported values include `openai` and `tgi`
    pub format: String,
}

/// Mapping of the model for the OpenAI-compatible endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "TGIChatModel", deny_unknown_fields)]
pub struct TgiChatModel {
    /// The type of the model
    pub r#type: ChatType,
    /// The name of the model
    pub name: String,
    /// The serving format: Text Generation Inference
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "TgiFormat", extend("default" = "tgi"))]
    pub format: Option<TgiFormat>,
    /// The chat template of the model (by default, the one TGI reports)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_template: Option<String>,
    /// The token that ends a message (by default, the one TGI reports)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eos_token: Option<String>,
}

/// Mapping of the model for the OpenAI-compatible endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "OpenAIChatModel", deny_unknown_fields)]
pub struct OpenAiChatModel {
    /// The type of the model
    pub r#type: ChatType,
    /// The name of the model
    pub name: String,
    /// The serving format: an OpenAI-compatible API
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "OpenAiFormat", extend("default" = "openai"))]
    pub format: Option<OpenAiFormat>,
    /// The `base_url` prefix (after hostname)
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "String", extend("default" = "/v1"))]
    pub prefix: Option<String>,
}

impl TgiChatModel {
    /// The value of `format` that selects this variant.
    pub const TAG: &'static str = TgiFormat::VALUE;
}

impl OpenAiChatModel {
    /// The value of `format` that selects this variant.
    pub const TAG: &'static str = OpenAiFormat::VALUE;
}

confspec_load::no_rules!(
    GatewayConfiguration,
    GatewayCertificate,
    LetsEncryptGatewayCertificate,
    AcmGatewayCertificate,
    ChatModel,
    TgiChatModel,
    OpenAiChatModel,
    BaseChatModel
);
