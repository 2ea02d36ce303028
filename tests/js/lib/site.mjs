// The built docs site: builds it with mkdocs when it is missing or older than its sources, and
// serves it on 127.0.0.1 with a tiny static HTTP server.

import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { ROOT, firstExisting } from './paths.mjs';

/**
 * The built site: site/build, where scripts/site.sh puts it, or CODEGEN_SITE_DIR (a site built
 * elsewhere, served as is).
 */
export const BUILD_DIR = process.env.CODEGEN_SITE_DIR
  ? path.resolve(process.env.CODEGEN_SITE_DIR)
  : path.join(ROOT, 'site/build');
const DOCS_DIR = path.join(ROOT, 'site/docs');
const CONFIG = path.join(ROOT, 'site/mkdocs.yml');

function newestMtime(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** The Python of the virtualenv that has mkdocs, or undefined. */
export function venvPython() {
  return firstExisting(process.env.CODEGEN_PYTHON, path.join(ROOT, '.venv/bin/python'));
}

/**
 * Makes sure site/build holds the site built from the current site/docs: builds it with
 * `mkdocs build --strict` when it is missing or older than site/docs or mkdocs.yml. Throws with
 * mkdocs' output when the build fails (any warning fails a strict build). Returns whether it built.
 */
export function ensureSiteBuilt(python) {
  if (process.env.CODEGEN_SITE_DIR) {
    if (!existsSync(path.join(BUILD_DIR, 'index.html'))) throw new Error(`CODEGEN_SITE_DIR=${BUILD_DIR} holds no site`);
    return false;
  }
  if (!existsSync(path.join(DOCS_DIR, 'index.md'))) {
    throw new Error(
      'site/docs/index.md is missing: the pages stage of `cargo run -p codegen` has not expanded ' +
        'site/pages/ into site/docs/ (run `cargo run -p codegen`)',
    );
  }
  const stamp = path.join(BUILD_DIR, 'sitemap.xml');
  const sources = Math.max(newestMtime(DOCS_DIR), newestMtime(CONFIG));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return false;
  if (!python) throw new Error('site/build is missing or stale and no Python with mkdocs was found (.venv; run scripts/site.sh)');
  const run = spawnSync(python, ['-m', 'mkdocs', 'build', '--strict', '-f', CONFIG, '-d', BUILD_DIR], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_MKDOCS_2_WARNING: '1' },
  });
  if (run.status !== 0) {
    throw new Error(`mkdocs build --strict failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return true;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` on 127.0.0.1 on an ephemeral port. Returns `{ origin, missing, close }`; `missing`
 * lists the paths answered with 404.
 */
export async function serve(dir) {
  const missing = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      missing.push(url.pathname);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    missing,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
