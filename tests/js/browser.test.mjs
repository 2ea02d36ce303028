// The docs site in a real browser: Debian's chromium, driven by playwright-core, on the site that
// `scripts/site.sh` builds (built here with mkdocs when site/build is missing or stale).
//
// Checks the reference page of ~/.dstack/server/config.yml against the JSON Schema: every model
// field has a visible reference item with an id in its section, credentials tabs switch, a link to
// a nested type scrolls to its section, no id repeats; every guide page renders and each of its
// internal links lands on a served page and an existing id; and the site loads nothing from the
// internet.
// Saves a screenshot to tests/artifacts/reference-page.png.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ARTIFACTS, ROOT, SCHEMA_FILE, missingTool } from './lib/paths.mjs';
import { BUILD_DIR, ensureSiteBuilt, serve, venvPython } from './lib/site.mjs';

const CHROMIUM = process.env.CODEGEN_CHROMIUM || '/usr/bin/chromium';
// Headless flags known to work on this kind of machine (see the toolchain notes).
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const REFERENCE = '/reference/server/config.yml/';
const SCREENSHOT = path.join(ARTIFACTS, 'reference-page.png');

const skip = existsSync(CHROMIUM) ? false : missingTool(`chromium not found at ${CHROMIUM}`);

/** The configured schema URL (codegen.toml `[[schemas]] url`). */
function configuredSchemaUrl() {
  const toml = readFileSync(path.join(ROOT, 'codegen.toml'), 'utf8');
  const match = /^\[\[schemas\]\][^[]*?^url\s*=\s*"([^"]+)"/ms.exec(toml);
  assert.ok(match, 'codegen.toml has a [[schemas]] url');
  return match[1];
}

/**
 * What the reference part of the page must hold, read off the JSON Schema: section id → the
 * field names of the type it documents, per tab for a union of credentials. Sections follow the
 * page's convention: `#projects`, one `#<tag>` per backend, `#<tag>-<field>` for each field of a
 * backend whose type is a model type.
 */
function expectedSections(schema) {
  const defs = schema.definitions;
  const deref = (s) => {
    if (s.$ref) return s.$ref.replace('#/definitions/', '');
    const alt = (s.allOf || s.anyOf || s.oneOf || []).find((a) => a.$ref);
    return alt && deref(alt);
  };
  // A union becomes tabs, one per variant; a model type one list.
  const tabsOf = (name) =>
    defs[name].allOf ? defs[name].allOf.map((branch) => deref(branch.then)) : [name];
  const fields = (name) =>
    Object.entries(defs[name].properties || {}).map(([field, fieldSchema]) => ({
      name: field,
      description: fieldSchema.description,
    }));
  const sections = new Map();
  sections.set('root-reference', [Object.entries(schema.properties).map(([name, s]) => ({ name, description: s.description }))]);
  sections.set('projects', [fields('ProjectConfig')]);
  const backends = defs.ProjectConfig.properties.backends.items;
  for (const branch of defs[deref(backends)].allOf) {
    const tag = branch.if.properties.type.const;
    const name = deref(branch.then);
    sections.set(tag, [fields(name)]);
    for (const [field, fieldSchema] of Object.entries(defs[name].properties)) {
      const nested = deref(fieldSchema);
      if (nested) sections.set(`${tag}-${field}`, tabsOf(nested).map(fields));
    }
  }
  return sections;
}

describe('docs site in chromium', { skip }, () => {
  let browser;
  let server;
  let schema;
  const external = [];
  const consoleErrors = [];

  before(async () => {
    ensureSiteBuilt(venvPython());
    schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    server = await serve(BUILD_DIR);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page of the site, recording requests that leave 127.0.0.1 and console errors. */
  async function open(route) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(server.origin) && !/^(data|blob|about):/.test(url)) external.push(url);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${route}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${route}: ${error.message}`));
    const response = await page.goto(server.origin + route, { waitUntil: 'load' });
    assert.equal(response.status(), 200, `${route} is served`);
    return page;
  }

  test('the schema and its catalog entry are served at stable paths', async () => {
    const url = configuredSchemaUrl();
    const served = await (await fetch(`${server.origin}/schemas/server-config.json`)).json();
    assert.equal(served.$id, url, 'the served schema has the configured $id');
    assert.equal(new URL(url).pathname, '/schemas/server-config.json', 'the $id is where the site serves it');
    const response = await fetch(`${server.origin}/schemas/catalog.json`);
    assert.equal(response.status, 200, 'the catalog is served (the pages stage copies non-markdown files)');
    const catalog = await response.json();
    assert.deepEqual(
      catalog.schemas.map((s) => s.fileMatch),
      [
        ['**/.dstack/server/config.yml'],
        ['**/.dstack.yml', '**/*.dstack.yml'],
        ['**/.dstack/profiles.yml'],
        ['**/codegen.toml'],
      ],
    );
    assert.equal(catalog.schemas[0].url, url, 'the catalog points at the schema URL');
    // Every entry's schema is served where its URL says, with that URL as its $id.
    for (const entry of catalog.schemas) {
      const schema = await (await fetch(`${server.origin}${new URL(entry.url).pathname}`)).json();
      assert.equal(schema.$id, entry.url, `${entry.name}: served at its URL's path`);
    }
  });

  test('home and editor setup pages render', async () => {
    for (const route of ['/', '/editor-setup/']) {
      const page = await open(route);
      const text = await page.locator('article').innerText();
      assert.doesNotMatch(text, /:material-|#SCHEMA#|^=== "|^\?\?\? /m, `${route}: no unrendered syntax`);
      await page.context().close();
    }
  });

  test('reference page: items, tabs, links, ids', async (t) => {
    const page = await open(REFERENCE);
    const article = page.locator('article');
    const text = await article.innerText();
    assert.doesNotMatch(text, /#SCHEMA#/, 'every directive is expanded');
    assert.doesNotMatch(text, /:material-|^=== "|^\?\?\? /m, 'tabs, admonitions and icons are rendered');
    assert.ok((await page.locator('article a .twemoji.external svg').count()) > 0, 'external links carry the icon');
    const examples = await page.locator('article div[editor-title="~/.dstack/server/config.yml"] pre code').count();
    assert.ok(examples >= 20, `YAML examples render as code inside their editor-title wrappers (${examples})`);

    // Items in document order, each with its section (the closest h2 before it), tab (the index of
    // its tabbed block inside that section, -1 outside tabs), field name, id, visibility and text.
    const items = await page.evaluate(() => {
      const out = [];
      let section = null;
      for (const el of document.querySelectorAll('article h2, article h4.reference-item')) {
        if (el.tagName === 'H2') {
          section = el;
          continue;
        }
        const block = el.closest('.tabbed-block');
        let tab = -1;
        if (block) {
          const set = block.closest('.tabbed-set');
          tab = [...set.querySelector('.tabbed-content').children].indexOf(block);
        }
        const link = el.querySelector('a:not(.headerlink)');
        // The item's entry: its heading and what follows it up to the next heading.
        let entry = el.textContent;
        for (let next = el.nextElementSibling; next && !/^H[1-6]$/.test(next.tagName); next = next.nextElementSibling) {
          entry += ` ${next.textContent}`;
        }
        out.push({
          section: section && section.id,
          tab,
          name: el.querySelector('code')?.textContent,
          id: el.id,
          visible: el.checkVisibility(),
          text: entry.replace(/\s+/g, ' '),
          href: link && link.getAttribute('href'),
          permalink: el.querySelector('a.headerlink')?.getAttribute('href'),
        });
      }
      return out;
    });

    await t.test('every field of every type has an item with an id and its description, in its section', () => {
      const expected = expectedSections(schema);
      for (const [section, tabs] of expected) {
        const found = items.filter((i) => i.section === section);
        assert.ok(found.length > 0, `section #${section} has reference items`);
        const names = (fields) => fields.map((f) => f.name);
        if (tabs.length === 1) {
          assert.deepEqual(found.map((i) => i.name), names(tabs[0]), `#${section}: one item per field`);
        } else {
          tabs.forEach((fields, n) => {
            assert.deepEqual(found.filter((i) => i.tab === n).map((i) => i.name), names(fields), `#${section}, tab ${n + 1}`);
          });
        }
        // Each item shows its field's description (its first sentence, markdown backticks dropped).
        const described = tabs.flat();
        for (const item of found) {
          const field = described.find((f) => f.name === item.name);
          const sentence = field.description.split(/\.(\s|$)/)[0].replace(/`/g, '').replace(/\s+/g, ' ');
          assert.ok(item.text.includes(sentence), `#${section} ${item.name}: "${item.text}" includes "${sentence}"`);
        }
        for (const item of found) {
          assert.ok(item.id, `#${section} ${item.name} has an id`);
          assert.ok(item.id.includes(item.name.replace(/^_/, '')), `id ${item.id} names the field ${item.name}`);
          assert.equal(item.permalink, `#${item.id}`, `${item.id} has a permalink`);
        }
      }
      assert.deepEqual([...new Set(items.filter((i) => !expected.has(i.section)).map((i) => i.section))], [], 'no item outside the expected sections');
    });

    await t.test('items outside tabs are visible; one tab per tab set is', () => {
      for (const item of items.filter((i) => i.tab === -1)) {
        assert.ok(item.visible, `${item.id} is visible`);
      }
      for (const item of items.filter((i) => i.tab >= 0)) {
        assert.equal(item.visible, item.tab === 0, `${item.id} visible only when its tab (${item.tab + 1}) is selected`);
      }
    });

    await t.test('no id repeats on the page', async () => {
      const duplicates = await page.evaluate(() => {
        const seen = new Map();
        for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
        return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`);
      });
      assert.deepEqual(duplicates, []);
    });

    await t.test('links between items land on existing sections', async () => {
      const linked = items.filter((i) => i.href);
      assert.ok(linked.length >= 13, `nested types are linked (${linked.length} links)`);
      for (const item of linked) {
        assert.match(item.href, /^#/, `${item.id} links inside the page`);
        assert.equal(await page.locator(item.href.replace(/^#(.*)$/, '[id="$1"]')).count(), 1, `${item.href} exists`);
      }
    });

    await t.test('clicking a nested-type link scrolls to its section', async () => {
      const creds = items.find((i) => i.section === 'aws' && i.name === 'creds');
      assert.ok(creds?.href, 'the AWS creds item links to the credentials section');
      await page.evaluate(() => window.scrollTo(0, 0));
      const before = await page.evaluate(() => window.scrollY);
      await page.locator(`[id="${creds.id}"] a:not(.headerlink)`).click();
      await page.waitForFunction((hash) => location.hash === hash, creds.href);
      // Let smooth scrolling (if any) settle.
      await page.waitForFunction(() => {
        const y = window.scrollY;
        return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY === y))));
      });
      const target = page.locator(`[id="${creds.href.slice(1)}"]`);
      const box = await target.boundingBox();
      const viewport = page.viewportSize();
      assert.ok((await page.evaluate(() => window.scrollY)) > before, 'the page scrolled');
      assert.ok(box.y >= 0 && box.y < viewport.height / 3, `the section heading is at the top (y=${box.y})`);
      assert.ok(await target.isVisible());
    });

    await t.test('credentials tabs switch', async () => {
      const section = page.locator('[id="aws-creds"] + .tabbed-set');
      const accessKey = items.find((i) => i.section === 'aws-creds' && i.tab === 0 && i.name === 'access_key');
      const defaultType = items.find((i) => i.section === 'aws-creds' && i.tab === 1 && i.name === 'type');
      assert.ok(accessKey && defaultType, 'AWS credentials items of both tabs');
      const visible = (id) => page.locator(`[id="${id}"]`).isVisible();
      assert.equal(await visible(accessKey.id), true, 'Access key tab shown first');
      assert.equal(await visible(defaultType.id), false);
      await section.locator('.tabbed-labels label', { hasText: 'Default' }).click();
      assert.equal(await visible(defaultType.id), true, 'Default tab items shown after the click');
      assert.equal(await visible(accessKey.id), false, 'Access key items hidden after the click');
      // The tab indicator slides for a moment; let it settle for the picture.
      await page.waitForTimeout(500);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      console.log(`# screenshot: ${path.relative(ROOT, SCREENSHOT)}`);
    });

    await page.context().close();
  });

  // The pages of .dstack.yml and profiles.yml, against their schemas: every struct of the schema
  // (read from it, not written out here) has a section with one item per property; no id
  // repeats; every in-page link lands; the example tabs switch.
  for (const [route, schemaFile] of [
    ['/reference/dstack.yml/', 'configuration.json'],
    ['/reference/profiles.yml/', 'profiles.json'],
  ]) {
    test(`${route}: every type, ids, links, tabs`, async (t) => {
      const pageSchema = JSON.parse(readFileSync(path.join(ROOT, 'site/docs/schemas', schemaFile), 'utf8'));
      // A struct has properties; a union has members (a tagged union's `allOf` of if/then per
      // tag), a struct's cross-field rules are an `allOf` of rules, each with its description.
      const structs = Object.entries(pageSchema.definitions).filter(
        ([, d]) => d.properties && !(d.oneOf || d.anyOf) && (d.allOf || []).every((rule) => rule.description),
      );
      assert.ok(structs.length > 0, `${schemaFile} has structs`);
      const page = await open(route);
      const text = await page.locator('article').innerText();
      assert.doesNotMatch(text, /#SCHEMA#/, 'every directive is expanded');

      await t.test('every struct of the schema has a section with an item per property', async () => {
        const sections = await page.evaluate(() => {
          const out = {};
          let current = null;
          for (const el of document.querySelectorAll('article h3, article h4.reference-item')) {
            if (el.tagName === 'H3') {
              current = el.id;
              out[current] = [];
            } else if (current) {
              out[current].push(el.querySelector('code')?.textContent);
            }
          }
          return out;
        });
        for (const [name, def] of structs) {
          const id = name.toLowerCase();
          assert.ok(sections[id], `${name} has a section #${id}`);
          assert.deepEqual(sections[id], Object.keys(def.properties), `${name}: one item per property, in order`);
        }
      });

      await t.test('deprecated fields carry a badge and their replacement', async () => {
        const deprecated = structs.flatMap(([name, def]) =>
          Object.entries(def.properties).filter(([, p]) => p.deprecated).map(([field, p]) => [name, field, p]),
        );
        assert.ok(deprecated.length > 0, `${schemaFile} has deprecated fields to show`);
        for (const [name, field, prop] of deprecated) {
          const entry = await page.evaluate(([id, field]) => {
            const root = document.getElementById(id);
            for (let n = root && root.nextElementSibling; n && n.tagName !== 'H3'; n = n.nextElementSibling) {
              if (n.matches('h4.reference-item') && n.querySelector('code')?.textContent === field) {
                let text = '';
                for (let m = n.nextElementSibling; m && !/^H[1-6]$/.test(m.tagName); m = m.nextElementSibling) text += ` ${m.textContent}`;
                return text.replace(/\s+/g, ' ');
              }
            }
            return null;
          }, [name.toLowerCase(), field]);
          assert.ok(entry, `${name}.${field} has an item`);
          assert.match(entry, /deprecated/, `${name}.${field}: a deprecated badge in "${entry}"`);
          const replacement = /Use `([^`]+)`/.exec(prop.deprecationMessage)?.[1];
          if (replacement) assert.ok(entry.includes(`Use ${replacement}`), `${name}.${field}: the replacement ${replacement} in "${entry}"`);
        }
      });

      await t.test('enumerations list a description for each value', async () => {
        const enums = Object.entries(pageSchema.definitions).filter(([, d]) => d.oneOf && d.oneOf.every((m) => 'const' in m));
        for (const [name, def] of enums) {
          const section = await page.evaluate((id) => {
            const h = document.getElementById(id);
            let body = '';
            for (let n = h && h.nextElementSibling; n && !/^H[1-6]$/.test(n.tagName); n = n.nextElementSibling) body += ` ${n.textContent}`;
            return body.replace(/\s+/g, ' ');
          }, name.toLowerCase());
          for (const member of def.oneOf) {
            assert.ok(member.description, `${name}.${member.const} has a description in the schema`);
            assert.ok(section.includes(`${member.const}: ${member.description.replace(/`/g, '').split(/\.(\s|$)/)[0]}`), `${name}: "${member.const}" is listed with its description in "${section}"`);
          }
        }
      });

      await t.test('no id repeats; every in-page link lands', async () => {
        const { duplicates, broken, links } = await page.evaluate(() => {
          const seen = new Map();
          for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
          const hrefs = [...document.querySelectorAll('article a[href^="#"]')].map((a) => a.getAttribute('href').slice(1));
          return {
            duplicates: [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`),
            broken: hrefs.filter((id) => id && !document.getElementById(decodeURIComponent(id))),
            links: hrefs.length,
          };
        });
        assert.deepEqual(duplicates, []);
        assert.deepEqual(broken, []);
        assert.ok(links > structs.length, `types are linked (${links} links)`);
      });

      await t.test('example tabs switch', async () => {
        const sets = page.locator('article .tabbed-set');
        if ((await sets.count()) === 0) return;
        const set = sets.first();
        const labels = set.locator('.tabbed-labels label');
        const blocks = set.locator('.tabbed-content > .tabbed-block');
        const n = await labels.count();
        assert.ok(n >= 2, `several tabs (${n})`);
        for (let i = n - 1; i >= 0; i--) {
          await labels.nth(i).click();
          for (let j = 0; j < n; j++) {
            assert.equal(await blocks.nth(j).isVisible(), i === j, `tab ${i + 1} selected: block ${j + 1} visible only if it is the one`);
          }
        }
      });

      await page.context().close();
    });
  }

  /** The guide's pages as the nav of site/mkdocs.yml lists them (its `Guide` section), as routes. */
  function guideRoutes() {
    const config = readFileSync(path.join(ROOT, 'site/mkdocs.yml'), 'utf8');
    const section = /^  - Guide:\n((?: {6}- .*\n)+)/m.exec(config);
    assert.ok(section, 'site/mkdocs.yml has a Guide section in its nav');
    return [...section[1].matchAll(/: (\S+)\.md$/gm)].map((m) => `/${m[1]}/`);
  }

  test('the guide: every page renders, and every internal link from it lands', async () => {
    const routes = guideRoutes();
    assert.ok(routes.length > 0, 'the Guide section lists pages');
    const visited = new Set();
    const queue = [...routes];
    const ids = new Map(); // route -> the ids on that page
    const links = []; // [from, to route, hash]
    while (queue.length) {
      const route = queue.shift();
      if (visited.has(route)) continue;
      visited.add(route);
      const page = await open(route);
      // The prose only: a code block may show a directive or an admonition as text.
      const text = await page
        .locator('article')
        .evaluate((article) => [...article.querySelectorAll('p, li, h1, h2, h3, h4')].map((e) => e.innerText).join('\n'));
      assert.doesNotMatch(text, /^#SCHEMA# |^=== "|^\?\?\? /m, `${route}: no unrendered syntax`);
      ids.set(route, new Set(await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id))));
      const hrefs = await page.locator('article a[href]').evaluateAll((els) => els.map((a) => a.href));
      for (const href of hrefs) {
        const url = new URL(href);
        if (url.origin !== server.origin) continue;
        if (/\.(json|png|svg|xml)$/.test(url.pathname)) {
          const response = await fetch(url);
          assert.equal(response.status, 200, `${route} links to ${url.pathname}, which is served`);
          continue;
        }
        links.push([route, url.pathname, decodeURIComponent(url.hash.slice(1))]);
        // Guide pages are followed: their links are checked too.
        if (url.pathname.startsWith('/guide/')) queue.push(url.pathname);
      }
      await page.context().close();
    }
    for (const route of routes) assert.ok(visited.has(route), `${route} is visited`);
    for (const [from, to, hash] of links) {
      if (!ids.has(to)) {
        const page = await open(to);
        ids.set(to, new Set(await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id))));
        await page.context().close();
      }
      if (hash) assert.ok(ids.get(to).has(hash), `${from} links to ${to}#${hash}, which has no such id`);
    }
  });

  test('nothing loaded from the internet, no 404, no console error', () => {
    assert.deepEqual(external, []);
    assert.deepEqual(server.missing, []);
    assert.deepEqual(consoleErrors, []);
  });
});
