//! Kubernetes clusters.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

tag_literal!(
    /// The `type` of [`KubernetesConfig`].
    KubernetesType = "kubernetes"
);

/// The Kubernetes backend: a cluster, self-managed or managed, in which the server runs pods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "KubernetesConfig", deny_unknown_fields)]
pub struct KubernetesConfig {
    /// The type of backend
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "KubernetesType", extend("default" = "kubernetes"))]
    pub r#type: Option<KubernetesType>,
    /// The kubeconfig configuration
    pub kubeconfig: KubeconfigConfig,
    /// The networking configuration
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub networking: Option<KubernetesNetworkingConfig>,
}
variant_tag!(KubernetesConfig, KubernetesType);

/// Where the kubeconfig of the cluster comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "KubeconfigConfig", deny_unknown_fields)]
pub struct KubeconfigConfig {
    /// The path to the kubeconfig file
    #[serde(deserialize_with = "confspec_load::fields::non_empty")]
    #[schemars(length(min = 1))]
    pub filename: String,
    /// The contents of the kubeconfig file
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// How the server reaches the pods of the cluster over SSH.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "KubernetesNetworkingConfig", deny_unknown_fields)]
pub struct KubernetesNetworkingConfig {
    /// The external IP address of any node
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_host: Option<String>,
    /// Any port accessible outside of the cluster
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_port: Option<u16>,
}

confspec_load::no_rules!(
    KubernetesConfig,
    KubeconfigConfig,
    KubernetesNetworkingConfig
);
