// The editor experience, with the tool editors run: yaml-language-server 1.25 (the server behind
// VS Code's YAML extension), started over --stdio, with this test acting as the editor.
//
// The schema the site serves (site/docs/schemas/server-config.json) is associated two ways, as the
// Editor setup page tells users to: by the `yaml.schemas` setting (schema URI → the catalog's glob)
// and by a `# yaml-language-server: $schema=<path>` modeline. In both, real documents must get:
// each mistake diagnosed at its line and column, and nothing else; hover text from the model's doc
// comments; completion of the `type` values that fit the cursor. Every YAML example of the site's
// page sources must get no diagnostic at all, but a mistake a page shows on purpose (its
// `<!-- codegen: expect-error "TEXT" -->` marker) must get one.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { startYamlServer } from './lib/lsp.mjs';
import { NODE_MODULES, ROOT, SCHEMA_FILE, missingTool } from './lib/paths.mjs';

const SERVER = path.join(NODE_MODULES, 'yaml-language-server/bin/yaml-language-server');
/** The file names the catalog entry and the Editor setup page associate with the schema. */
const FILE_MATCH = '**/.dstack/server/config.yml';
/** Every backend `type` of the model (dstack's list). */
const BACKEND_TYPES = [
  'aws', 'azure', 'cudo', 'datacrunch', 'gcp', 'kubernetes', 'lambda',
  'nebius', 'oci', 'runpod', 'tensordock', 'vastai', 'dstack',
];

const skip = existsSync(SERVER) ? false : missingTool(`yaml-language-server not found at ${SERVER}`);

/**
 * The mistakes: each document with the diagnostics it must get, exactly. `at` names the text the
 * diagnostic starts at: the first line holding it, at its column (`occurrence` picks a later one).
 */
const MISTAKES = [
  {
    name: 'an unknown key',
    text: `
projects:
  - name: main
    backends:
      - type: aws
        vpc_nme: training-vpc
        creds:
          type: default
`,
    expect: [{ at: 'vpc_nme', message: /^Property vpc_nme is not allowed\.$/ }],
  },
  {
    name: 'a wrong value type (boolean, port number)',
    text: `
projects:
  - name: main
    backends:
      - type: aws
        public_ips: yes
        creds:
          type: default
      - type: kubernetes
        kubeconfig:
          filename: ~/.kube/config
        networking:
          ssh_port: "32000"
`,
    expect: [
      { at: 'yes', message: /^Incorrect type\. Expected .*\bboolean\b/ },
      { at: '"32000"', message: /^Incorrect type\. Expected .*\binteger\b/ },
    ],
  },
  {
    name: 'a missing required key (backend)',
    text: `
projects:
  - name: main
    backends:
      - type: azure
        subscription_id: 00000000-0000-4000-8000-000000000001
        creds:
          type: default
`,
    // Reported on the entry that lacks it, where its mapping starts.
    expect: [{ at: 'type: azure', message: /^Missing property "tenant_id"\.$/ }],
  },
  {
    name: 'a missing required key (credentials)',
    text: `
projects:
  - name: main
    backends:
      - type: aws
        creds:
          type: access_key
          access_key: AKIAEXAMPLEEXAMPLE00
`,
    expect: [{ at: 'creds', message: /^Missing property "secret_key"\.$/ }],
  },
  {
    name: 'a missing required key (project)',
    text: `
projects:
  - backends:
      - type: dstack
`,
    expect: [{ at: 'backends', message: /^Missing property "name"\.$/ }],
  },
  {
    name: 'a wrong backend type',
    text: `
projects:
  - name: main
    backends:
      - type: awz
        creds:
          type: default
`,
    expect: [
      {
        at: 'awz',
        message: new RegExp(`^Value is not accepted\\. Valid values: ${BACKEND_TYPES.map((t) => `"${t}"`).join(', ')}\\.$`),
      },
    ],
  },
  {
    name: 'a wrong credentials type',
    text: `
projects:
  - name: main
    backends:
      - type: aws
        creds:
          type: acces_key
`,
    expect: [{ at: 'acces_key', message: /^Value is not accepted\. Valid values: "access_key", "default"\.$/ }],
  },
];

/** The YAML examples of the site's page sources: `{ where, title, text, expectError }`, de-indented. */
function pageExamples() {
  const examples = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir).sort()) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith('.md')) collect(file);
    }
  };
  const collect = (file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    // The file an example stands for: the title of the `<div editor-title>` it is in.
    let title = null;
    for (let i = 0; i < lines.length; i++) {
      const div = /<div editor-title="([^"]*)"/.exec(lines[i]);
      if (div) title = div[1];
      if (/<\/div>/.test(lines[i])) title = null;
      const open = /^( *)(`{3,}|~{3,})\s*(\S*)/.exec(lines[i]);
      if (!open) continue;
      const indent = open[1].length;
      const [fence, info] = [open[2], open[3]];
      // Closed by a run of the same character at least as long (a ````diff block may quote
      // ```yaml lines: they are not examples).
      const closes = (line) => {
        const m = /^ *(`{3,}|~{3,})\s*$/.exec(line);
        return m && m[1][0] === fence[0] && m[1].length >= fence.length;
      };
      const body = [];
      let j = i + 1;
      for (; j < lines.length && !closes(lines[j]); j++) body.push(lines[j].slice(indent));
      // The block's markers, read as the examples check reads them (confspec's docs/markdown.rs
      // and docs/examples/marker.rs): the one-line `<!-- codegen: ... -->` comments before the
      // fence, with only blank lines, other comments and opening `<div ...>` lines (the wrapper)
      // between. A block opted out (`skip`, or `codegen="skip"` in the info string) is no
      // configuration of the model; a mistake shown on purpose (`expect-error "TEXT"`) is one the
      // editor must flag too. A block checked as a type its marker names (`check TYPE`, or
      // `expect-error "TEXT" TYPE`) is a part of a file (one backend, one table), which no editor
      // opens as a file: the Rust check covers it.
      const markers = [];
      for (let k = i - 1; k >= 0; k--) {
        if (/^\s*$/.test(lines[k]) || (/^\s*<div\b.*>\s*$/.test(lines[k]) && !/<\/div/.test(lines[k]))) continue;
        const comment = /^\s*<!--(.*)-->\s*$/.exec(lines[k]);
        if (!comment) break;
        const marker = /^\s*codegen:\s*(\S+)(.*)$/.exec(comment[1]);
        if (marker) markers.push({ word: marker[1], rest: marker[2] });
      }
      const expectError = markers.find((m) => m.word === 'expect-error');
      const expected = expectError ? /^\s*"([^"]+)"\s*(\S*)/.exec(expectError.rest) : null;
      const part = markers.some((m) => m.word === 'check') || (expected && expected[2] !== '');
      const skipped = markers.some((m) => m.word === 'skip') || /\bcodegen=["']?skip\b/.test(lines[i]) || part;
      if (/^(yaml|yml)$/i.test(info.replace(/^\{?\.?/, '')) && !skipped) {
        examples.push({
          where: `${path.relative(ROOT, file)}:${i + 1}`,
          title,
          text: `${body.join('\n')}\n`,
          expectError: expected ? expected[1] : null,
        });
      }
      i = j;
    }
  };
  walk(path.join(ROOT, 'site/pages'));
  return examples;
}

/** The two ways of associating the schema, each making a document URI and text for a case. */
function associations(workspace) {
  return [
    {
      name: 'by the yaml.schemas setting',
      document: (slug, text) => ({
        uri: pathToFileURL(path.join(workspace, 'setting', slug, '.dstack/server/config.yml')).href,
        text,
      }),
    },
    byModeline(workspace, SCHEMA_FILE),
  ];
}

/** Associates `schemaFile` by a modeline (the document's own one, if any, is pointed at it). */
function byModeline(workspace, schemaFile) {
  const modeline = `# yaml-language-server: $schema=${schemaFile}`;
  return {
    name: 'by a modeline',
    // Outside any .dstack directory and named .yaml: only the modeline can associate it.
    document: (slug, text) => ({
      uri: pathToFileURL(path.join(workspace, 'modeline', `${slug}.yaml`)).href,
      text: text.startsWith('# yaml-language-server:')
        ? text.replace(/^# yaml-language-server: \$schema=\S+/, modeline)
        : `${modeline}\n${text}`,
    }),
  };
}

/** Zero-based line and column of the `occurrence`-th line holding `needle`. */
function locate(text, needle, occurrence = 0) {
  const lines = text.split('\n');
  const found = lines.map((l, i) => [i, l.indexOf(needle)]).filter(([, c]) => c >= 0);
  assert.ok(found[occurrence], `"${needle}" occurs in the document`);
  return { line: found[occurrence][0], character: found[occurrence][1] };
}

const show = (diagnostics) =>
  diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n');

describe('yaml-language-server with the site schema', { skip }, () => {
  let client;
  let workspace;
  let counter = 0;

  before(async () => {
    assert.ok(existsSync(SCHEMA_FILE), `${SCHEMA_FILE} exists (run cargo run -p codegen)`);
    workspace = mkdtempSync(path.join(os.tmpdir(), 'codegen-editor-'));
    client = await startYamlServer(SERVER, workspace, { [pathToFileURL(SCHEMA_FILE).href]: FILE_MATCH });
  });

  after(async () => {
    await client?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  /** Opens `text` as a new document of `association`; returns its uri, text and diagnostics. */
  async function openDocument(association, text) {
    const doc = association.document(`doc-${++counter}`, text.replace(/^\n/, ''));
    client.open(doc.uri, doc.text);
    const diagnostics = await client.settledDiagnostics(doc.uri);
    return { ...doc, diagnostics };
  }

  for (const index of [0, 1]) {
    describe(['schema associated by the yaml.schemas setting', 'schema associated by a modeline'][index], () => {
      const association = () => associations(workspace)[index];

      for (const mistake of MISTAKES) {
        test(`diagnoses ${mistake.name} at its line`, async () => {
          const doc = await openDocument(association(), mistake.text);
          const got = doc.diagnostics;
          assert.equal(got.length, mistake.expect.length, `diagnostics:\n${show(got)}`);
          const sorted = [...got].sort((a, b) => a.range.start.line - b.range.start.line);
          mistake.expect.forEach((expected, i) => {
            const at = locate(doc.text, expected.at, expected.occurrence);
            const d = sorted[i];
            assert.match(d.message, expected.message, `diagnostics:\n${show(got)}`);
            assert.deepEqual(
              { line: d.range.start.line + 1, column: d.range.start.character + 1 },
              { line: at.line + 1, column: at.character + 1 },
              `"${d.message}" is reported at "${expected.at}"`,
            );
            assert.equal(d.severity, 1, 'an error');
          });
        });
      }

      test('a valid document gets no diagnostic', async () => {
        const doc = await openDocument(association(), MISTAKES[0].text.replace('vpc_nme', 'vpc_name'));
        assert.deepEqual(doc.diagnostics, []);
      });

      test('hover on vpc_name shows its description', async () => {
        const doc = await openDocument(association(), MISTAKES[0].text.replace('vpc_nme', 'vpc_name'));
        const at = locate(doc.text, 'vpc_name');
        const hover = await client.hover(doc.uri, at.line, at.character + 2);
        assert.ok(hover, 'a hover');
        const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
        assert.match(value, /The VPC name\. All configured regions must have a VPC with this name/);
        assert.equal(hover.range.start.line, at.line);
      });

      test('completion after `type: ` in a backend offers every backend type', async () => {
        const doc = await openDocument(association(), 'projects:\n  - name: main\n    backends:\n      - type: \n');
        const at = locate(doc.text, '- type: ');
        const items = await client.completion(doc.uri, at.line, at.character + '- type: '.length);
        assert.deepEqual(items.map((i) => i.label).sort(), [...BACKEND_TYPES].sort());
      });

      test('completion after `type: ` in creds of an aws backend offers access_key and default', async () => {
        const text = 'projects:\n  - name: main\n    backends:\n      - type: aws\n        creds:\n          type: \n';
        const doc = await openDocument(association(), text);
        const at = locate(doc.text, '  type: ');
        const items = await client.completion(doc.uri, at.line, at.character + '  type: '.length);
        assert.deepEqual(items.map((i) => i.label).sort(), ['access_key', 'default']);
      });
    });
  }

  test('every YAML example of site/pages gets no diagnostic', async () => {
    const examples = pageExamples();
    assert.ok(examples.length >= 25, `the pages hold YAML examples (${examples.length})`);
    // By modeline, with the schema an editor picks for the file the example stands for (its
    // editor title, matched against the catalog's `fileMatch` globs; the server config's when it
    // has none): the example's own modeline (an https URL) is pointed at the local file, so
    // nothing is fetched.
    const catalog = JSON.parse(readFileSync(path.join(ROOT, 'site/pages/schemas/catalog.json'), 'utf8'));
    const glob = (pattern) =>
      new RegExp(`^${pattern.split('**/').map((p) => p.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')).join('(?:.*/)?')}$`);
    const schemaFor = (title) => {
      const file = title && title.replace(/^~\//, '/home/user/');
      const entry = file && catalog.schemas.find((s) => s.fileMatch.some((m) => glob(m).test(file)));
      return entry ? path.join(path.dirname(SCHEMA_FILE), path.basename(new URL(entry.url).pathname)) : SCHEMA_FILE;
    };
    const byTitle = (example) => byModeline(workspace, schemaFor(example.title));
    assert.ok(
      examples.some((e) => schemaFor(e.title) !== SCHEMA_FILE),
      'some examples are of another schema of the catalog',
    );
    const docs = await Promise.all(examples.map((example) => openDocument(byTitle(example), example.text)));
    // A mistake the page shows on purpose (`expect-error`) gets a diagnostic; every other
    // example none.
    const failures = docs
      .map((doc, i) => {
        const { where, expectError } = examples[i];
        if (expectError) return doc.diagnostics.length === 0 && `${where}: a mistake shown on purpose (${expectError}) gets no diagnostic`;
        return doc.diagnostics.length > 0 && `${where}:\n${show(doc.diagnostics)}`;
      })
      .filter(Boolean);
    assert.deepEqual(failures, []);
    assert.ok(examples.some((e) => e.expectError), 'the pages show a mistake on purpose (site/pages/guide/examples.md)');
  });

  test('the server asked the editor for its settings, and got them', () => {
    assert.ok(client.serverRequests.includes('workspace/configuration'), client.serverRequests.join(', '));
  });
});
