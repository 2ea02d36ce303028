// ajv (draft-07, strict mode) and the Rust loader agree on every fixture of
// schema/tests/fixtures/: good configs validate, bad ones fail, and ajv reports an error at the
// loader's YAML path (for an unknown key: at the mapping that holds it). ajv is an independent
// implementation of JSON Schema, so a schema that only the Rust `jsonschema` crate reads "right"
// does not pass.
//
// Inputs (overridable, for codegen/tests/schema_agreement.rs, which runs this file against the
// schema the current code emits):
//   CODEGEN_SCHEMA        the schema  (default: site/docs/schemas/server-config.json)
//   CODEGEN_SCHEMAS       or a JSON object: root type -> schema file, for a corpus whose
//                         fixtures name their `root` (schema/tests/fixtures/dstack/corpus.json)
//   CODEGEN_CORPUS        the corpus  (default: schema/tests/fixtures/corpus.json)
//   CODEGEN_MIN_BAD, CODEGEN_MIN_GOOD, CODEGEN_MAX_EXCLUDED   the corpus's expected size
//                         (defaults: 30, 13, 8)
//   CODEGEN_NODE_MODULES  where ajv is (default: tests/js/node_modules)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const modules = process.env.CODEGEN_NODE_MODULES || join(here, 'node_modules');
const require = createRequire(join(modules, 'index.js'));
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const schemaFile = process.env.CODEGEN_SCHEMA || join(root, 'site/docs/schemas/server-config.json');
const corpusFile = process.env.CODEGEN_CORPUS || join(root, 'schema/tests/fixtures/corpus.json');
const schemaFiles = process.env.CODEGEN_SCHEMAS ? JSON.parse(process.env.CODEGEN_SCHEMAS) : null;
const corpus = JSON.parse(readFileSync(corpusFile, 'utf8')).fixtures;
const minBad = Number(process.env.CODEGEN_MIN_BAD || 30);
const minGood = Number(process.env.CODEGEN_MIN_GOOD || 13);
const maxExcluded = Number(process.env.CODEGEN_MAX_EXCLUDED || 18);

/** schemars' integer formats, by name: [minimum, maximum]. */
const INTEGER_FORMATS = {
  int8: [-(2 ** 7), 2 ** 7 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint8: [0, 2 ** 8 - 1],
  uint16: [0, 2 ** 16 - 1],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  uint: [0, Number.MAX_SAFE_INTEGER],
};

function strictAjv() {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('markdownDescription');
  ajv.addKeyword('deprecationMessage');
  // The message editors show for a broken rule (yaml-language-server, VS Code).
  ajv.addKeyword('errorMessage');
  for (const [name, [min, max]] of Object.entries(INTEGER_FORMATS)) {
    ajv.addFormat(name, { type: 'number', validate: (x) => Number.isInteger(x) && x >= min && x <= max });
  }
  return ajv;
}

/** `projects[0].backends[1].creds.type` as JSON pointer segments. */
function segments(path) {
  if (path === '') return [];
  return path.split('.').flatMap((part) => {
    const [key, ...indexes] = part.split('[');
    return [key, ...indexes.map((i) => i.replace(']', ''))].filter((s) => s !== '');
  });
}

function pointerSegments(pointer) {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const samePlace = (a, b) => a.length === b.length && a.every((s, i) => s === b[i]);

/** One compiled validator per schema file (each in its own Ajv: the schemas share `$id`-less
 * definition names). */
const validators = new Map();
function validatorFor(fixture) {
  const file = schemaFiles ? schemaFiles[fixture.root] : schemaFile;
  assert.ok(file, `${fixture.file}: no schema for root ${fixture.root}`);
  if (!validators.has(file)) {
    validators.set(file, strictAjv().compile(JSON.parse(readFileSync(file, 'utf8'))));
  }
  return validators.get(file);
}

test('the schemas compile in strict mode, with every keyword and format declared', () => {
  for (const fixture of corpus) {
    assert.equal(typeof validatorFor(fixture), 'function');
  }
});

test('the corpus is the full one', () => {
  const bad = corpus.filter((f) => !f.valid);
  assert.ok(bad.length >= minBad, `only ${bad.length} bad configs`);
  assert.ok(corpus.filter((f) => f.valid).length >= minGood);
});

// Outside the comparison, as the issue allows: what a JSON document cannot hold (duplicate keys,
// no document at all), what fails before the model sees it (YAML 1.1 booleans), and the one
// documented draft-07 limit (a whole float counts as an integer); and what the JSON document
// cannot show: a plain scalar YAML 1.1 reads otherwise, a YAML tag, a key that is not a string.
const EXCLUDED = [
  /^a JSON document cannot hold a duplicate key$/,
  /^not YAML, no document to validate$/,
  /^fails before the model sees it \(YAML 1\.1 boolean\)$/,
  /^JSON has no integer type of its own/,
  /^a cross-field rule the JSON Schema does not express$/,
  // The rules only the loader checks (the guide's list, "Rules the schema cannot state").
  /^a pattern cannot compare two numbers$/,
  /^the JSON Schema cannot compare the names inside two strings$/,
  /^a pattern cannot tell a private network/,
  /^a pattern cannot count seconds past 64 bits$/,
  /^the schema bounds disk sizes written as numbers only$/,
  /^JSON cannot tell 7 from 7\.0/,
  /^the YAML 1\.1 reading differs \(JSON holds only the YAML 1\.2 one\)$/,
  /^a YAML tag \(JSON holds no tags\)$/,
  /^a non-string key \(JSON keys are strings\)$/,
];

test('fixtures left out of the comparison are only the kinds the issue excludes', () => {
  const excluded = corpus.filter((f) => !f.compare_schema);
  for (const fixture of excluded) {
    assert.ok(!fixture.valid, `${fixture.file}: a good config is never left out`);
    assert.ok(
      EXCLUDED.some((re) => re.test(fixture.skip_reason ?? '')),
      `${fixture.file}: unexpected reason to leave it out: ${fixture.skip_reason}`,
    );
  }
  assert.ok(excluded.length <= maxExcluded, `${excluded.length} fixtures left out`);
});

for (const fixture of corpus) {
  if (!fixture.compare_schema) {
    continue;
  }
  test(fixture.file, () => {
    const validate = validatorFor(fixture);
    const ok = validate(fixture.document);
    const errors = validate.errors ?? [];
    if (fixture.valid) {
      assert.ok(ok, `ajv rejects a good config: ${JSON.stringify(errors, null, 1)}`);
      return;
    }
    assert.ok(!ok, `ajv accepts a config the loader rejects (${fixture.error.path}: ${fixture.error.message})`);
    // Where the loader points, ajv must point too, for each of its errors: at the value itself,
    // or for an unknown key at the mapping that holds it (additionalProperties).
    const places = errors.map((e) => pointerSegments(e.instancePath));
    for (const error of fixture.errors ?? [fixture.error]) {
      const at = segments(error.path);
      const allowed = [at];
      if (error.kind === 'unknown-key') allowed.push(at.slice(0, -1));
      assert.ok(
        places.some((p) => allowed.some((a) => samePlace(p, a))),
        `no ajv error at ${error.path}: ${errors.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`,
      );
    }
  });
}
