//! Fleets (`type: fleet`): instances provisioned in the cloud, or existing hosts added over SSH.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::backends::BackendType;
use crate::common::Duration;
use crate::instances::SshKey;
use crate::profiles::{Retry, SpotPolicy, TerminationPolicy, validate_profile_params};
use crate::resources::{IntRange, ResourcesSpec};
use confspec_load::Segment;
use confspec_load::deserialize_shorthand;
use confspec_load::shorthand::{self, Reject, Shorthand};
use confspec_load::validate::{Validate, Violation, field};

tag_literal!(
    /// The `type` of [`FleetConfiguration`].
    FleetType = "fleet"
);

/// Where the instances of a fleet are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InstanceGroupPlacement {
    /// Anywhere.
    Any,
    /// In one cluster, with a fast interconnect between instances.
    Cluster,
}

/// A fleet: cloud instances `dstack` provisions, or existing hosts it connects to over SSH.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FleetConfiguration {
    /// The type of the configuration
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::macros::present"
    )]
    #[schemars(with = "FleetType", extend("default" = "fleet"))]
    pub r#type: Option<FleetType>,
    /// The fleet name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The parameters for adding instances via SSH
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_config: Option<SshParams>,
    /// The number of instances
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<IntRange>,
    /// The placement of instances: `any` or `cluster`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<InstanceGroupPlacement>,
    /// The resources requirements
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = {"cpu": "2..", "memory": "8GB..", "disk": "100GB.."}))]
    pub resources: Option<ResourcesSpec>,
    /// The backends to consider for provisioning (e.g., `[aws, gcp]`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backends: Option<Vec<BackendType>>,
    /// The regions to consider for provisioning (e.g., `[eu-west-1, us-west4, westeurope]`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The cloud-specific instance types to consider for provisioning (e.g., `[p3.8xlarge, n1-standard-4]`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_types: Option<Vec<String>>,
    /// The policy for provisioning spot or on-demand instances: `spot`, `on-demand`, or `auto`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot_policy: Option<SpotPolicy>,
    /// The policy for provisioning retry. Defaults to `false`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<Retry>,
    /// The maximum instance price per hour, in dollars
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_price: Option<crate::common::Float>,
    /// The policy for instance termination. Defaults to `destroy-after-idle`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_policy: Option<TerminationPolicy>,
    /// Time to wait before destroying idle instances. Defaults to `3d`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_idle_time: Option<Duration>,
}
variant_tag!(FleetConfiguration, FleetType);

/// How to reach the hosts of an SSH fleet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "SSHParams", deny_unknown_fields)]
pub struct SshParams {
    /// The user to log in with on all hosts
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The SSH port to connect to
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The private key to use for all hosts
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_file: Option<String>,
    /// The key pair to use for all hosts, given inline
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<SshKey>,
    /// The per host connection parameters: a hostname or an object that overrides default ssh parameters
    pub hosts: Vec<SshHost>,
    /// The network address for cluster setup in the format `<ip>/<netmask>`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// A host of an SSH fleet: its hostname, or its connection parameters.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename = "SSHHost", untagged)]
pub enum SshHost {
    /// The IP address or domain name.
    Hostname(String),
    /// The host and how to connect to it.
    Params(SshHostParams),
}

impl Shorthand for SshHost {
    const EXPECTING: &'static str = "a hostname or a mapping with `hostname`";
    fn from_text(value: &str) -> Result<Self, Reject> {
        Ok(SshHost::Hostname(value.to_owned()))
    }
    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        shorthand::map_into(map).map(SshHost::Params)
    }
}

deserialize_shorthand!(SshHost);

/// One host of an SSH fleet, with its own connection parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename = "SSHHostParams", deny_unknown_fields)]
pub struct SshHostParams {
    /// The IP address or domain to connect to
    pub hostname: String,
    /// The SSH port to connect to for this host
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The user to log in with for this host
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The private key to use for this host
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_file: Option<String>,
    /// The key pair to use for this host, given inline
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<SshKey>,
}

/// Whether `text` is an IP network (`10.0.0.0/24`) and a private one.
fn network_problem(text: &str) -> Option<(&'static str, &'static str)> {
    let (address, prefix) = text.split_once('/').unwrap_or((text, ""));
    let prefix: Option<u8> = if prefix.is_empty() {
        None
    } else {
        match prefix.parse() {
            Ok(p) => Some(p),
            Err(_) => {
                return Some((
                    "is not an IP network",
                    "write it as `<ip>/<prefix>`, e.g. `10.0.0.0/24`",
                ));
            }
        }
    };
    let private = match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) if prefix.is_none_or(|p| p <= 32) => ip.is_private(),
        Ok(std::net::IpAddr::V6(ip)) if prefix.is_none_or(|p| p <= 128) => {
            (ip.segments()[0] & 0xfe00) == 0xfc00
        }
        _ => {
            return Some((
                "is not an IP network",
                "write it as `<ip>/<prefix>`, e.g. `10.0.0.0/24`",
            ));
        }
    };
    if private {
        None
    } else {
        Some((
            "is not a private network",
            "use a private range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
        ))
    }
}

impl Validate for SshParams {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        if let Some(network) = &self.network
            && let Some((problem, hint)) = network_problem(network)
        {
            path.push(Segment::Key("network".to_owned()));
            out.push(Violation {
                path: path.clone(),
                message: format!("`{network}` {problem}"),
                hint: Some(hint.to_owned()),
            });
            path.pop();
        }
    }
}

impl Validate for FleetConfiguration {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        field(&self.ssh_config, "ssh_config", path, out);
        validate_profile_params(&self.retry, path, out);
    }
}

confspec_load::no_rules!(InstanceGroupPlacement, SshHost, SshHostParams);
