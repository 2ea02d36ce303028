//! Smoke test of the scaling benchmarks' synthetic pipeline (`benches/common/synthetic.rs`):
//! at 100 types every stage after the registry runs without an error, produces what it should,
//! and produces it identically twice. No timing is asserted (`cargo bench -p codegen` measures).

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

use std::path::Path;

use synthetic::Synthetic;

#[test]
fn synthetic_pipeline_at_100_types_is_complete_and_deterministic() {
    let model = Synthetic::new(100);
    assert_eq!(model.definitions.len(), 100);
    assert_eq!(model.pages.len(), 10);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ctx = model.context(dir.path());
    assert_eq!(ctx.model.types.len(), 100);

    let first = synthetic::run_job(&ctx);
    let second = synthetic::run_job(&ctx);
    let a: Vec<(&Path, &[u8])> = first.files().collect();
    let b: Vec<(&Path, &[u8])> = second.files().collect();
    assert_eq!(a, b, "two runs differ");

    // One schema, ten pages, and both packages.
    let text = |path: &str| -> String {
        String::from_utf8(
            first
                .get(Path::new(path))
                .unwrap_or_else(|| panic!("{path} is produced"))
                .to_vec(),
        )
        .expect("UTF-8")
    };
    let schema: serde_json::Value =
        serde_json::from_str(&text("schemas/synthetic.json")).expect("the schema is JSON");
    assert_eq!(schema["definitions"].as_object().map(|d| d.len()), Some(99));
    // The tagged unions became if/then branches with the tag's values.
    assert_eq!(
        schema["definitions"]["G3Kind"]["properties"]["type"]["enum"],
        serde_json::json!(["http", "grpc", "queue"])
    );
    for g in 0..10 {
        let page = text(&format!("docs/g{g}.md"));
        assert!(!page.contains("#SCHEMA#"), "g{g}.md keeps a directive");
        // Items of every directive, with links between the types the page documents.
        assert!(
            page.contains(&format!("g{g}-name")),
            "g{g}.md lacks the config's items"
        );
        assert!(
            page.contains(&format!("g{g}-queue-dead_letter")),
            "g{g}.md lacks the queue variant's items"
        );
        assert!(
            page.contains(&format!("(#g{g}-settings)")),
            "g{g}.md does not link settings"
        );
    }
    let ts = text("bindings/typescript/index.d.ts");
    let py = text("bindings/python/synthetic_config/models.py");
    for name in ["G0Config", "G9Config", "G5KindQueue", "G7Item", "G2Limits"] {
        assert!(ts.contains(name), "index.d.ts lacks {name}");
        assert!(py.contains(name), "models.py lacks {name}");
    }
}
