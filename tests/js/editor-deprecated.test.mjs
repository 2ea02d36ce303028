// Deprecated fields in the editor: yaml-language-server 1.25 (the server behind VS Code's YAML
// extension), over --stdio, on the JSON Schema the emitter writes for the serde shapes catalogue
// (its snapshot, codegen/tests/snapshots/shapes__shapes_json_schema.snap, which the shapes test
// keeps equal to the emitter's output). A key whose field is `#[deprecated]` in Rust must be
// reported at the key with the attribute's note (the schema's `deprecationMessage`); the other
// keys get nothing, and completion does not offer deprecated keys.
//
// Severity: yaml-language-server's validator files a `deprecationMessage` as a warning, but its
// server turns every warning into an error before sending it (validationHandlers.js, "Convert
// all warnings to errors"), so editors on it show an error-level diagnostic whose text says
// "deprecated". The test pins that, so that a change of behaviour is noticed.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { startYamlServer } from './lib/lsp.mjs';
import { NODE_MODULES, ROOT, missingTool } from './lib/paths.mjs';

const SERVER = path.join(NODE_MODULES, 'yaml-language-server/bin/yaml-language-server');
const SNAPSHOT = path.join(ROOT, 'codegen/tests/snapshots/shapes__shapes_json_schema.snap');
/** The catalogue type with deprecated fields (tests/shapes/src/lib.rs). */
const ROOT_TYPE = 'Deprecations';

const skip = existsSync(SERVER) ? false : missingTool(`yaml-language-server not found at ${SERVER}`);

/** The emitted catalogue schema (the snapshot's body, after insta's header). */
function catalogueSchema() {
  const text = readFileSync(SNAPSHOT, 'utf8');
  const body = text.split(/^---$/m).slice(2).join('---');
  return JSON.parse(body);
}

describe('yaml-language-server on a deprecated key', { skip }, () => {
  let client;
  let workspace;
  let schemaFile;
  let counter = 0;

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'codegen-deprecated-'));
    const catalogue = catalogueSchema();
    assert.ok(catalogue.definitions[ROOT_TYPE], `the catalogue schema defines ${ROOT_TYPE}`);
    // The emitted definitions, rooted at the type with deprecated fields.
    schemaFile = path.join(workspace, 'deprecations.json');
    writeFileSync(
      schemaFile,
      JSON.stringify({
        $schema: catalogue.$schema,
        $ref: `#/definitions/${ROOT_TYPE}`,
        definitions: catalogue.definitions,
      }),
    );
    client = await startYamlServer(SERVER, workspace, {});
  });

  after(async () => {
    await client?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  async function open(body) {
    const uri = pathToFileURL(path.join(workspace, `doc-${++counter}.yaml`)).href;
    const text = `# yaml-language-server: $schema=${schemaFile}\n${body}`;
    client.open(uri, text);
    return { uri, text, diagnostics: await client.settledDiagnostics(uri) };
  }

  test('each deprecated key is reported at the key, with the note', async () => {
    const doc = await open('max-retries: 3\nretry-on-failure: true\nlegacy: old\n');
    const got = doc.diagnostics
      .map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: d.severity,
        message: d.message,
      }))
      .sort((a, b) => a.line - b.line);
    assert.deepEqual(got, [
      { line: 3, column: 1, severity: 1, message: '`retry-on-failure` is deprecated. Use `max-retries` instead.' },
      { line: 4, column: 1, severity: 1, message: '`legacy` is deprecated.' },
    ]);
  });

  test('a document without deprecated keys gets no diagnostic', async () => {
    const doc = await open('max-retries: 3\n');
    assert.deepEqual(doc.diagnostics, []);
  });

  test('completion offers the current key, not the deprecated ones', async () => {
    const doc = await open('\n');
    const items = await client.completion(doc.uri, 1, 0);
    assert.deepEqual(items.map((i) => i.label).sort(), ['max-retries']);
  });
});
