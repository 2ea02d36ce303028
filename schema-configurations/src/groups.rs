//! The groups of fields that several structs share, each written once, for [`with_groups`]
//! (dstack's base classes: `BaseRunConfiguration`, `...WithPorts`, `...WithCommands`,
//! `ProfileParams`). A group is a `macro_rules!` whose one rule appends its fields to the
//! struct being built; types are named by full path, as the fields land in other modules.

// The fields of every run configuration (dstack's `BaseRunConfiguration`), in its order.
macro_rules! base_run {
    (@munch $rest:tt { $($acc:tt)* } $own:tt $head:tt) => {
        with_groups!(@munch $rest { $($acc)*
            /// The run name
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// The name of the Docker image to run
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::non_empty_or_null")]
            #[schemars(length(min = 1))]
            pub image: Option<String>,
            /// The Docker entrypoint
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub entrypoint: Option<String>,
            // dstack's description ends with a space, which its hook printed before the period
            // (the compat style shows it); `///` would lose it to rustfmt.
            #[doc = "The path to the working directory inside the container. It's specified relative to the repository directory (`/workflow`) and should be inside it. Defaults to `\".\"` "]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub working_dir: Option<String>,
            /// The absolute path to the home directory inside the container. Defaults to `/root`
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
            #[schemars(with = "String", extend("default" = "/root"))]
            pub home_dir: Option<String>,
            /// Credentials for pulling a private Docker image
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub registry_auth: Option<crate::common::RegistryAuth>,
            /// The major version of Python. Mutually exclusive with `image`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub python: Option<crate::configurations::Python>,
            /// The mapping or the list of environment variables
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
            #[schemars(with = "crate::configurations::Env", extend("default" = {}))]
            pub env: Option<crate::configurations::Env>,
            /// The bash commands to run on the boot
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
            #[schemars(with = "Vec<String>", extend("default" = []))]
            pub setup: Option<Vec<String>>,
            /// The resources requirements to run the configuration
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
            #[schemars(with = "crate::resources::ResourcesSpec", extend("default" = {"cpu": "2..", "memory": "8GB..", "disk": "100GB.."}))]
            pub resources: Option<crate::resources::ResourcesSpec>,
            /// The volumes mount points
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
            #[schemars(with = "Vec<crate::volumes::VolumeMountPoint>", extend("default" = []))]
            pub volumes: Option<Vec<crate::volumes::VolumeMountPoint>>,
        } $own $head);
    };
}

// The exposed ports of dev environments and tasks.
macro_rules! ports {
    (@munch $rest:tt { $($acc:tt)* } $own:tt $head:tt) => {
        with_groups!(@munch $rest { $($acc)*
            /// Port numbers/mapping to expose
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
            #[schemars(with = "Vec<crate::configurations::Port>", extend("default" = []))]
            pub ports: Option<Vec<crate::configurations::Port>>,
        } $own $head);
    };
}

// The commands of tasks and services.
macro_rules! commands {
    (@munch $rest:tt { $($acc:tt)* } $own:tt $head:tt) => {
        with_groups!(@munch $rest { $($acc)*
            /// The bash commands to run
            #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confspec_load::fields::present")]
            #[schemars(with = "Vec<String>", extend("default" = []))]
            pub commands: Option<Vec<String>>,
        } $own $head);
    };
}

// The provisioning fields of a profile and of every run configuration (dstack's
// `ProfileParams`), in its order.
macro_rules! profile_params {
    (@munch $rest:tt { $($acc:tt)* } $own:tt $head:tt) => {
        with_groups!(@munch $rest { $($acc)*
            /// The backends to consider for provisioning (e.g., `[aws, gcp]`)
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub backends: Option<Vec<crate::backends::BackendType>>,
            /// The regions to consider for provisioning (e.g., `[eu-west-1, us-west4, westeurope]`)
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub regions: Option<Vec<String>>,
            /// The cloud-specific instance types to consider for provisioning (e.g., `[p3.8xlarge, n1-standard-4]`)
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub instance_types: Option<Vec<String>>,
            /// The policy for provisioning spot or on-demand instances: `spot`, `on-demand`, or `auto`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub spot_policy: Option<crate::profiles::SpotPolicy>,
            /// The policy for resubmitting the run. Defaults to `false`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub retry: Option<crate::profiles::Retry>,
            /// The policy for resubmitting the run. Deprecated in favor of `retry`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[deprecated(note = "Use `retry` instead")]
            pub retry_policy: Option<crate::profiles::ProfileRetryPolicy>,
            /// The maximum duration of a run (e.g., `2h`, `1d`, etc). After it elapses, the run is forced to stop. Defaults to `off`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub max_duration: Option<crate::common::MaxDuration>,
            /// The maximum instance price per hour, in dollars
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub max_price: Option<crate::common::PositiveNumber>,
            /// The name of the pool. If not set, dstack will use the default name
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub pool_name: Option<String>,
            /// The name of the instance
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub instance_name: Option<String>,
            /// The policy for using instances from the pool. Defaults to `reuse-or-create`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub creation_policy: Option<crate::profiles::CreationPolicy>,
            /// The policy for instance termination. Defaults to `destroy-after-idle`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub termination_policy: Option<crate::profiles::TerminationPolicy>,
            /// Time to wait before destroying the idle instance. Defaults to `5m` for `dstack run` and to `3d` for `dstack pool add`
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub termination_idle_time: Option<crate::common::Duration>,
        } $own $head);
    };
}
