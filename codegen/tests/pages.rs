//! Reference pages: both styles on the project's own fixture pages (snapshots), the errors a
//! page can have (each at its exact `file:line:column`, through the built binary), idempotence,
//! and the pages stage on a project of its own.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use confspec::context::Context;
use confspec::diagnostics::Severity;
use confspec::docs::pages::{self, Expanded};

mod common;

use common::{codegen, codegen_with_stdin, context_at, outcome, workspace};

/// The pages every style is snapshotted on, relative to this directory (`glob!` takes it so).
const FIXTURES: &str = "fixtures/pages/*.md";

fn ctx() -> &'static Context {
    static CTX: OnceLock<Context> = OnceLock::new();
    CTX.get_or_init(common::context)
}

fn fixture(name: &str) -> (PathBuf, String) {
    let rel = PathBuf::from(format!("codegen/tests/fixtures/pages/{name}.md"));
    let text = std::fs::read_to_string(workspace().join(&rel)).expect("fixture is readable");
    (rel, text)
}

/// The fixture a `glob!` over [`FIXTURES`] gave, as [`fixture`] reads it.
fn globbed(path: &Path) -> (String, PathBuf, String) {
    let name = path
        .file_stem()
        .and_then(|n| n.to_str())
        .expect("a page name");
    let (file, text) = fixture(name);
    (name.to_owned(), file, text)
}

fn expand(file: &Path, text: &str, style: &str) -> Expanded {
    pages::expand_text(ctx(), file, text, Some(style)).expect("the style exists")
}

fn messages(expanded: &Expanded, severity: Severity) -> Vec<String> {
    expanded
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn default_style_on_fixtures() {
    insta::glob!(FIXTURES, |path| {
        let (name, file, text) = globbed(path);
        let expanded = expand(&file, &text, "default");
        assert_eq!(
            expanded.diagnostics,
            [],
            "{name}: no diagnostic in the default style"
        );
        insta::assert_snapshot!(expanded.text);
    });
}

#[test]
fn compat_style_on_fixtures() {
    insta::glob!(FIXTURES, |path| {
        let (name, file, text) = globbed(path);
        let expanded = expand(&file, &text, "compat");
        assert_eq!(
            messages(&expanded, Severity::Error),
            Vec::<String>::new(),
            "{name}"
        );
        // The hook's ids repeat: a warning, not an error, in this style.
        for warning in messages(&expanded, Severity::Warning) {
            assert!(
                warning.contains(": warning: the id `") && warning.contains("` is used "),
                "{name}: {warning}"
            );
        }
        insta::assert_snapshot!(expanded.text);
    });
}

#[test]
fn compat_lines_follow_the_hook_format() {
    let (file, text) = fixture("options");
    let out = expand(&file, &text, "compat").text;
    // Root heading with the user-facing name, optional marker, truthy default, two spaces when
    // a part is empty, linked name with the prefix and mapping, `_` ids for linked fields.
    assert!(out.contains("\n### OCIDefaultCreds\n\n#### `type` - (Optional) The type of credentials. Defaults to `default`. { #type data-toc-label='type' class='reference-item' }\n"));
    assert!(out.contains("\n#### `type` -  The type of backend. Must be `kubernetes`. { #type "));
    assert!(out.contains("\n#### [`kubeconfig`](#k8s-source) -  The kubeconfig configuration.  { #_kubeconfig data-toc-label='kubeconfig' class='reference-item' }\n"));
    assert!(out.contains("#### [`networking`](#k8s-networking) - (Optional) How the server reaches the cluster's pods over SSH; see<br>[the networking section](#k8s-networking).  { #_networking "));
    // An integer default prints as Python would; `heading_level` is accepted and ignored.
    assert!(out.contains("#### `ssh_port` - (Optional) Any port accessible outside of the cluster. Defaults to `22`. { #ssh_port "));
    assert!(out.contains("#### `filename` - (Optional) The path to the kubeconfig file. Defaults to `~/.kube/config`. { #filename "));
}

#[test]
fn directives_at_the_end_of_a_page() {
    let (file, text) = fixture("end-no-newline");
    assert!(!text.ends_with('\n'));
    let out = expand(&file, &text, "compat").text;
    let before = &text[..text.find("#SCHEMA#").expect("a directive")];
    assert!(
        out.starts_with(before),
        "the text before the directive is kept"
    );
    assert_eq!(
        &out[before.len()..],
        "#### `type` - (Optional) The type of credentials. Defaults to `api_key`. { #type data-toc-label='type' class='reference-item' }\n#### `api_key` -  The API key.  { #api_key data-toc-label='api_key' class='reference-item' }\n\n"
    );
    let (file, text) = fixture("end-newline");
    let out = expand(&file, &text, "compat").text;
    assert!(out.starts_with("# At the end\n\nThe page ends with a directive and no options.\n\n### LambdaAPIKeyCreds\n\n#### `type`"));
    assert!(out.ends_with("{ #api_key data-toc-label='api_key' class='reference-item' }\n\n"));
}

/// The hook's output of `fixtures/pages/blank-lines.md`, made by the hook itself
/// (`scripts/differential/run_hook.py`): a directive without options swallows the blank lines
/// after it. The one difference the compat contract keeps (`../shared/reference/README.md`): the
/// hook titles a model by its Python class name, which dstack 0.18.7's models suffix `Request`;
/// compat titles it by the model's own name.
#[test]
fn compat_swallows_the_blank_lines_after_a_directive_without_options_as_the_hook_does() {
    let (file, text) = fixture("blank-lines");
    let hook = std::fs::read_to_string(
        workspace().join("codegen/tests/fixtures/pages/hook/blank-lines.md"),
    )
    .expect("the hook's output");
    let hook: String = hook
        .split_inclusive('\n')
        .map(|line| match line.strip_prefix("### ") {
            Some(title) if title.trim_end().ends_with("Request") => {
                format!("### {}\n", title.trim_end().trim_end_matches("Request"))
            }
            _ => line.to_owned(),
        })
        .collect();
    let out = expand(&file, &text, "compat").text;
    assert_eq!(out, hook);
    // Before a paragraph, a heading, after two blank lines: one blank line, the replacement's.
    for next in [
        "The paragraph after it.",
        "## A heading after it",
        "A directive with options",
    ] {
        let at = out.find(next).expect("the text after a directive");
        assert!(
            out[..at].ends_with("class='reference-item' }\n\n"),
            "before `{next}`"
        );
    }
    // The default style keeps the page's blank lines.
    let default = expand(&file, &text, "default").text;
    assert!(default.contains("\n\nThe paragraph after it."));
}

#[test]
fn back_to_back_directives_each_expand() {
    let (file, text) = fixture("back-to-back");
    let out = expand(&file, &text, "compat").text;
    let tail = &out[out.find("### AWSDefaultCreds").expect("first directive")..];
    assert_eq!(
        tail,
        "### AWSDefaultCreds\n\n#### `type` - (Optional) The type of credentials. Defaults to `default`. { #type data-toc-label='type' class='reference-item' }\n\n\
         #### `type` - (Optional) The type of credentials. Defaults to `default`. { #type data-toc-label='type' class='reference-item' }\n\n\
         ### GCPDefaultCreds\n\n#### `type` - (Optional) The type of credentials. Defaults to `default`. { #type data-toc-label='type' class='reference-item' }\n\n"
    );
}

#[test]
fn nested_directives_keep_their_indentation_and_code_is_not_expanded() {
    let (file, text) = fixture("nested");
    for style in ["default", "compat"] {
        let out = expand(&file, &text, style).text;
        assert!(
            out.contains("```markdown\n#SCHEMA# schema::aws::AwsConfig\n```"),
            "{style}: fenced directive kept"
        );
        assert!(
            out.contains("`runs over a line\n#SCHEMA# AWSConfig` break."),
            "{style}: directive in a code span kept"
        );
        assert_eq!(
            out.matches("#SCHEMA#").count(),
            3,
            "{style}: only the three directives in code remain"
        );
        assert!(
            out.contains("\n    === \"Access key\"\n        #### `type`"),
            "{style}: two levels deep"
        );
        assert!(
            out.contains("\n!!! info \"Azure, one level deep\"\n    ### "),
            "{style}: one level deep"
        );
        for line in out.lines().filter(|l| l.contains("reference-item")) {
            assert!(
                line.starts_with("    "),
                "{style}: `{line}` is indented like its directive"
            );
        }
    }
}

#[test]
fn default_ids_are_unique_and_prefixed() {
    let (file, text) = fixture("nested");
    let out = expand(&file, &text, "default").text;
    // Three `type` fields: each qualified by its section (heading + innermost block).
    assert!(out.contains("{ #aws-credentials-access-key-type data-toc-label='type'"));
    assert!(out.contains("{ #aws-credentials-default-type data-toc-label='type'"));
    assert!(out.contains("{ #azuredefaultcreds-type data-toc-label='type'"));
    let (file, text) = fixture("options");
    let out = expand(&file, &text, "default").text;
    // The prefix applies; a prefixed id the page already has gets a number.
    assert!(out.contains("#### `type` { #k8s-type "));
    assert!(out.contains("#### [`networking`](#kubernetesnetworkingconfig) { #k8s-networking-2 "));
    assert!(out.contains("#### `ssh_port` { #networking-ssh_port "));
}

#[test]
fn default_style_renders_types_requiredness_defaults_and_options() {
    let (file, text) = fixture("options");
    let out = expand(&file, &text, "default").text;
    // heading_level 2 for the root, its items one level below; the type's description.
    assert!(out.contains("\n## `OCIDefaultCreds` { #ocidefaultcreds data-toc-label='OCIDefaultCreds' class='reference-root' }\n\nOCI credentials taken from a profile of an OCI CLI-compatible configuration file.\n\n### `type` "));
    assert!(out.contains(
        "<code class=\"reference-type\">str</code> · optional · default: `~/.oci/config`"
    ));
    // Overrides: required, default, type text, description (line breaks kept).
    assert!(out.contains("<code class=\"reference-type\">\"kubernetes\"</code> · **required**"));
    assert!(
        out.contains("##### `filename` { #filename "),
        "heading_level with a hidden root sets the items' level"
    );
    assert!(out.contains(
        "<code class=\"reference-type\">path</code> · optional · default: `~/.kube/config`"
    ));
    assert!(out.contains("How the server reaches the cluster's pods over SSH; see\n[the networking section](#k8s-networking).\n"));
    // item_id_mapping: the link goes to `#<prefix><name>`.
    assert!(out.contains("#### [`kubeconfig`](#k8s-source) "));
    assert!(out.contains("<code class=\"reference-type\"><a href=\"#k8s-source\">KubeconfigConfig</a></code> · **required**"));
    // show_root_toc_entry: false keeps an anchor without a heading.
    assert!(out.contains(
        "\n**`KubernetesNetworkingConfig`**\n{ #kubernetesnetworkingconfig .reference-root }\n"
    ));
    assert!(out.contains("<code class=\"reference-type\">int</code> · optional · default: `22`"));
}

#[test]
fn default_style_on_the_site_page_is_clean() {
    let rel = Path::new("site/pages/reference/server/config.yml.md");
    let Ok(text) = std::fs::read_to_string(workspace().join(rel)) else {
        panic!("{} is part of the repository", rel.display());
    };
    let expanded = expand(rel, &text, "default");
    assert_eq!(
        expanded.diagnostics,
        [],
        "no warning, no duplicate id, no broken link"
    );
    assert!(!expanded.text.contains("#SCHEMA#"));
    // Every nested type is linked to its section; the union of backends lists its variants.
    assert!(expanded.text.contains("#### [`creds`](#aws-creds) "));
    assert!(
        expanded
            .text
            .contains("#### [`kubeconfig`](#kubernetes-kubeconfig) ")
    );
    assert!(
        expanded
            .text
            .contains("One of, by `type`: [`aws`](#aws) · [`azure`](#azure) · ")
    );
    assert!(expanded.text.contains("<code class=\"reference-type\">list[<a href=\"#projects\">ProjectConfig</a>]</code> · **required**"));
}

#[test]
fn expansion_is_idempotent_and_stable() {
    let mut pages = Vec::new();
    insta::glob!(FIXTURES, |path| {
        let (_, file, text) = globbed(path);
        pages.push((file, text));
    });
    let site = PathBuf::from("site/pages/reference/server/config.yml.md");
    pages.push((
        site.clone(),
        std::fs::read_to_string(workspace().join(&site)).expect("site page"),
    ));
    for (file, text) in &pages {
        for style in ["default", "compat"] {
            let once = expand(file, text, style).text;
            let again = expand(file, text, style).text;
            assert_eq!(
                once,
                again,
                "{}: two runs give the same bytes ({style})",
                file.display()
            );
            let twice = expand(file, &once, style);
            assert_eq!(
                twice.text,
                once,
                "{}: expanding an expanded page changes nothing ({style})",
                file.display()
            );
            assert_eq!(twice.diagnostics, []);
        }
    }
}

#[test]
fn crlf_pages_keep_their_line_endings() {
    let text = "# Title\r\n\r\n#SCHEMA# LambdaAPIKeyCreds\r\n    overrides:\r\n        show_root_heading: false\r\n\r\nAfter.\r\n";
    let out = expand(Path::new("crlf.md"), text, "compat").text;
    assert_eq!(
        out,
        "# Title\r\n\r\n#### `type` - (Optional) The type of credentials. Defaults to `api_key`. { #type data-toc-label='type' class='reference-item' }\r\n#### `api_key` -  The API key.  { #api_key data-toc-label='api_key' class='reference-item' }\r\n\r\n\r\nAfter.\r\n"
    );
}

#[test]
fn double_hash_directive_expands_with_a_warning() {
    let text =
        "# T\n\n##SCHEMA# KubeconfigConfig\n    overrides:\n        show_root_heading: false\n";
    let expanded = expand(Path::new("typo.md"), text, "default");
    assert_eq!(
        messages(&expanded, Severity::Warning),
        [
            "typo.md:3:1: warning: line 3: `##SCHEMA#` is read as `#SCHEMA#`\n  hint: write the directive with a single `#`"
        ]
    );
    assert!(
        expanded.text.contains("#### `filename` { #t-filename ")
            || expanded.text.contains("#### `filename` { #filename ")
    );
    assert!(!expanded.text.contains("SCHEMA"));
}

// ---- Errors, through the binary -------------------------------------------------------------

fn expect_error(name: &str, style: &str, expected: &[&str]) {
    let file = format!("codegen/tests/fixtures/pages/errors/{name}.md");
    let (code, stdout, stderr) =
        outcome(&codegen(&workspace(), &["expand", "--style", style, &file]));
    assert_eq!(code, 1, "{name}: exit code 1 (stderr: {stderr})");
    assert_eq!(stdout, "", "{name}: nothing printed on failure");
    for line in expected {
        let line = line.replace("FILE", &file);
        let count = stderr.lines().filter(|l| *l == line).count();
        assert!(count >= 1, "{name}: expected line\n  {line}\nin\n{stderr}");
        if line.contains(": error: ") {
            assert_eq!(count, 1, "{name}: reported once: {line}");
        }
    }
}

#[test]
fn an_override_that_is_not_a_mapping_is_reported_once_in_both_styles() {
    for style in ["default", "compat"] {
        // expect_error also fails when an error line is printed more than once.
        expect_error(
            "override-not-a-mapping",
            style,
            &[
                "FILE:5:19: error: the override of field `filename` must be a mapping (`required`, `default`, `description`, `type`)",
            ],
        );
    }
}

#[test]
fn unknown_path_is_an_error_at_the_path() {
    expect_error(
        "unknown-path",
        "default",
        &[
            "FILE:5:10: error: unknown type `dstack._internal.server.services.config.AWSConfg`: no type `AWSConfg` in schema",
            "  hint: closest known: `dstack._internal.server.services.config.AWSConfig`, `dstack._internal.server.services.config.VastAIConfig`, `dstack._internal.server.services.config.AzureConfig`",
            "FILE:10:14: error: unknown type `schema::aws::AWSConfig`: no model type has this Rust path",
            "  hint: closest known: `schema::aws::AwsConfig`, `schema::aws::AwsCreds`, `schema::dstack::DstackConfig`",
            "FILE:12:10: error: unknown type `dstack._internal.core.models.backends.gcp.AWSConfig`: `AWSConfig` is `schema::aws::AwsConfig`, which is not in the modules `dstack._internal.core.models.backends.gcp` maps to (schema::gcp)",
            "  hint: closest known: `dstack._internal.core.models.backends.aws.AWSConfig`, `dstack._internal.server.services.config.AWSConfig`",
        ],
    );
}

#[test]
fn bad_option_yaml_is_an_error_in_the_options() {
    expect_error(
        "bad-yaml",
        "default",
        &[
            "FILE:6:25: error: the directive's options are not valid YAML: mapping values are not allowed in this context",
        ],
    );
}

#[test]
fn unknown_option_is_an_error_with_the_closest_name() {
    expect_error(
        "unknown-option",
        "default",
        &[
            "FILE:5:9: error: `show_root_headin` is neither an option nor a field of `AWSConfig`",
            "  hint: closest known: `show_root_heading`, `show_root_toc_entry`, `item_id_prefix`",
            "FILE:8:5: error: unknown option `show_root_heading`",
            "  hint: put it under `overrides:` (`overrides:` then `    show_root_heading: ...`)",
            "FILE:13:13: error: unknown override `requried` of field `type`",
        ],
    );
}

#[test]
fn unknown_option_keys_are_warnings_in_compat() {
    // dstack's hook ignored keys it did not know (a misplaced or misspelt option, a field
    // override's unknown key) and rendered the page: compat renders it with the rest of the
    // options, warns, and fails under --strict; the default style refuses them.
    let expected = [
        "FILE:4:5: warning: unknown option `show_root_heading`",
        "FILE:9:13: warning: unknown override `requried` of field `username`",
        "FILE:12:5: warning: unknown option `overides`",
    ];
    expect_warnings_unless_strict("unknown-keys", "compat", &expected);
    let errors: Vec<String> = expected
        .iter()
        .map(|w| w.replace(": warning: ", ": error: "))
        .collect();
    let errors: Vec<&str> = errors.iter().map(String::as_str).collect();
    expect_error("unknown-keys", "default", &errors);
}

#[test]
fn override_of_a_missing_field_is_an_error() {
    expect_error(
        "missing-field",
        "default",
        &[
            "FILE:7:9: error: `regionz` is neither an option nor a field of `AWSConfig`",
            "  hint: closest known: `regions`, `creds`, `heading_level`",
            "FILE:10:13: error: `item_id_mapping` names `credz`, which is not a field of `AWSConfig`",
        ],
    );
}

/// Compat accepts what dstack's hook accepts: `expand` prints the page with `expected` as
/// warnings (each once) and exits 0; with `--strict` the same lines are errors, exit 1, and
/// nothing is printed.
fn expect_warnings_unless_strict(name: &str, style: &str, expected: &[&str]) {
    let file = format!("codegen/tests/fixtures/pages/errors/{name}.md");
    let (code, stdout, stderr) =
        outcome(&codegen(&workspace(), &["expand", "--style", style, &file]));
    assert_eq!(code, 0, "{name}: exit code 0 (stderr: {stderr})");
    assert!(stdout.starts_with("# "), "{name}: the page is printed");
    let warnings: Vec<String> = expected
        .iter()
        .map(|line| line.replace("FILE", &file))
        .collect();
    let printed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        printed, warnings,
        "{name}: every warning, once, in page order"
    );
    let (code, stdout, stderr) = outcome(&codegen(
        &workspace(),
        &["expand", "--strict", "--style", style, &file],
    ));
    assert_eq!(code, 1, "{name}: --strict fails (stderr: {stderr})");
    assert_eq!(stdout, "", "{name}: nothing printed under --strict");
    let errors: Vec<String> = warnings
        .iter()
        .map(|w| w.replace(": warning: ", ": error: "))
        .collect();
    let printed: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(printed, errors, "{name}: the warnings are the errors");
}

#[test]
fn broken_links_are_errors_in_default_and_warnings_in_compat() {
    // Default style: an item_id_mapping entry naming an id the page lacks.
    expect_error(
        "broken-link",
        "default",
        &[
            "FILE:9:25: error: the reference of `KubernetesConfig` links to `#k8s-nowhere`, which is not on the page",
        ],
    );
    // Compat: the hook's `#<prefix><field>` link to a section the page lacks; the hook renders
    // the page, so compat does too.
    expect_warnings_unless_strict(
        "broken-link",
        "compat",
        &[
            "FILE:5:10: warning: the reference of `KubernetesConfig` links to `#k8s-networking`, which is not on the page",
            "FILE:9:25: warning: the reference of `KubernetesConfig` links to `#k8s-nowhere`, which is not on the page",
        ],
    );
}

#[test]
fn overrides_naming_no_field_are_warnings_in_compat() {
    // The hook ignores them; the default style refuses them (missing_field test above).
    expect_warnings_unless_strict(
        "missing-field",
        "compat",
        &[
            "FILE:3:10: warning: the reference of `AWSConfig` links to `#aws-creds`, which is not on the page",
            "FILE:7:9: warning: `regionz` is neither an option nor a field of `AWSConfig`",
            "FILE:10:13: warning: `item_id_mapping` names `credz`, which is not a field of `AWSConfig`",
        ],
    );
}

#[test]
fn hand_written_links_without_target_are_reported() {
    // Links of the prose, not only generated ones; not in code spans or fences; each target once.
    expect_error(
        "prose-links",
        "default",
        &[
            "FILE:6:11: error: the link to `#lambda3` has no target on the page",
            "FILE:6:59: error: the link to `#gone` has no target on the page",
        ],
    );
    expect_warnings_unless_strict(
        "prose-links",
        "compat",
        &[
            "FILE:6:11: warning: the link to `#lambda3` has no target on the page",
            "FILE:6:59: warning: the link to `#gone` has no target on the page",
        ],
    );
    // A page without directives is checked too.
    let text = "# T\n\n[a](#t) [b](#nope)\n";
    let expanded = expand(Path::new("plain.md"), text, "default");
    assert_eq!(
        messages(&expanded, Severity::Error),
        [
            "plain.md:3:13: error: the link to `#nope` has no target on the page\n  hint: add a heading or an attribute list with the id `nope`, or fix the link"
        ]
    );
    assert_eq!(expanded.text, text);
}

#[test]
fn a_union_is_not_a_directive_target() {
    expect_error(
        "union",
        "default",
        &[
            "FILE:3:10: error: `AWSCreds` is a union; document each of its variants with a directive of its own (`AWSAccessKeyCreds`, `AWSDefaultCreds`)",
        ],
    );
}

#[test]
fn expand_reads_standard_input_and_prints_the_page() {
    let output = codegen_with_stdin(
        &workspace(),
        &["expand", "--style", "compat", "-"],
        "#SCHEMA# KubeconfigConfig\n",
    );
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "### KubeconfigConfig\n\n#### `filename` -  The path to the kubeconfig file.  { #filename data-toc-label='filename' class='reference-item' }\n#### `data` - (Optional) The contents of the kubeconfig file.  { #data data-toc-label='data' class='reference-item' }\n\n"
    );
}

#[test]
fn template_errors_name_the_template_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("reference")).expect("mkdir");
    std::fs::write(
        dir.path().join("reference/default.md"),
        "{% for item in items %}\n{{ item.name | no_such_filter }}\n{% endfor %}\n",
    )
    .expect("write");
    let (code, _, stderr) = outcome(&codegen(
        &workspace(),
        &[
            "expand",
            "--style",
            "default",
            "--templates",
            &dir.path().to_string_lossy(),
            "codegen/tests/fixtures/pages/end-newline.md",
        ],
    ));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with("templates/reference/default.md:2: error: template error"),
        "{stderr}"
    );
    assert!(stderr.contains("no_such_filter"), "{stderr}");
}

#[test]
fn a_custom_template_directory_renders_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("reference")).expect("mkdir");
    std::fs::write(
        dir.path().join("reference/default.md"),
        "{% for item in items %}\n- {{ item.name }} ({{ item.id }}, {{ 'required' if item.required else 'optional' }})\n{% endfor %}\n",
    )
    .expect("write");
    let (code, stdout, stderr) = outcome(&codegen(
        &workspace(),
        &[
            "expand",
            "--templates",
            &dir.path().to_string_lossy(),
            "codegen/tests/fixtures/pages/end-newline.md",
        ],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.ends_with("\n\n- type (type, optional)\n- api_key (api_key, required)\n"),
        "{stdout}"
    );
}

// ---- The stage -------------------------------------------------------------------------------

/// Without `[docs] output` the pages are mkdocs' docs_dir themselves, expanded at build time by
/// the mkdocs plugin (dstack's layout): the job writes no page, but every directive must still
/// expand, and a bad one is an error at its line; a command-line page then has nowhere to go.
#[test]
fn pages_without_an_output_are_checked_and_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("codegen.toml"),
        "[docs]\npages = \"docs\"\nstyle = \"compat\"\n",
    )
    .expect("write");
    std::fs::create_dir_all(root.join("docs/reference")).expect("mkdir");
    let page = "# P\n\n#SCHEMA# KubeconfigConfig\n";
    std::fs::write(root.join("docs/reference/page.md"), page).expect("write");
    std::fs::write(root.join("docs/logo.svg"), "<svg/>").expect("write");
    let ctx = context_at(root);
    let (outputs, summary) = confspec::job::produce(&ctx).expect("the job succeeds");
    assert_eq!(summary.warnings, []);
    assert_eq!(outputs.len(), 0, "no page is written");
    outputs.write(&ctx.root).expect("writes");
    assert_eq!(
        std::fs::read_to_string(root.join("docs/reference/page.md")).unwrap(),
        page,
        "the page keeps its directive"
    );

    std::fs::write(
        root.join("docs/reference/bad.md"),
        "# Bad\n\n#SCHEMA# NoSuchConfig\n",
    )
    .expect("write");
    let ctx = context_at(root);
    let Err(confspec::diagnostics::Failure::Content(found)) = confspec::job::produce(&ctx) else {
        panic!("a directive that does not expand fails the job");
    };
    assert!(
        found.iter().any(|d| d
            .to_string()
            .starts_with("docs/reference/bad.md:3:10: error: unknown type")),
        "{found:?}"
    );

    std::fs::remove_file(root.join("docs/reference/bad.md")).expect("remove");
    std::fs::write(
        root.join("codegen.toml"),
        "[docs]\npages = \"docs\"\ncli-page = \"cli.md\"\n",
    )
    .expect("write");
    let mut ctx = context_at(root);
    ctx.command_line = Some(confspec::cli::command_line());
    let Err(confspec::diagnostics::Failure::Content(found)) = confspec::job::produce(&ctx) else {
        panic!("a command-line page without an output fails the job");
    };
    assert_eq!(
        found.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "codegen.toml:3:12: error: [docs] cli-page is written under [docs] output, which is not set\n  hint: set [docs] output, or remove cli-page"
        ]
    );
}

#[test]
fn the_stage_expands_pages_copies_files_and_removes_stale_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("codegen.toml"),
        "[docs]\npages = \"pages\"\noutput = \"docs\"\n",
    )
    .expect("write");
    std::fs::create_dir_all(root.join("pages/sub")).expect("mkdir");
    std::fs::create_dir_all(root.join("docs/schemas")).expect("mkdir");
    std::fs::write(
        root.join("pages/sub/page.md"),
        "# P\n\n#SCHEMA# KubeconfigConfig\n",
    )
    .expect("write");
    std::fs::write(root.join("pages/logo.svg"), "<svg/>").expect("write");
    std::fs::write(root.join("pages/.hidden.md"), "#SCHEMA# Nope\n").expect("write");
    std::fs::write(root.join("docs/stale.md"), "old").expect("write");
    std::fs::write(root.join("docs/schemas/other.json"), "{}").expect("write");
    let ctx = context_at(root);
    let (outputs, summary) = confspec::job::produce(&ctx).expect("the job succeeds");
    assert_eq!(summary.warnings, []);
    // --check reports the missing and the stale before anything is written.
    let problems: Vec<String> = outputs
        .check(&ctx.root, "refresh")
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("docs/stale.md: error: orphaned")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("docs/sub/page.md: error: missing")),
        "{problems:?}"
    );
    outputs.write(&ctx.root).expect("writes");
    let page = std::fs::read_to_string(root.join("docs/sub/page.md")).expect("expanded page");
    assert!(
        page.starts_with("# P\n\n### `KubeconfigConfig` { #kubeconfigconfig "),
        "{page}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("docs/logo.svg")).expect("copied"),
        "<svg/>"
    );
    assert!(
        !root.join("docs/stale.md").exists(),
        "a page no longer produced is removed"
    );
    assert!(
        !root.join("docs/.hidden.md").exists(),
        "hidden files are not pages"
    );
    assert!(
        root.join("docs/schemas/other.json").exists(),
        "files of other kinds are left alone"
    );
    assert!(outputs.check(&ctx.root, "refresh").is_empty());
}

#[test]
fn duplicate_ids_are_reported_where_they_come_from() {
    let text = "# Dups\n\n## One { #same }\n\n## Two { #same }\n\n## `type` { #type }\n\n#SCHEMA# LambdaAPIKeyCreds\n    overrides:\n        show_root_heading: false\n";
    let file = Path::new("dups.md");
    // Default style: the page's own duplicate is an error at its line; generated ids avoid
    // `type`, which the page already uses (qualified by the section of the heading above).
    let expanded = expand(file, text, "default");
    let errors: Vec<String> = expanded
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        ["dups.md:5: error: the id `same` is used 2 times on the page"]
    );
    assert!(
        expanded.text.contains("#### `type` { #type-type "),
        "{}",
        expanded.text
    );
    // Compat: the hook's `type` id repeats the page's; warnings only, at the directive.
    let expanded = expand(file, text, "compat");
    let warnings: Vec<String> = expanded
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "dups.md:5: warning: the id `same` is used 2 times on the page",
            "dups.md:9:10: warning: the id `type` is used 2 times on the page"
        ]
    );
}

#[test]
fn links_may_target_headings_without_explicit_ids() {
    // The hook's link `#<prefix>networking` lands on a heading whose id mkdocs derives from its
    // text; a second heading with the same text gets `_1`, which is not the target.
    let text = "# K\n\n## Kubernetes\n\n#SCHEMA# KubernetesConfig\n    overrides:\n        show_root_heading: false\n        item_id_prefix: k8s-\n        item_id_mapping:\n            kubeconfig: kubeconfig\n\n## K8s kubeconfig\n\n## K8s networking\n\n## K8s networking\n";
    let expanded = expand(Path::new("slugs.md"), text, "compat");
    assert_eq!(expanded.diagnostics, []);
    assert!(expanded.text.contains("[`kubeconfig`](#k8s-kubeconfig)"));
    assert!(expanded.text.contains("[`networking`](#k8s-networking)"));
}

/// Runs the job on a project of its own: `style`, the schema of `root`, one page `text`.
fn job_on_page(style: &str, root_type: &str, text: &str) -> Result<Vec<String>, Vec<String>> {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("codegen.toml"),
        format!(
            "[[schemas]]\nroot = \"{root_type}\"\noutput = \"s.json\"\nurl = \"https://example.org/s.json\"\n\n[docs]\npages = \"pages\"\noutput = \"docs\"\nstyle = \"{style}\"\n"
        ),
    )
    .expect("write");
    std::fs::create_dir_all(root.join("pages")).expect("mkdir");
    std::fs::write(root.join("pages/ref.md"), text).expect("write");
    let ctx = context_at(root);
    let strings = |ds: &[confspec::diagnostics::Diagnostic]| -> Vec<String> {
        ds.iter().map(ToString::to_string).collect()
    };
    match confspec::job::produce(&ctx) {
        Ok((_, summary)) => Ok(strings(&summary.warnings)),
        Err(confspec::diagnostics::Failure::Content(ds)) => Err(strings(&ds)),
        Err(other) => panic!("unexpected failure: {other}"),
    }
}

#[test]
fn the_job_names_a_union_variant_without_a_section() {
    // `AWSConfig.creds` is a union of two credential types; the page documents one.
    let text = "# AWS\n\n#SCHEMA# AWSConfig\n\n#SCHEMA# AWSAccessKeyCreds\n";
    let expected = "pages/ref.md:3:10: error: `AWSDefaultCreds`, which `AWSConfig.creds` reaches, is documented by no directive on any page: `AWSConfig`'s reference here has no section to link to\n  hint: add a `#SCHEMA#` directive for `AWSDefaultCreds` (on this page, beside `AWSConfig`, for its links to land)";
    assert_eq!(
        job_on_page("default", "AWSConfig", text),
        Err(vec![expected.to_owned()])
    );
    // Compat: a warning, the job succeeds.
    let text = "# AWS\n\n## AWS { #aws-creds }\n\n#SCHEMA# AWSConfig\n    overrides:\n        item_id_prefix: aws-\n\n#SCHEMA# AWSAccessKeyCreds\n";
    let warning = "pages/ref.md:5:10: warning: `AWSDefaultCreds`, which `AWSConfig.creds` reaches, is documented by no directive on any page: `AWSConfig`'s reference here has no section to link to\n  hint: add a `#SCHEMA#` directive for `AWSDefaultCreds` (on this page, beside `AWSConfig`, for its links to land)";
    let warnings = job_on_page("compat", "AWSConfig", text).expect("compat succeeds");
    let forgotten: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("documented by no directive"))
        .collect();
    assert_eq!(forgotten, [warning], "{warnings:#?}");
    // Documented: nothing to say.
    let text =
        "# AWS\n\n#SCHEMA# AWSConfig\n\n#SCHEMA# AWSAccessKeyCreds\n\n#SCHEMA# AWSDefaultCreds\n";
    assert_eq!(job_on_page("default", "AWSConfig", text), Ok(vec![]));
}

#[test]
fn the_job_names_a_reachable_type_no_page_documents() {
    // The root itself, and a type whose parent is not documented either: at their declarations.
    let text = "# Nothing here\n";
    let problems = job_on_page("default", "KubernetesConfig", text).expect_err("fails");
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].starts_with("schema-kubernetes/src/kubernetes.rs:")
            && problems[0].contains(
                ": error: `KubernetesConfig` (a root), is documented by no directive on any page"
            ),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains(
            "error: `KubernetesNetworkingConfig`, which `KubernetesConfig.networking` reaches, is documented by no directive on any page\n"
        )),
        "{problems:#?}"
    );
}

#[test]
fn aliases_of_paths_aliases_name_their_model_type() {
    // Every name or dotted path of `[paths.aliases]` resolves to its model type: dstack's pages
    // document the resources through `*Schema` twins (one type carries both forms here) and
    // its Python API's classes by their `dstack.api` names.
    let paths_config = &ctx().config.paths;
    assert!(!paths_config.aliases.is_empty(), "codegen.toml has aliases");
    for (alias, target) in &paths_config.aliases {
        let mut paths = vec![alias.clone()];
        if !alias.contains('.') {
            // A bare name also resolves under each module prefix that maps to its type's module.
            let rust_path = &ctx()
                .model
                .get(target)
                .and_then(|t| t.source.as_ref())
                .expect("a declared type")
                .rust_path;
            let module = rust_path.rsplit_once("::").map_or("", |(m, _)| m);
            paths.extend(
                paths_config
                    .modules
                    .iter()
                    .filter(|(_, modules)| modules.iter().any(|m| m == module))
                    .map(|(prefix, _)| format!("{prefix}.{alias}")),
            );
            assert!(paths.len() > 1, "{alias}: a module prefix names `{module}`");
        }
        for path in paths {
            let page = format!("# Page\n\n#SCHEMA# {path}\n");
            let expanded = expand(Path::new("page.md"), &page, "compat");
            assert_eq!(
                messages(&expanded, Severity::Error),
                Vec::<String>::new(),
                "{path}"
            );
            assert!(
                expanded.text.contains(&format!("### {target}\n")),
                "{path}: {}",
                expanded.text
            );
        }
    }
}

#[test]
fn compat_links_unions_with_a_model_except_the_configured_ones() {
    // `Profile.retry` is a union of a struct and a bool: linked, and (a model instance to the
    // hook) without a default part. `ResourcesSpec.cpu` is an `IntRange`, listed in
    // `[docs] compat-unlinked`: not linked, its default kept.
    let text = "# P\n\n#SCHEMA# Profile\n    overrides:\n        show_root_heading: false\n\n#SCHEMA# dstack.api.Resources\n    overrides:\n        show_root_heading: false\n";
    let expanded = expand(Path::new("p.md"), text, "compat");
    assert!(
        !expanded.has_errors(),
        "{:?}",
        messages(&expanded, Severity::Error)
    );
    let line = |field: &str| {
        expanded
            .text
            .lines()
            .find(|l| l.contains(&format!("data-toc-label='{field}'")))
            .unwrap_or_else(|| panic!("an item for {field} in\n{}", expanded.text))
            .to_owned()
    };
    assert!(
        line("retry").starts_with("#### [`retry`](#retry) - (Optional) "),
        "{}",
        line("retry")
    );
    assert!(
        line("retry").ends_with(".  { #_retry data-toc-label='retry' class='reference-item' }"),
        "{}",
        line("retry")
    );
    assert!(
        line("cpu").starts_with("#### `cpu` - (Optional) "),
        "{}",
        line("cpu")
    );
    assert!(
        line("cpu").contains(" Defaults to `2..`. { #cpu "),
        "{}",
        line("cpu")
    );
}

#[test]
fn compat_prints_a_description_as_its_doc_comment_ends() {
    // schemars trims the space a doc comment (`#[doc = "... "]`) ends with; the hook printed
    // dstack's descriptions as written, so the compat style shows it before the period, and the
    // default style (like the schemas and bindings) does not.
    let ctx = ctx();
    let (ty, field) = ctx
        .model
        .types
        .iter()
        .find_map(|t| {
            let confspec::ir::Shape::Struct(shape) = &t.shape else {
                return None;
            };
            let field = shape
                .fields
                .iter()
                .find(|f| f.description_as_written().as_deref() != f.description.as_deref())?;
            Some((t, field))
        })
        .expect("a field whose doc comment ends with a space");
    let written = field.description_as_written().expect("described");
    let trimmed = field.description.as_deref().expect("described");
    assert_eq!(written.trim_end(), trimmed);
    let page = format!("# T\n\n#SCHEMA# {}\n", ty.name);
    let compat = expand(Path::new("t.md"), &page, "compat").text;
    let item = compat
        .lines()
        .find(|l| l.contains(&format!("data-toc-label='{}'", field.name)))
        .unwrap_or_else(|| panic!("an item for {} in\n{compat}", field.name));
    assert!(item.contains(&format!(" {written}. ")), "{item}");
    let default = expand(Path::new("t.md"), &page, "default").text;
    assert!(default.contains(trimmed), "{default}");
    assert!(!default.contains(&*written), "{default}");
}

/// The doc comment diagnostics of `text` expanded with `ctx` in `style`.
fn doc_comment_problems(ctx: &Context, text: &str, style: &str) -> Vec<String> {
    pages::expand_text(ctx, Path::new("k.md"), text, Some(style))
        .expect("the style exists")
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter(|d| d.contains("the doc comment of"))
        .collect()
}

#[test]
fn a_broken_link_in_a_doc_comment_is_reported_at_the_comment() {
    // A struct with a field whose doc comment is written in another file than the struct (a
    // field a `macro_rules!` group writes into it): the report names the comment's file and the
    // line that holds the link, as the model's build script recorded them.
    let mut ctx = common::context();
    let (index, field_index) = ctx
        .model
        .types
        .iter()
        .enumerate()
        .find_map(|(i, t)| {
            let confspec::ir::Shape::Struct(shape) = &t.shape else {
                return None;
            };
            let source = t.source.as_ref()?;
            let f = shape.fields.iter().position(|f| {
                f.doc.as_ref().is_some_and(|d| d.file != source.file) && f.description.is_some()
            })?;
            Some((i, f))
        })
        .expect("a field documented in another file than its struct");
    let ty = &mut ctx.model.types[index];
    let type_name = ty.name.clone();
    // The type's own doc comment gets a second line with a link, and so does the field's.
    let link = "See [the data](#nowhere).";
    let add_line = |description: &mut Option<String>, doc: &mut confspec::ir::DocSource| {
        let last = doc.lines.last().expect("a doc comment has a line").0;
        doc.lines.push((last + 1, format!(" {link}")));
        *description = Some(format!("{} {link}", description.take().unwrap_or_default()));
        (doc.file.clone(), last + 1)
    };
    let confspec::ir::Shape::Struct(shape) = &mut ty.shape else {
        unreachable!("found as a struct")
    };
    let field = &mut shape.fields[field_index];
    let field_name = field.name.clone();
    let mut field_doc = field.doc.clone().expect("found with a doc comment");
    let (field_file, field_line) = add_line(&mut field.description, &mut field_doc);
    field.doc = Some(field_doc);
    let page = format!("# K\n\n#SCHEMA# {type_name}\n");
    for (style, severity) in [("default", "error"), ("compat", "warning")] {
        assert_eq!(
            doc_comment_problems(&ctx, &page, style),
            [format!(
                "{field_file}:{field_line}: {severity}: the doc comment of `{type_name}.{field_name}` links to `#nowhere`, which is not on the page k.md (directive at line 3, column 10)\n  hint: link to a section the page has, or add one with `{{ #nowhere }}` to k.md"
            )],
            "{style}"
        );
    }
    // The type's own doc comment, at its line too (it comes first).
    let ty = &mut ctx.model.types[index];
    let mut type_doc = ty.doc.clone().expect("the type has a doc comment");
    let (type_file, type_line) = add_line(&mut ty.description, &mut type_doc);
    ty.doc = Some(type_doc);
    assert_eq!(
        doc_comment_problems(&ctx, &page, "default")[0],
        format!(
            "{type_file}:{type_line}: error: the doc comment of `{type_name}` links to `#nowhere`, which is not on the page k.md (directive at line 3, column 10)\n  hint: link to a section the page has, or add one with `{{ #nowhere }}` to k.md"
        )
    );
    // A model whose sources were not read (no doc comment places): at the type's declaration.
    let ty = &mut ctx.model.types[index];
    ty.doc = None;
    let source = ty.source.clone().expect("declared in the model");
    assert!(
        doc_comment_problems(&ctx, &page, "default")[0]
            .starts_with(&format!("{}:{}: error: ", source.file, source.line))
    );
}

#[test]
fn the_doc_comments_the_build_script_records_are_where_it_says() {
    // Every type's and field's doc comment place (file, lines, text as written) names lines of
    // that file that are exactly those doc comments, and the text they make is the description
    // schemars read: derived from the whole model.
    let ctx = ctx();
    let mut files: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut checked = 0;
    let mut check = |owner: &str, doc: &confspec::ir::DocSource, description: &Option<String>| {
        let lines = files.entry(doc.file.clone()).or_insert_with(|| {
            std::fs::read_to_string(workspace().join(&doc.file))
                .unwrap_or_else(|err| panic!("{owner}: {}: {err}", doc.file))
                .lines()
                .map(str::to_owned)
                .collect()
        });
        for (line, written) in &doc.lines {
            let source = lines[line - 1].trim_start();
            let text = match source.strip_prefix("///") {
                Some(text) => text.to_owned(),
                None => {
                    let attrs = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, source)
                        .unwrap_or_else(|err| {
                            panic!(
                                "{owner}: {}:{line} is no doc comment ({err}): {source}",
                                doc.file
                            )
                        });
                    match &attrs[0].meta {
                        syn::Meta::NameValue(syn::MetaNameValue {
                            path,
                            value:
                                syn::Expr::Lit(syn::ExprLit {
                                    lit: syn::Lit::Str(text),
                                    ..
                                }),
                            ..
                        }) if path.is_ident("doc") => text.value(),
                        _ => panic!("{owner}: {}:{line} is no doc attribute: {source}", doc.file),
                    }
                }
            };
            assert_eq!(&text, written, "{owner}: {}:{line}", doc.file);
        }
        assert_eq!(
            Some(confspec::ir::normalize_description(&doc.text())),
            *description,
            "{owner}: the description is the doc comment's text"
        );
        checked += 1;
    };
    let mut undocumented = Vec::new();
    for ty in &ctx.model.types {
        if ty.source.is_none() {
            continue; // a type schemars wrote for a field, not declared as a model type
        }
        match &ty.doc {
            Some(doc) => check(&ty.name, doc, &ty.description),
            None if ty.description.is_some() => undocumented.push(ty.name.clone()),
            None => {}
        }
        if let confspec::ir::Shape::Struct(shape) = &ty.shape {
            for field in &shape.fields {
                let owner = format!("{}.{}", ty.name, field.name);
                match &field.doc {
                    Some(doc) => check(&owner, doc, &field.description),
                    None if field.description.is_some() => undocumented.push(owner),
                    None => {}
                }
            }
        }
    }
    assert_eq!(
        undocumented,
        Vec::<String>::new(),
        "described, but no doc comment recorded"
    );
    assert!(checked > 100, "only {checked} doc comments checked");
}
