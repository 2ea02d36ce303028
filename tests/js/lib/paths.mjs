// Where things are: the repository root and the tools the tests drive.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** tests/js/node_modules (or CODEGEN_NODE_MODULES). */
export const NODE_MODULES = process.env.CODEGEN_NODE_MODULES || path.join(ROOT, 'tests/js/node_modules');

/** The JSON Schema the job writes and the site serves. */
export const SCHEMA_FILE = path.join(ROOT, 'site/docs/schemas/server-config.json');

/** Where test artifacts (screenshots) go; git-ignored. */
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');

/** Whether this run is CI, where a missing tool is a failure instead of a skip. */
export const IN_CI = /^(1|true|yes)$/i.test(process.env.CI || '');

/**
 * Says why a tool is unusable: in CI that fails the test, elsewhere the test is skipped with the
 * reason printed. Returns the skip reason (for `t.skip`).
 */
export function missingTool(what) {
  const message = `${what} (run scripts/test.sh, which installs it)`;
  if (IN_CI) throw new Error(`CI=true and ${message}`);
  console.log(`# skipped: ${message}`);
  return message;
}

/** The first of `candidates` that exists, or undefined. */
export function firstExisting(...candidates) {
  return candidates.find((c) => c && existsSync(c));
}
