fn main() {
    let g = schemars::generate::SchemaSettings::draft07().into_generator();
    let s = g.into_root_schema_for::<schema::ServerConfig>();
    println!("{}", serde_json::to_string_pretty(&s).unwrap());
    for y in [
"projects:\n- name: main\n  backends:\n  - type: aws\n    creds:\n      type: defaultx\n",
"projects:\n- name: main\n  backends:\n  - type: aws\n    public_ips: yes\n    creds:\n      type: default\n",
"projects:\n- name: main\n  backends:\n  - type: aws\n    creds:\n      type: access_key\n      acess_key: 1\n",
"projects:\n- name: main\n  backends:\n  - type: aws\n    creds:\n      type: access_key\n      access_key: 1\n",
"projects:\n- name: main\n  backends:\n  - type: aws\n    creds:\n      type: access_key\n      secret_key: x\n",
"projects:\n- name: main\n  name: x\n  backends: []\n",
"projects:\n- name: main\n  backends:\n  - type: awz\n",
"projects:\n- name: main\n  backends:\n  - type: kubernetes\n    kubeconfig: {filename: x}\n    networking: {ssh_port: \"32000\"}\n",
"projects:\n- name: main\n  backends:\n  - type: kubernetes\n    kubeconfig: {filename: x}\n    networking: {ssh_port: 70000}\n",
"projects:\n- name: main\n  backends:\n  - type: oci\n    creds: {type: client, user: u, tenancy: t, fingerprint: f, region: r}\n",
"projects:\n- name: main\n  backends:\n  - type: oci\n    creds: {type: default, file: null}\n",
"projects:\n- name: main\n  backends:\n  - creds: {type: default}\n",
] {
        match schema::load::from_str::<schema::ServerConfig>(y) {
            Ok(v) => println!("OK {}", serde_json::to_string(&v).unwrap()),
            Err(e) => for e in e { println!("ERR {e}  {:?}", e.kind) },
        }
    }
}
