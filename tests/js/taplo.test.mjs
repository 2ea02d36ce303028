// codegen.toml in an editor: taplo (the TOML toolkit behind VS Code's Even Better TOML) checks
// the repository's and the second project's settings against the schema the job writes from
// confspec's own settings types (site/docs/schemas/codegen.json), and flags a misspelt key of a
// broken copy at its line and column.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const modules = process.env.CODEGEN_NODE_MODULES || join(here, 'node_modules');
const taplo = join(modules, '.bin', 'taplo');
const schema = pathToFileURL(join(root, 'site/docs/schemas/codegen.json')).href;

/** `taplo check --schema SCHEMA FILE`: its exit code and everything it printed. */
function check(file) {
  const run = spawnSync(taplo, ['check', '--colors', 'never', '--schema', schema, file], {
    encoding: 'utf8',
    env: { ...process.env, RUST_LOG: 'error' },
  });
  assert.equal(run.error, undefined, `taplo runs: ${run.error}`);
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

test('the repository\'s codegen.toml and the second project\'s are valid', () => {
  for (const file of ['codegen.toml', 'tests/second-project/codegen.toml']) {
    const { code, output } = check(join(root, file));
    assert.equal(code, 0, `${file}:\n${output}`);
  }
});

test('a misspelt key is flagged at its line and column', () => {
  const text = readFileSync(join(root, 'codegen.toml'), 'utf8');
  const lines = text.split('\n');
  // `roots` of [examples]: the first `roots = ` line after the table's header.
  const table = lines.indexOf('[examples]');
  assert.ok(table >= 0, 'codegen.toml has an [examples] table');
  const at = lines.findIndex((line, i) => i > table && line.startsWith('roots = '));
  assert.ok(at > table, '[examples] has roots');
  lines[at] = lines[at].replace('roots = ', 'rots = ');
  const dir = mkdtempSync(join(tmpdir(), 'taplo-'));
  const broken = join(dir, 'codegen.toml');
  writeFileSync(broken, lines.join('\n'));
  const { code, output } = check(broken);
  assert.equal(code, 1, output);
  assert.match(output, /'rots' was unexpected/);
  assert.ok(output.includes(`${broken}:${at + 1}:1`), `flagged at ${at + 1}:1:\n${output}`);
});
