/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page functions below run in the browser, so they are typed against the DOM.
// The bundled GraphiQL explorer in headless Chromium with every request off the server's origin
// refused: it must load and run a query from what this process serves alone. Like the console
// test it runs the built server on the embedded database, so it is skipped in the PostgreSQL run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchConsoleBrowser, type ConsoleBrowser } from '../console/support/browser';
import { ADMIN_TOKEN } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ensureConsoleBuilt } from '../console/support/console-bundle';
import { signIn } from '../console/support/page-helpers';
import { ensureExplorerBuilt } from './explorer-bundle';
import { copyEmbeddedTemplate } from '../support/test-database';

const suite = process.env.DATABASE_URL ? describe.skip : describe;

suite('GraphQL explorer, offline', () => {
  let dir: string;
  let server: ServerProcess;
  let browser: ConsoleBrowser;
  let page: Page;
  const offOrigin: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    ensureExplorerBuilt();
    dir = mkdtempSync(join(tmpdir(), 'parley-explorer-'));
    copyEmbeddedTemplate(join(dir, 'data'));
    server = await startServerProcess({ PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN });
    browser = await launchConsoleBrowser(server.url);
    page = await browser.newTab();
    // The network is off: anything not served by this server is refused, and remembered.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url + '/') || url.startsWith('data:')) return route.continue();
      offOrigin.push(url);
      return route.abort('internetdisconnected');
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('a browser opening /graphql is sent to the bundled explorer, not to a CDN-loaded page', async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/explorer/');
  });

  it('loads with no network, takes the console session token into its headers and runs { me { email } }', async () => {
    // What the console's sign-in leaves in the tab: the explorer picks it up from there.
    await page.addInitScript((token) => sessionStorage.setItem('parley.console.token', token), ADMIN_TOKEN);
    await page.goto('/graphql');
    expect(new URL(page.url()).pathname).toBe('/explorer/');
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    // The explorer plugin is there (its sidebar button), and so is the headers editor with the token.
    await page.getByRole('button', { name: /GraphiQL Explorer/i }).waitFor();
    await page.locator('.graphiql-editor-tool .CodeMirror').first().waitFor({ state: 'attached' });
    const headers = await page.evaluate(() => {
      const editors = [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')] as (Element & { CodeMirror: { getValue(): string } })[];
      return editors.map((e) => e.CodeMirror.getValue()).join('\n');
    });
    expect(headers).toContain(`Bearer ${ADMIN_TOKEN}`);

    await page.evaluate(() => {
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as Element & { CodeMirror: { setValue(v: string): void } };
      editor.CodeMirror.setValue('{ me { email } }');
    });
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: 'admin@localhost' }).waitFor();
    const result = await page.evaluate(() => {
      const editor = document.querySelector('.result-window .CodeMirror') as Element & { CodeMirror: { getValue(): string } };
      return editor.CodeMirror.getValue();
    });
    expect(JSON.parse(result)).toEqual({ data: { me: { email: 'admin@localhost' } } });
    await browser.screenshot(page, 'explorer');
    expect(offOrigin).toEqual([]);
  }, 60_000);

  it("is linked from the console, and opens with the signed-in user's token", async () => {
    const tab = await browser.newTab();
    await tab.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url + '/') || url.startsWith('data:')) return route.continue();
      offOrigin.push(url);
      return route.abort('internetdisconnected');
    });
    await signIn(tab, ADMIN_TOKEN, 'admin@localhost');
    await tab.getByTestId('nav-explorer').click();
    await tab.waitForURL('**/explorer/');
    await tab.locator('.graphiql-editor-tool .CodeMirror').first().waitFor({ state: 'attached' });
    const headers = await tab.evaluate(() =>
      [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].map((e) => (e as Element & { CodeMirror: { getValue(): string } }).CodeMirror.getValue()).join('\n'),
    );
    expect(headers).toContain(`Bearer ${ADMIN_TOKEN}`);
    expect(offOrigin).toEqual([]);
    await tab.close();
  }, 60_000);
});
