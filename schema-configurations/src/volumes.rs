//! Network volumes (`type: volume`) and how runs mount them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::backends::BackendType;
use crate::resources::Memory;

tag_literal!(
    /// The `type` of [`VolumeConfiguration`].
    VolumeType = "volume"
);

/// A network volume: created by `dstack`, or an existing one registered by its ID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VolumeConfiguration {
    /// The type of the configuration
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "confspec_load::fields::present"
    )]
    #[schemars(with = "VolumeType", extend("default" = "volume"))]
    pub r#type: Option<VolumeType>,
    /// The volume name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The volume backend
    pub backend: BackendType,
    /// The volume region
    pub region: String,
    /// The volume size. Must be specified when creating new volumes
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Memory>,
    /// The volume ID. Must be specified when registering external volumes
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_id: Option<String>,
}
variant_tag!(VolumeConfiguration, VolumeType);

/// A volume mounted into a run's container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VolumeMountPoint {
    /// The name of the volume to mount
    pub name: String,
    /// The container path to mount the volume at
    pub path: String,
}

confspec_load::no_rules!(VolumeConfiguration, VolumeMountPoint);
