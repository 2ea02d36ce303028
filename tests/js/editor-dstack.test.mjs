// The editor experience of `.dstack.yml`: yaml-language-server (the server behind VS Code's YAML
// extension) over --stdio with site/docs/schemas/configuration.json associated to the catalog's
// globs (`**/.dstack.yml`, `**/*.dstack.yml`). A wrong `type` lists the six kinds, completion
// after `type: ` offers them, hovers explain the shorthands, the shorthands dstack accepts get
// no diagnostic and the ones it refuses get one at their line and column, and a deprecated key
// is reported as deprecated with its replacement.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { startYamlServer } from './lib/lsp.mjs';
import { NODE_MODULES, ROOT, missingTool } from './lib/paths.mjs';

const SERVER = path.join(NODE_MODULES, 'yaml-language-server/bin/yaml-language-server');
const SCHEMA = path.join(ROOT, 'site/docs/schemas/configuration.json');
/** The kinds of `.dstack.yml`, read from the schema's union (its `type` values). */
const KINDS = JSON.parse(readFileSync(SCHEMA, 'utf8')).properties.type.enum;

const skip = existsSync(SERVER) ? false : missingTool(`yaml-language-server not found at ${SERVER}`);

/** Zero-based line and column of the first line holding `needle`. */
function locate(text, needle) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `"${needle}" occurs in the document`);
  return { line, character: lines[line].indexOf(needle) };
}

const show = (diagnostics) =>
  diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');

describe('yaml-language-server with configuration.json', { skip }, () => {
  let client;
  let workspace;
  let counter = 0;

  before(async () => {
    assert.ok(existsSync(SCHEMA), `${SCHEMA} exists (run cargo run -p codegen)`);
    workspace = mkdtempSync(path.join(os.tmpdir(), 'codegen-editor-dstack-'));
    client = await startYamlServer(SERVER, workspace, { [pathToFileURL(SCHEMA).href]: ['**/.dstack.yml', '**/*.dstack.yml'] });
  });

  after(async () => {
    await client?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  /** Opens `text` as `<n>/train.dstack.yml` (or `.dstack.yml`); returns uri, text, diagnostics. */
  async function open(text, name = 'train.dstack.yml') {
    const uri = pathToFileURL(path.join(workspace, `doc-${++counter}`, name)).href;
    client.open(uri, text);
    return { uri, text, diagnostics: await client.settledDiagnostics(uri) };
  }

  test('`type: tsak` gets one diagnostic that lists all six kinds', async () => {
    const doc = await open('type: tsak\ncommands: [train]\n', '.dstack.yml');
    assert.equal(doc.diagnostics.length, 1, show(doc.diagnostics));
    const [d] = doc.diagnostics;
    for (const kind of KINDS) assert.ok(d.message.includes(`"${kind}"`), `${kind} in: ${d.message}`);
    assert.deepEqual({ line: d.range.start.line, character: d.range.start.character }, locate(doc.text, 'tsak'));
  });

  test('completion after `type: ` offers the six kinds', async () => {
    const doc = await open('type: \n');
    const items = await client.completion(doc.uri, 0, 'type: '.length);
    assert.deepEqual(items.map((i) => i.label).sort(), [...KINDS].sort());
  });

  test('hover on `gpu` explains the shorthand', async () => {
    const text = 'type: task\ncommands: [train]\nresources:\n  gpu: A100:80GB:2\n';
    const doc = await open(text);
    const at = locate(text, 'gpu');
    const hover = await client.hover(doc.uri, at.line, at.character + 1);
    assert.ok(hover, 'a hover');
    const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    assert.match(value, /`:`-separated names \(`A10,A100`\), memory per GPU \(`24GB`, `24GB\.\.80GB`\)\s+and count \(`2`, `1\.\.8`\)/);
  });

  test('the shorthands dstack accepts get no diagnostic', async () => {
    const text = [
      'type: task',
      'nodes: 4',
      'commands: [train]',
      'max_duration: 1d',
      'ports: [8080, "*:3000"]',
      'resources:',
      '  gpu: A100:80GB:2',
      '  memory: 64GB..',
      '  disk: 100GB',
      '  cpu: 2..8',
      '',
    ].join('\n');
    const doc = await open(text);
    assert.deepEqual(doc.diagnostics, [], show(doc.diagnostics));
  });

  for (const [key, value] of [
    ['memory', '8GiB'],
    ['gpu', 'A100:80XB'],
  ]) {
    test(`\`${key}: ${value}\` gets one diagnostic at the value`, async () => {
      const text = `type: task\ncommands: [train]\nresources:\n  ${key}: ${value}\n`;
      const doc = await open(text);
      assert.equal(doc.diagnostics.length, 1, show(doc.diagnostics));
      const [d] = doc.diagnostics;
      assert.deepEqual({ line: d.range.start.line, character: d.range.start.character }, locate(text, value));
      assert.equal(d.severity, 1, 'an error');
    });
  }

  test('`max_duration: 1h30m` gets one diagnostic at the value', async () => {
    const text = 'type: task\ncommands: [train]\nmax_duration: 1h30m\n';
    const doc = await open(text);
    assert.equal(doc.diagnostics.length, 1, show(doc.diagnostics));
    const [d] = doc.diagnostics;
    assert.deepEqual({ line: d.range.start.line, character: d.range.start.character }, locate(text, '1h30m'));
  });

  // The model's `#[deprecated(note = "Use `retry` instead")]` reaches the schema as
  // `deprecationMessage`, which yaml-language-server reports at the key (1.25 sends it with the
  // severity of an error; editor-deprecated.test.mjs pins that).
  test('a deprecated key is reported as deprecated, with its replacement', async () => {
    const text = 'type: task\ncommands: [train]\nretry_policy:\n  retry: true\n';
    const doc = await open(text);
    assert.equal(doc.diagnostics.length, 1, show(doc.diagnostics));
    const [d] = doc.diagnostics;
    assert.equal(d.message, '`retry_policy` is deprecated. Use `retry` instead');
    assert.equal(d.range.start.line, locate(text, 'retry_policy').line);
  });
});
