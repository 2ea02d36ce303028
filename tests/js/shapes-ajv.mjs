// Validates many JSON documents against many schemas with ajv (draft-07, strict mode), in one
// process, for codegen/tests/shapes.rs.
//
// Usage: node shapes-ajv.mjs INPUT OUTPUT
//   INPUT   {"schemas": {"Tree": <schema>, ...}, "cases": [{"id": "Tree#valid3", "type": "Tree", "value": <JSON>}]}
//   OUTPUT  receives {"results": {id: {"valid": true} | {"valid": false, "error": "..."}}}
//   CODEGEN_NODE_MODULES  where ajv is (default: tests/js/node_modules)
//
// Strict mode rejects unknown keywords and formats: `markdownDescription`, `deprecationMessage`
// (the editors' keywords) and schemars' numeric
// formats are declared. The formats check nothing: the emitted schema states every integer
// width's range as `minimum`/`maximum`, and those are what this proves.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = process.env.CODEGEN_NODE_MODULES || join(here, 'node_modules');
const require = createRequire(join(modules, 'index.js'));
const Ajv = require('ajv');

const NUMBER_FORMATS = [
  'int8', 'int16', 'int32', 'int64', 'int128', 'int',
  'uint8', 'uint16', 'uint32', 'uint64', 'uint128', 'uint',
  'float', 'double',
];

const [inputFile, outputFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputFile, 'utf8'));

const validators = {};
for (const [name, schema] of Object.entries(input.schemas)) {
  // One instance per schema: each is a root document with its own `definitions`.
  const ajv = new Ajv({ strict: true, allErrors: false });
  ajv.addKeyword('markdownDescription');
  ajv.addKeyword('deprecationMessage');
  ajv.addKeyword('errorMessage');
  for (const format of NUMBER_FORMATS) {
    ajv.addFormat(format, { type: 'number', validate: () => true });
  }
  validators[name] = ajv.compile(schema);
}

const results = {};
for (const c of input.cases) {
  const validate = validators[c.type];
  if (!validate) throw new Error(`no schema for ${c.type}`);
  const valid = validate(c.value);
  results[c.id] = valid
    ? { valid: true }
    : { valid: false, error: validate.errors.map((e) => `${e.instancePath} ${e.message}`).join('; ') };
}
writeFileSync(outputFile, JSON.stringify({ results }));
