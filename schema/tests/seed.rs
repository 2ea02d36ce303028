//! Every ```yaml block of dstack's reference page (`../shared/seed/server-config.yml.md`,
//! relative to the workspace root) gets the verdict worked out by hand from the model
//! specification, named by the line of its opening fence.
//!
//! The page lives outside the repository: without it this test prints that it was skipped.
//! The fixtures cover the same documents (`every_seed_block_has_a_fixture` checks that while
//! the page is here): each valid block is a good fixture, the two rejected ones are
//! `bad/gcp-missing-project-id.yml` and `bad/not-a-server-config.yml`.

// The loader's fixture harness names the loader `confspec_load`, this crate's dependency `load`.
extern crate confspec_load;

#[path = "common/fixtures.rs"]
mod fixtures;

use std::path::PathBuf;

use schema::ServerConfig;
use schema::load;

/// What a block should do when loaded as a server configuration.
#[derive(Debug)]
enum Verdict {
    /// Loads.
    Valid,
    /// Is rejected: kind, path, and line and column inside the block.
    Rejected(&'static str, &'static str, u32, u32),
}

use Verdict::*;

/// By the line of the opening fence in the page.
const VERDICTS: &[(usize, Verdict)] = &[
    (26, Valid),  // AWS, access key
    (45, Valid),  // AWS, default credentials
    (61, Valid),  // AWS, vpc_name (a blank line inside the backend)
    (73, Valid),  // AWS, vpc_ids with default_vpcs
    (164, Valid), // AWS, private subnets (public_ips: false)
    (199, Valid), // Azure, client secret
    (226, Valid), // Azure, default credentials
    (307, Valid), // GCP, service account (filename only: parsing reads no file)
    (332, Valid), // GCP, default credentials
    (354, Valid), // GCP, VPC
    (372, Valid), // GCP, shared VPC
    // GCP private subnets: the example forgets `project_id`, which GCPConfig requires.
    (
        431,
        Rejected("missing-key", "projects[0].backends[0]", 4, 9),
    ),
    (457, Valid), // OCI, client credentials with key_file
    (480, Valid), // OCI, default credentials
    (508, Valid), // OCI, compartment_id
    (527, Valid), // Lambda
    (548, Valid), // TensorDock
    (572, Valid), // Vast.ai
    (595, Valid), // RunPod
    (615, Valid), // CUDO
    (636, Valid), // DataCrunch
    (671, Valid), // Kubernetes, self-managed (ssh_port 32000 is a u16)
    // Kind's cluster configuration, shown for the Kubernetes backend: not a server config.
    (691, Rejected("unknown-key", "kind", 1, 1)),
    (714, Valid), // Kubernetes, managed
];

/// A fenced block: the line of its opening fence and its text, dedented by the fence's
/// indentation.
struct Block {
    line: usize,
    indent: usize,
    text: String,
}

fn yaml_blocks(page: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (index, line) in page.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut open {
            None => {
                if trimmed.starts_with("```yaml") {
                    open = Some(Block {
                        line: index + 1,
                        indent,
                        text: String::new(),
                    });
                }
            }
            Some(block) => {
                if trimmed.trim_end() == "```" && indent <= block.indent {
                    blocks.push(open.take().unwrap());
                } else {
                    block.text.push_str(line.get(block.indent..).unwrap_or(""));
                    block.text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "unclosed yaml block");
    blocks
}

fn seed() -> Option<(PathBuf, String)> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/seed/server-config.yml.md");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some((path.canonicalize().unwrap_or(path), text)),
        Err(_) => {
            println!("skipped: {} is not present", path.display());
            None
        }
    }
}

#[test]
fn every_seed_block_gets_its_verdict() {
    let Some((file, page)) = seed() else { return };
    let blocks = yaml_blocks(&page);
    let lines: Vec<usize> = blocks.iter().map(|b| b.line).collect();
    let expected: Vec<usize> = VERDICTS.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, expected, "the page's yaml blocks changed");
    let mut problems = Vec::new();
    for (block, (_, verdict)) in blocks.iter().zip(VERDICTS) {
        let at = format!("{}:{}", file.display(), block.line);
        match (verdict, load::from_str::<ServerConfig>(&block.text)) {
            (Valid, Ok(_)) => {}
            (Valid, Err(errors)) => problems.push(format!("{at}: rejected: {errors:?}")),
            (Rejected(..), Ok(_)) => problems.push(format!("{at}: accepted")),
            (Rejected(kind, path, line, column), Err(errors)) => {
                let actual = fixtures::actual(&errors[0]);
                if (
                    actual.kind.as_str(),
                    actual.path.as_str(),
                    actual.line,
                    actual.column,
                ) != (*kind, *path, *line, *column)
                {
                    problems.push(format!(
                        "{at}: expected {kind} at {path} {line}:{column}, got {errors:?}"
                    ));
                } else {
                    // Where that is in the page, for the reader of this test's output.
                    println!(
                        "{}:{}:{}: rejected as expected: {}",
                        file.display(),
                        block.line + *line as usize,
                        block.indent + *column as usize,
                        errors[0]
                    );
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_seed_block_has_a_fixture() {
    let Some((path, page)) = seed() else { return };
    let fixtures: Vec<(String, serde_json::Value)> = fixtures::all()
        .into_iter()
        .filter_map(|f| Some((f.name.clone(), load::parse(&f.text).ok()?.to_json())))
        .collect();
    for block in yaml_blocks(&page) {
        let document = load::parse(&block.text).unwrap().to_json();
        let twin = fixtures.iter().find(|(_, doc)| *doc == document);
        assert!(
            twin.is_some(),
            "{}:{}: no fixture holds this document, so a clone without ../shared does not test it",
            path.display(),
            block.line
        );
        let (name, _) = twin.unwrap();
        let verdict = &VERDICTS.iter().find(|(l, _)| *l == block.line).unwrap().1;
        assert_eq!(
            name.starts_with("good/"),
            matches!(verdict, Valid),
            "{}:{}: its twin {name} has the other verdict",
            path.display(),
            block.line
        );
    }
}
