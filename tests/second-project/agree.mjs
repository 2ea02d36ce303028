// The second project's schema and TypeScript against its examples, with the real tools.
//
// Reads the examples report (`app-codegen check --format json`, argument 1): each passed
// example is read back from its page as written (YAML 1.2, the `yaml` package), then
// - validated against schemas/app-config.json with ajv (draft-07, strict mode);
// - written into typed/examples.ts as a constant of the TypeScript type of its root, for tsc.
// With a second report (argument 2), of examples Rust refuses for what they hold (a key, a
// value), each of those must be refused too:
// - by ajv, naming the problem in the variant the union's tag selects (no `oneOf`/`anyOf`
//   error, which says only that none of the alternatives fits);
// - by tsc: each is written into typed/examples.ts marked `// @ts-expect-error`, which tsc
//   reports when the line compiles.
// Also writes typed/tsconfig.json. Exits 1 naming every example ajv gets wrong.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const modules = process.env.CODEGEN_NODE_MODULES;
const require = createRequire(join(modules, 'index.js'));
const Ajv = require('ajv');
const YAML = require('yaml');

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schema = JSON.parse(readFileSync('schemas/app-config.json', 'utf8'));
const ajv = new Ajv({ strict: true, allErrors: true });
ajv.addKeyword('markdownDescription');
for (const name of ['uint16', 'uint32', 'double']) {
  ajv.addFormat(name, { type: 'number', validate: () => true });
}
const validate = ajv.compile(schema);

/** The block's text as the page has it, indentation removed. */
function blockText(example) {
  const lines = readFileSync(example.file, 'utf8').split('\n');
  return lines
    .slice(example.content_line - 1, example.end_line - 1)
    .map((line) => line.slice(example.indent))
    .join('\n');
}

const passed = report.examples.filter((e) => e.status === 'passed');
if (passed.length === 0) {
  console.error('no passed example in the report');
  process.exit(1);
}
let failed = 0;
const constants = [];
for (const [i, example] of passed.entries()) {
  const value = YAML.parse(blockText(example));
  if (!validate(value)) {
    failed += 1;
    console.error(`${example.file}:${example.line}: ajv rejects: ${ajv.errorsText(validate.errors)}`);
  }
  constants.push(
    `// ${example.file}:${example.line}\nexport const example${i}: ${example.root} = ${JSON.stringify(value, null, 2)};`,
  );
}
// Examples Rust refuses (failures of the loader, not of the round trip).
const refusedReport = process.argv[3] ? JSON.parse(readFileSync(process.argv[3], 'utf8')) : null;
const refused = refusedReport
  ? refusedReport.examples.filter(
      (e) => e.status === 'failed' && e.failures.some((f) => f.kind !== 'round-trip'),
    )
  : [];
if (refusedReport && refused.length === 0) {
  console.error('no refused example in the second report');
  process.exit(1);
}
for (const [i, example] of refused.entries()) {
  const value = YAML.parse(blockText(example));
  const where = `${example.file}:${example.line}`;
  if (validate(value)) {
    failed += 1;
    console.error(`${where}: ajv accepts what Rust refuses`);
  } else {
    const vague = validate.errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    if (vague.length > 0) {
      failed += 1;
      console.error(`${where}: ajv does not say which variant fails: ${ajv.errorsText(validate.errors)}`);
    } else {
      console.log(`${where}: ajv: ${ajv.errorsText(validate.errors.filter((e) => e.keyword !== 'if'))}`);
    }
  }
  constants.push(
    // On one line: `@ts-expect-error` covers the line after it, where tsc reports the error.
    `// ${where}: Rust refuses it\n// @ts-expect-error\nexport const refused${i}: ${example.root} = ${JSON.stringify(value)};`,
  );
}
mkdirSync('typed', { recursive: true });
writeFileSync(
  'typed/examples.ts',
  `import type { ${[...new Set(passed.map((e) => e.root))].join(', ')}, LogLevel } from '../bindings/typescript/index.js';\n\n` +
    constants.join('\n\n') +
    `\n\n// The types refuse what serde refuses.\n// @ts-expect-error: not a log level\nexport const wrong: LogLevel = 'loud';\n`,
);
writeFileSync(
  'typed/tsconfig.json',
  JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'nodenext',
        types: [],
        exactOptionalPropertyTypes: true,
      },
      files: ['examples.ts'],
    },
    null,
    2,
  ) + '\n',
);
console.log(
  `ajv: ${passed.length + refused.length - failed} of ${passed.length + refused.length} examples ` +
    `judged as Rust judges them (${refused.length} refused)`,
);
process.exit(failed ? 1 : 0);
