//! The root of the server configuration: projects and the union of backends.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    aws, azure, cudo, datacrunch, dstack, gcp, kubernetes, lambda, nebius, oci, runpod, tensordock,
    vastai,
};
use confspec_load::Segment;
use confspec_load::validate::{Validate, Violation, field};

/// The server configuration file, `~/.dstack/server/config.yml`: the projects the server
/// manages and the backends each project uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// The list of projects
    pub projects: Vec<ProjectConfig>,
}

/// A project: its name and the cloud accounts (backends) it runs on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// The name of the project
    pub name: String,
    /// The list of backends
    pub backends: Vec<BackendConfig>,
}

/// One backend of a project, selected by its `type`.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum BackendConfig {
    /// Amazon Web Services.
    Aws(aws::AwsConfig),
    /// Microsoft Azure.
    Azure(azure::AzureConfig),
    /// CUDO Compute.
    Cudo(cudo::CudoConfig),
    /// DataCrunch.
    DataCrunch(datacrunch::DataCrunchConfig),
    /// Google Cloud Platform.
    Gcp(gcp::GcpConfig),
    /// A Kubernetes cluster.
    Kubernetes(kubernetes::KubernetesConfig),
    /// Lambda Cloud.
    Lambda(lambda::LambdaConfig),
    /// Nebius.
    Nebius(nebius::NebiusConfig),
    /// Oracle Cloud Infrastructure.
    Oci(oci::OciConfig),
    /// RunPod.
    Runpod(runpod::RunpodConfig),
    /// TensorDock.
    TensorDock(tensordock::TensorDockConfig),
    /// Vast.ai.
    VastAi(vastai::VastAiConfig),
    /// dstack Sky's own backend.
    Dstack(dstack::DstackConfig),
}

tagged_union!(BackendConfig, tag = "type", {
    Aws(aws::AwsConfig),
    Azure(azure::AzureConfig),
    Cudo(cudo::CudoConfig),
    DataCrunch(datacrunch::DataCrunchConfig),
    Gcp(gcp::GcpConfig),
    Kubernetes(kubernetes::KubernetesConfig),
    Lambda(lambda::LambdaConfig),
    Nebius(nebius::NebiusConfig),
    Oci(oci::OciConfig),
    Runpod(runpod::RunpodConfig),
    TensorDock(tensordock::TensorDockConfig),
    VastAi(vastai::VastAiConfig),
    Dstack(dstack::DstackConfig),
});

impl Validate for ServerConfig {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        field(&self.projects, "projects", path, out);
    }
}

impl Validate for ProjectConfig {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        field(&self.backends, "backends", path, out);
    }
}

impl Validate for BackendConfig {
    fn validate(&self, path: &mut Vec<Segment>, out: &mut Vec<Violation>) {
        if let BackendConfig::Oci(oci) = self {
            field(&oci.creds, "creds", path, out);
        }
    }
}

impl ServerConfig {
    /// Fills every `data` field left empty from the file its `filename` names (after `~`
    /// expansion against `home`). This is the only step that reads files; see [`crate::files`].
    pub fn load_files(
        &mut self,
        home: Option<&std::path::Path>,
    ) -> Result<(), crate::files::FileError> {
        for (p, project) in self.projects.iter_mut().enumerate() {
            for (b, backend) in project.backends.iter_mut().enumerate() {
                let at = |rest: &str| format!("projects[{p}].backends[{b}].{rest}");
                match backend {
                    BackendConfig::Gcp(gcp) => {
                        if let gcp::GcpCreds::ServiceAccount(creds) = &mut gcp.creds {
                            crate::files::fill(
                                &creds.filename,
                                &mut creds.data,
                                home,
                                at("creds.filename"),
                            )?;
                        }
                    }
                    BackendConfig::Nebius(nebius) => {
                        let creds = &mut nebius.creds;
                        crate::files::fill(
                            &creds.filename,
                            &mut creds.data,
                            home,
                            at("creds.filename"),
                        )?;
                    }
                    BackendConfig::Kubernetes(k8s) => {
                        let kubeconfig = &mut k8s.kubeconfig;
                        crate::files::fill(
                            &kubeconfig.filename,
                            &mut kubeconfig.data,
                            home,
                            at("kubeconfig.filename"),
                        )?;
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}
