//! Fleets (`type: fleet`): instances provisioned in the cloud, or existing hosts added over SSH.

use std::net::{Ipv4Addr, Ipv6Addr};

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
        deserialize_with = "confspec_load::fields::present"
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
    pub max_price: Option<crate::common::PositiveNumber>,
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

/// The networks Python's `ipaddress` counts as private (Python 3.11): dstack requires
/// `network.is_private`, true when the network's first and last addresses both lie in one of
/// these.
const PRIVATE_V4: [(Ipv4Addr, u8); 14] = [
    (Ipv4Addr::new(0, 0, 0, 0), 8),
    (Ipv4Addr::new(10, 0, 0, 0), 8),
    (Ipv4Addr::new(127, 0, 0, 0), 8),
    (Ipv4Addr::new(169, 254, 0, 0), 16),
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 0, 0, 0), 29),
    (Ipv4Addr::new(192, 0, 0, 170), 31),
    (Ipv4Addr::new(192, 0, 2, 0), 24),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
    (Ipv4Addr::new(198, 18, 0, 0), 15),
    (Ipv4Addr::new(198, 51, 100, 0), 24),
    (Ipv4Addr::new(203, 0, 113, 0), 24),
    (Ipv4Addr::new(240, 0, 0, 0), 4),
    (Ipv4Addr::new(255, 255, 255, 255), 32),
];
/// The IPv6 networks Python's `ipaddress` counts as private (see [`PRIVATE_V4`]).
const PRIVATE_V6: [(Ipv6Addr, u8); 10] = [
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 1), 128),
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 128),
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0), 96),
    (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64),
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23),
    (Ipv6Addr::new(0x2001, 2, 0, 0, 0, 0, 0, 0), 48),
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32),
    (Ipv6Addr::new(0x2001, 0x10, 0, 0, 0, 0, 0, 0), 28),
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10),
];

/// The first and last addresses of the network `address/prefix` (host bits ignored, as
/// dstack's `ip_network(value, strict=False)` does), as integers of `bits` bits.
fn network_range(address: u128, prefix: u32, bits: u32) -> (u128, u128) {
    let host = if prefix >= bits {
        0
    } else {
        (u128::MAX >> (128 - bits)) >> prefix
    };
    (address & !host, (address & !host) | host)
}

/// The prefix length a `/...` suffix of an IPv4 network gives: a number, a netmask
/// (`255.255.255.0`) or a host mask (`0.0.0.255`), as Python's `ipaddress` reads them.
fn ipv4_prefix(text: &str) -> Option<u32> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<u32>().ok().filter(|p| *p <= 32);
    }
    let mask = u32::from(text.parse::<Ipv4Addr>().ok()?);
    // A netmask is ones then zeros; a host mask, zeros then ones.
    let netmask = |m: u32| {
        let ones = m.leading_ones();
        (m.checked_shl(ones).unwrap_or(0) == 0).then_some(ones)
    };
    netmask(mask).or_else(|| netmask(!mask))
}

/// What is wrong with `text` as the network of an SSH fleet, read as dstack reads it
/// (`ipaddress.ip_network(value, strict=False)`, then `is_private`): not a network, or not a
/// private one.
fn network_problem(text: &str) -> Option<(&'static str, &'static str)> {
    const NOT_A_NETWORK: (&str, &str) = (
        "is not an IP network",
        "write it as `<ip>/<prefix>`, e.g. `10.0.0.0/24`",
    );
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    // An IPv6 address may carry a zone (`fe80::1%eth0`), which does not change the network.
    let address = address.split_once('%').map_or(address, |(a, _)| a);
    let private = if let Ok(ip) = address.parse::<Ipv4Addr>() {
        let Some(prefix) = prefix.map_or(Some(32), ipv4_prefix) else {
            return Some(NOT_A_NETWORK);
        };
        let (first, last) = network_range(u32::from(ip).into(), prefix, 32);
        PRIVATE_V4.iter().any(|(net, len)| {
            let (low, high) = network_range(u32::from(*net).into(), (*len).into(), 32);
            (low..=high).contains(&first) && (low..=high).contains(&last)
        })
    } else if let Ok(ip) = address.parse::<Ipv6Addr>() {
        let prefix = match prefix {
            None => 128,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                match p.parse::<u32>() {
                    Ok(p) if p <= 128 => p,
                    _ => return Some(NOT_A_NETWORK),
                }
            }
            Some(_) => return Some(NOT_A_NETWORK),
        };
        let (first, last) = network_range(u128::from(ip), prefix, 128);
        PRIVATE_V6.iter().any(|(net, len)| {
            let (low, high) = network_range(u128::from(*net), (*len).into(), 128);
            (low..=high).contains(&first) && (low..=high).contains(&last)
        })
    } else {
        return Some(NOT_A_NETWORK);
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
