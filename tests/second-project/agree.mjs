// The second project's schema and TypeScript against its examples, with the real tools.
//
// Reads the examples report (`app-codegen check --format json`, argument 1): each passed
// example is read back from its page as written (YAML 1.2, the `yaml` package), then
// - validated against schemas/app-config.json with ajv (draft-07, strict mode);
// - written into typed/examples.ts as a constant of the TypeScript type of its root, for tsc.
// Also writes typed/tsconfig.json. Exits 1 naming every example ajv rejects.
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
console.log(`ajv: ${passed.length - failed} of ${passed.length} examples valid`);
process.exit(failed ? 1 : 0);
