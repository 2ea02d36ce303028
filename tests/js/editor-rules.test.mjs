// The rules of `.dstack.yml` and `profiles.yml` that a draft-07 schema can state, as an editor
// shows them: yaml-language-server over --stdio with site/docs/schemas/configuration.json and
// profiles.json associated as the catalog does. Each broken rule is one diagnostic on the line
// of the key that breaks it (the line of the mapping, for a key that is missing), saying the
// rule; the values dstack accepts on purpose (a Python version as a number, whole numbers as env
// values) get none.
//
// The cross-field rules come from the schemas themselves (each `allOf` member of a definition,
// with the `description` that says it): a rule without a case here fails the test.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { startYamlServer } from './lib/lsp.mjs';
import { NODE_MODULES, ROOT, missingTool } from './lib/paths.mjs';

const SERVER = path.join(NODE_MODULES, 'yaml-language-server/bin/yaml-language-server');
const CONFIGURATION = path.join(ROOT, 'site/docs/schemas/configuration.json');
const PROFILES = path.join(ROOT, 'site/docs/schemas/profiles.json');

const skip = existsSync(SERVER) ? false : missingTool(`yaml-language-server not found at ${SERVER}`);

/** The description of every cross-field rule of a schema (each `allOf` member of a definition
 * that describes itself). */
function rulesOf(file) {
  const definitions = JSON.parse(readFileSync(file, 'utf8')).definitions ?? {};
  return Object.values(definitions)
    .flatMap((d) => d.allOf ?? [])
    .map((rule) => rule.description)
    .filter(Boolean);
}

// Each case: the document, the text on the line the diagnostic belongs to, and what its message
// says. `rule` names the schema rule (its description) the case shows; cases without one show
// a bound or a pattern of a single key.
const CASES = [
  {
    rule: /^`image` and `python` are mutually exclusive/,
    text: 'type: task\nimage: python:3.11\npython: "3.11"\ncommands: [train]\n',
    at: 'python:',
    message: /`image` and `python` are mutually exclusive/,
  },
  {
    rule: /^Either `commands` or `image` must be set/,
    text: 'type: service\nport: 8000\nname: web\n',
    at: 'type: service',
    message: /Either `commands` or `image` must be set/,
  },
  {
    text: 'type: task\ncommands: []\n',
    at: 'commands:',
    message: /Either `commands` or `image` must be set/,
  },
  {
    rule: /^When you set `replicas` to a range, ensure to specify `scaling`/,
    text: 'type: service\nport: 8000\ncommands: [serve]\nreplicas: 0..4\n',
    at: 'replicas:',
    message: /When you set `replicas` to a range, ensure to specify `scaling`/,
  },
  {
    // yaml-language-server flags a value where it starts: here on the key's line; a block
    // mapping under `scaling:` would be flagged on its first line.
    rule: /^To use `scaling`, `replicas` must be set to a range/,
    text: 'type: service\nport: 8000\ncommands: [serve]\nscaling: {metric: rps, target: 10}\n',
    at: 'scaling:',
    message: /To use `scaling`, `replicas` must be set to a range/,
  },
  {
    // Every member of the range's union fails here, and yaml-language-server reports the first
    // one's (the type); the rule is what makes the mapping fail.
    rule: /^A range gives `min`, `max` or both/,
    text: 'type: task\ncommands: [train]\nresources:\n  cpu: {}\n',
    at: 'cpu:',
    message: /Incorrect type|an empty range/,
  },
  {
    text: 'type: task\ncommands: [train]\nretry:\n  on_events: []\n',
    at: 'on_events:',
    message: /too few items/,
  },
  {
    text: 'type: task\ncommands: [train]\nmax_price: 0\n',
    at: 'max_price:',
    message: /exclusive minimum of 0/,
  },
  {
    text: 'type: service\nport: 8000\ncommands: [serve]\nreplicas: 0..4\nscaling:\n  metric: rps\n  target: 0\n',
    at: 'target:',
    message: /exclusive minimum of 0/,
  },
  {
    text: 'type: task\ncommands: [train]\nresources:\n  disk: 20\n',
    at: 'disk:',
    message: /minimum of 50/,
  },
  {
    text: 'type: task\ncommands: [train]\nresources:\n  gpu: A100:2:2\n',
    at: 'gpu:',
    message: /Incorrect type|pattern/,
  },
  {
    text: 'type: service\nport: 8000\ncommands: [serve]\nreplicas: 1..\nscaling:\n  metric: rps\n  target: 10\n',
    at: 'replicas:',
    message: /Incorrect type|pattern/,
  },
  {
    text: 'type: task\ncommands: null\nimage: ubuntu\n',
    at: 'commands:',
    message: /Incorrect type/,
  },
  {
    text: 'type: task\nimage: ""\ncommands: [train]\n',
    at: 'image:',
    message: /String is shorter than the minimum length of 1/,
  },
];

const show = (diagnostics) =>
  diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');

/** The zero-based line of the first line that starts with `needle` (after indentation). */
function lineOf(text, needle) {
  const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(needle));
  assert.ok(line >= 0, `"${needle}" starts a line of the document`);
  return line;
}

describe('yaml-language-server flags the rules of configuration.json and profiles.json', { skip }, () => {
  let client;
  let workspace;
  let counter = 0;

  before(async () => {
    for (const file of [CONFIGURATION, PROFILES]) {
      assert.ok(existsSync(file), `${file} exists (run cargo run -p codegen)`);
    }
    workspace = mkdtempSync(path.join(os.tmpdir(), 'codegen-editor-rules-'));
    client = await startYamlServer(SERVER, workspace, {
      [pathToFileURL(CONFIGURATION).href]: ['**/.dstack.yml', '**/*.dstack.yml'],
      [pathToFileURL(PROFILES).href]: ['**/profiles.yml'],
    });
  });

  after(async () => {
    await client?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  async function open(text, name = 'train.dstack.yml') {
    const uri = pathToFileURL(path.join(workspace, `doc-${++counter}`, name)).href;
    client.open(uri, text);
    return client.settledDiagnostics(uri);
  }

  test('every cross-field rule of the schemas has a case here', () => {
    const rules = [...rulesOf(CONFIGURATION), ...rulesOf(PROFILES)];
    assert.ok(rules.length >= 5, `only ${rules.length} rules`);
    for (const rule of new Set(rules)) {
      assert.ok(
        CASES.some((c) => c.rule?.test(rule)),
        `the schema rule "${rule}" has no case in editor-rules.test.mjs`,
      );
    }
  });

  for (const c of CASES) {
    test(`${c.text.split('\n').slice(0, 4).join('; ')}: one diagnostic on the line of \`${c.at}\``, async () => {
      const diagnostics = await open(c.text);
      assert.equal(diagnostics.length, 1, show(diagnostics));
      const [d] = diagnostics;
      assert.equal(d.range.start.line, lineOf(c.text, c.at), show(diagnostics));
      assert.match(d.message, c.message);
    });
  }

  test('a profile\'s `max_price: 0` is flagged at the key', async () => {
    const text = 'profiles:\n  - name: cheap\n    max_price: 0\n';
    const diagnostics = await open(text, 'profiles.yml');
    assert.equal(diagnostics.length, 1, show(diagnostics));
    assert.equal(diagnostics[0].range.start.line, lineOf(text, 'max_price:'));
    assert.match(diagnostics[0].message, /exclusive minimum of 0/);
  });

  test('what dstack accepts on purpose gets no diagnostic', async () => {
    const text = [
      'type: service',
      'port: 8000',
      'python: 3.10',
      'commands: [serve]',
      'env:',
      '  PORT: 8080',
      '  MODE: fast',
      'replicas: 0..4',
      'scaling:',
      '  metric: rps',
      '  target: 2.5',
      'max_duration: "3600"',
      'resources:',
      '  disk: 50GB',
      '  gpu:',
      '    compute_capability: 7.5',
      '',
    ].join('\n');
    const diagnostics = await open(text);
    assert.deepEqual(diagnostics, [], show(diagnostics));
  });
});
