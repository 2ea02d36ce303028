//! The loading API: strictness (booleans, no coercion), defaults that round-trip, effective
//! values, error rendering, `from_path`, and `ServerConfig::load_files` (the only step that reads
//! files named in the configuration).

// The loader's fixture harness names the loader `confspec_load`, this crate's dependency `load`.
extern crate confspec_load;

#[path = "common/fixtures.rs"]
mod fixtures;

use schema::load::{self, ErrorKind, FileLoadError};
use schema::oci::OciCreds;
use schema::{BackendConfig, ServerConfig};
use serde_json::Value;

fn one_backend(backend: &str) -> String {
    let mut text = String::from("projects:\n  - name: main\n    backends:\n");
    for line in backend.lines() {
        text.push_str("      ");
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn error_of(text: &str) -> load::LoadError {
    let errors = load::from_str::<ServerConfig>(text).expect_err("should be rejected");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

#[test]
fn yaml11_booleans_are_errors_in_boolean_fields_with_a_hint() {
    for (word, meant) in [
        ("yes", true),
        ("Yes", true),
        ("YES", true),
        ("on", true),
        ("On", true),
        ("ON", true),
        ("y", true),
        ("Y", true),
        ("no", false),
        ("No", false),
        ("NO", false),
        ("off", false),
        ("Off", false),
        ("OFF", false),
        ("n", false),
        ("N", false),
    ] {
        let text = one_backend(&format!(
            "- type: aws\n  public_ips: {word}\n  creds:\n    type: default"
        ));
        let err = error_of(&text);
        assert_eq!(err.kind, ErrorKind::WrongType, "{word}");
        assert_eq!(err.path, "projects[0].backends[0].public_ips", "{word}");
        assert_eq!((err.pos.line, err.pos.column), (5, 21), "{word}");
        assert_eq!(
            err.message,
            format!("expected a boolean, found `{word}`: YAML 1.1 booleans are not accepted")
        );
        assert_eq!(
            err.hint.as_deref(),
            Some(format!("write `{meant}`").as_str())
        );
    }
}

#[test]
fn yaml11_readings_are_refused_in_string_fields_with_a_quote_hint() {
    for word in ["yes", "No", "ON", "off", "1:30", "2024-01-01", "="] {
        for at in ["vpc_name: {w}", "regions: [{w}]", "vpc_ids: {{w}: vpc-1}"] {
            let field = at.replace("{w}", word);
            let text = one_backend(&format!(
                "- type: aws\n  {field}\n  creds:\n    type: default"
            ));
            let errors = load::from_str::<ServerConfig>(&text).unwrap_err();
            assert_eq!(errors[0].kind, ErrorKind::WrongType, "{field}");
            assert!(
                errors[0].message.contains("in YAML 1.1 (dstack's reader)"),
                "{field}: {}",
                errors[0].message
            );
            assert_eq!(
                errors[0].hint.as_deref(),
                Some(format!("quote it: `\"{word}\"`").as_str())
            );
            // Quoted, the same text is a string in both readings.
            let quoted = at.replace("{w}", &format!("\"{word}\""));
            let text = one_backend(&format!(
                "- type: aws\n  {quoted}\n  creds:\n    type: default"
            ));
            load::from_str::<ServerConfig>(&text).unwrap();
        }
    }
}

#[test]
fn scalars_both_readings_share_load_as_written() {
    // `y`/`n` and mixed case are strings to PyYAML too; the shorthands of dstack's run
    // configurations (ranges, sizes, durations, GPU specs) read the same in YAML 1.1 and 1.2.
    for word in [
        "y",
        "N",
        "yEs",
        "1..8",
        "8GB",
        "1d",
        "A100:80GB:2",
        "0o17x",
        "-.5x",
    ] {
        let text = one_backend(&format!(
            "- type: aws\n  vpc_name: {word}\n  regions: [{word}]\n  creds:\n    type: default"
        ));
        let config = load::from_str::<ServerConfig>(&text).unwrap();
        let BackendConfig::Aws(aws) = &config.projects[0].backends[0] else {
            panic!()
        };
        assert_eq!(aws.vpc_name.as_deref(), Some(word));
    }
}

#[test]
fn types_read_through_deserialize_any_see_the_yaml12_reading() {
    // The rule applies where a string or a number is asked for, and where a shorthand type
    // takes the scalar as text; a type that asks for any value and keeps it as it is
    // (`serde_json::Value`) gets YAML 1.2's reading.
    let node = load::parse("a: no\nb: 1:30\nc: 026").unwrap();
    let value: serde_json::Value = load::Loader::new().from_node(&node).unwrap();
    assert_eq!(value, serde_json::json!({"a": "no", "b": "1:30", "c": 26}));
}

#[test]
fn numbers_are_reported_as_written() {
    let text = one_backend(
        "- type: kubernetes\n  kubeconfig:\n    filename: k\n  networking:\n    ssh_port: 1.50",
    );
    let errors = load::from_str::<ServerConfig>(&text).unwrap_err();
    assert!(
        errors[0].message.ends_with("found number `1.50`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn yaml12_booleans_are_booleans() {
    for (word, value) in [
        ("true", true),
        ("false", false),
        ("True", true),
        ("FALSE", false),
    ] {
        let text = one_backend(&format!(
            "- type: aws\n  public_ips: {word}\n  creds:\n    type: default"
        ));
        let config = load::from_str::<ServerConfig>(&text).unwrap();
        let BackendConfig::Aws(aws) = &config.projects[0].backends[0] else {
            panic!()
        };
        assert_eq!(aws.public_ips, Some(value), "{word}");
    }
}

#[test]
fn nothing_is_coerced() {
    let k8s = |port: &str| {
        one_backend(&format!(
            "- type: kubernetes\n  kubeconfig:\n    filename: k\n  networking:\n    ssh_port: {port}"
        ))
    };
    for (text, message) in [
        (
            k8s("\"32000\""),
            "expected an integer (u16), found string \"32000\"",
        ),
        (
            k8s("'22'"),
            "expected an integer (u16), found string \"22\"",
        ),
        (
            k8s("22.0"),
            "expected an integer (u16), found number `22.0`",
        ),
        (
            k8s("true"),
            "expected an integer (u16), found boolean `true`",
        ),
        (
            k8s("65536"),
            "integer `65536` is out of range for u16 (0 to 65535)",
        ),
        (
            one_backend("- type: vastai\n  creds:\n    api_key: 1"),
            "expected a string, found integer `1`",
        ),
        (
            one_backend("- type: vastai\n  creds:\n    api_key: 1.5"),
            "expected a string, found number `1.5`",
        ),
        (
            one_backend("- type: vastai\n  creds:\n    api_key: [k]"),
            "expected a string, found a list",
        ),
        (
            one_backend("- type: aws\n  public_ips: 1\n  creds:\n    type: default"),
            "expected a boolean, found integer `1`",
        ),
        (
            one_backend("- type: aws\n  public_ips: \"true\"\n  creds:\n    type: default"),
            "expected a boolean, found string \"true\"",
        ),
    ] {
        let err = error_of(&text);
        assert_eq!(err.kind, ErrorKind::WrongType, "{text}");
        assert_eq!(err.message, message, "{text}");
    }
    // Hex is an integer in YAML 1.2: a port written so is a port.
    let config = load::from_str::<ServerConfig>(&k8s("0x7D00")).unwrap();
    let BackendConfig::Kubernetes(k) = &config.projects[0].backends[0] else {
        panic!()
    };
    assert_eq!(k.networking.as_ref().unwrap().ssh_port, Some(32000));
}

#[test]
fn errors_render_with_position_path_message_and_hint() {
    let err = error_of(&one_backend("- type: awz"));
    assert_eq!(
        err.to_string(),
        "4:15: projects[0].backends[0].type: unknown value `awz`, expected one of `aws`, `azure`, \
         `cudo`, `datacrunch`, `gcp`, `kubernetes`, `lambda`, `nebius`, `oci`, `runpod`, \
         `tensordock`, `vastai`, `dstack` (did you mean `aws`?)"
    );
    assert_eq!(err.expected.len(), 13);
    let err = error_of("projects: []\nprojets: []\n");
    assert_eq!(
        err.to_string(),
        "2:1: projets: unknown key `projets`, expected one of `projects` (did you mean `projects`?)"
    );
}

#[test]
fn omitted_defaults_round_trip_and_effective_values_apply() {
    let omitted = one_backend("- type: oci\n  creds:\n    type: default");
    let config = load::from_str::<ServerConfig>(&omitted).unwrap();
    let BackendConfig::Oci(oci) = &config.projects[0].backends[0] else {
        panic!()
    };
    let OciCreds::Default(creds) = &oci.creds else {
        panic!()
    };
    assert_eq!(creds.file, None);
    assert_eq!(creds.profile, None);
    assert_eq!(creds.effective_file(), "~/.oci/config");
    assert_eq!(creds.effective_profile(), "DEFAULT");
    let json = serde_json::to_value(&config).unwrap();
    assert_eq!(
        json["projects"][0]["backends"][0]["creds"],
        serde_json::json!({"type": "default"}),
        "an omitted default must stay omitted"
    );

    // Given, even equal to the default: kept.
    let given = one_backend(
        "- type: oci\n  creds:\n    type: default\n    file: ~/.oci/config\n    profile: OTHER",
    );
    let config = load::from_str::<ServerConfig>(&given).unwrap();
    let BackendConfig::Oci(oci) = &config.projects[0].backends[0] else {
        panic!()
    };
    let OciCreds::Default(creds) = &oci.creds else {
        panic!()
    };
    assert_eq!(creds.effective_profile(), "OTHER");
    let json = serde_json::to_value(&config).unwrap();
    assert_eq!(
        json["projects"][0]["backends"][0]["creds"],
        serde_json::json!({"type": "default", "file": "~/.oci/config", "profile": "OTHER"})
    );

    // A filled-at-load-time value stays unfilled by parsing.
    let azure = one_backend(
        "- type: azure\n  tenant_id: backend\n  subscription_id: s\n  creds:\n    type: client\n    client_id: c\n    client_secret: s",
    );
    let config = load::from_str::<ServerConfig>(&azure).unwrap();
    let BackendConfig::Azure(az) = &config.projects[0].backends[0] else {
        panic!()
    };
    let schema::azure::AzureCreds::Client(client) = &az.creds else {
        panic!()
    };
    assert_eq!(client.tenant_id, None);
    assert_eq!(client.effective_tenant_id(az), "backend");
}

#[test]
fn every_good_fixture_serialises_back_to_its_document() {
    for fixture in fixtures::all().iter().filter(|f| f.errors.is_empty()) {
        let node = load::parse(&fixture.text).unwrap();
        let config: ServerConfig = load::from_node(&node).unwrap();
        let written = serde_json::to_value(&config).unwrap();
        assert_eq!(
            written,
            strip_nulls(node.to_json()),
            "{}: serialising changed the document",
            fixture.name
        );
        // And what was written loads to the same value (JSON is YAML).
        let again: ServerConfig =
            load::from_str(&serde_json::to_string(&written).unwrap()).unwrap();
        assert_eq!(again, config, "{}", fixture.name);
    }
}

#[test]
fn from_path_reports_a_missing_file_and_content_errors_with_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("config.yml");
    match load::from_path::<ServerConfig>(&missing) {
        Err(FileLoadError::Io(path, err)) => {
            assert_eq!(path, missing);
            assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    std::fs::write(&missing, "projects:\n  - name: 1\n    backends: []\n").unwrap();
    let err = load::from_path::<ServerConfig>(&missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2:11: projects[0].name: expected a string, found integer `1`",
            missing.display()
        )
    );
    std::fs::write(&missing, "projects: []\n").unwrap();
    assert_eq!(
        load::from_path::<ServerConfig>(&missing).unwrap(),
        ServerConfig { projects: vec![] }
    );
}

const WITH_FILES: &str = "projects:
  - name: main
    backends:
      - type: gcp
        project_id: p
        creds:
          type: service_account
          filename: ~/keys/gcp.json
      - type: nebius
        cloud_id: c
        folder_id: f
        network_id: n
        creds:
          filename: ~/keys/nebius.json
          data: inline
      - type: kubernetes
        kubeconfig:
          filename: ~/.kube/config
";

#[test]
fn parsing_reads_no_file_and_load_files_fills_data_from_home() {
    let home = tempfile::tempdir().unwrap();
    // Parsing succeeds though no file exists, and fills nothing.
    let mut config = load::from_str::<ServerConfig>(WITH_FILES).unwrap();
    let parsed = config.clone();
    let err = config.load_files(Some(home.path())).unwrap_err();
    let expected_file = home.path().join("keys/gcp.json");
    assert_eq!(err.path, "projects[0].backends[0].creds.filename");
    assert_eq!(err.file, expected_file);
    assert_eq!(
        err.to_string(),
        format!(
            "projects[0].backends[0].creds.filename: No such file: {}",
            expected_file.display()
        )
    );

    std::fs::create_dir_all(home.path().join("keys")).unwrap();
    std::fs::create_dir_all(home.path().join(".kube")).unwrap();
    std::fs::write(home.path().join("keys/gcp.json"), "{\"gcp\": 1}").unwrap();
    let mut config = parsed.clone();
    let err = config.load_files(Some(home.path())).unwrap_err();
    assert_eq!(err.path, "projects[0].backends[2].kubeconfig.filename");

    std::fs::write(home.path().join(".kube/config"), "kind: Config").unwrap();
    let mut config = parsed.clone();
    config.load_files(Some(home.path())).unwrap();
    let backends = &config.projects[0].backends;
    let BackendConfig::Gcp(gcp) = &backends[0] else {
        panic!()
    };
    let schema::gcp::GcpCreds::ServiceAccount(sa) = &gcp.creds else {
        panic!()
    };
    assert_eq!(sa.data.as_deref(), Some("{\"gcp\": 1}"));
    // Given data is kept: the nebius file does not exist and is not read.
    let BackendConfig::Nebius(nebius) = &backends[1] else {
        panic!()
    };
    assert_eq!(nebius.creds.data.as_deref(), Some("inline"));
    let BackendConfig::Kubernetes(k8s) = &backends[2] else {
        panic!()
    };
    assert_eq!(k8s.kubeconfig.data.as_deref(), Some("kind: Config"));
    // The parsed value was not touched.
    let BackendConfig::Gcp(gcp) = &parsed.projects[0].backends[0] else {
        panic!()
    };
    let schema::gcp::GcpCreds::ServiceAccount(sa) = &gcp.creds else {
        panic!()
    };
    assert_eq!(sa.data, None);
}
