// The second project's schema in an editor: yaml-language-server 1.25 (the server behind VS
// Code's YAML extension), started over --stdio, with this script acting as the editor
// (tests/js/lib/lsp.mjs). A mistake inside a variant of a union tagged by `type` is reported
// at its key with the variant's own problem, not as "matches none of the alternatives"; a
// valid file gets no diagnostic. Run in the project after its job; exits 1 on a difference.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { startYamlServer } from '../js/lib/lsp.mjs';

const modules = process.env.CODEGEN_NODE_MODULES;
const server = path.join(modules, 'yaml-language-server/bin/yaml-language-server');
const schema = pathToFileURL(path.resolve('schemas/app-config.json')).href;

/** Each document, and its diagnostics: the text they start at, and the message. */
const CASES = [
  {
    name: 'a key of another variant',
    text: 'name: shop\nstorage:\n  type: local\n  path: /srv\n  bucket: shop-uploads\n',
    expect: [{ at: 'bucket', message: 'Property bucket is not allowed.' }],
  },
  {
    name: 'a key the variant requires',
    text: 'name: shop\nstorage:\n  type: s3\n  region: eu-west-1\n',
    expect: [{ at: 'storage', message: 'Missing property "bucket".' }],
  },
  {
    name: 'an unknown tag',
    text: 'name: shop\nstorage:\n  type: ftp\n  path: /srv\n',
    expect: [{ at: 'ftp', message: 'Value is not accepted. Valid values: "local", "s3".' }],
  },
  {
    name: 'a valid file',
    text: 'name: shop\nstorage:\n  type: s3\n  bucket: shop-uploads\n',
    expect: [],
  },
];

const workspace = mkdtempSync(path.join(os.tmpdir(), 'second-project-editor-'));
const client = await startYamlServer(server, workspace, { [schema]: '**/app.yml' });
let failed = 0;
try {
  for (const [i, c] of CASES.entries()) {
    const dir = path.join(workspace, String(i));
    const file = path.join(dir, 'app.yml');
    mkdirSync(dir);
    writeFileSync(file, c.text);
    const uri = pathToFileURL(file).href;
    client.open(uri, c.text);
    const got = (await client.settledDiagnostics(uri)).map((d) => ({
      line: d.range.start.line,
      character: d.range.start.character,
      message: d.message,
    }));
    const expected = c.expect.map((e) => {
      const line = c.text.split('\n').findIndex((l) => l.includes(e.at));
      return { line, character: c.text.split('\n')[line].indexOf(e.at), message: e.message };
    });
    try {
      assert.deepEqual(got, expected);
      console.log(`yaml-language-server: ${c.name}: ${got.map((d) => d.message).join(' ') || 'no diagnostic'}`);
    } catch {
      failed += 1;
      console.error(`yaml-language-server: ${c.name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
  }
} finally {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
