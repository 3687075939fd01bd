import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../../support/server-process';
import { launchConsoleBrowser, type ConsoleBrowser } from './browser';
import { ensureConsoleBuilt } from './console-bundle';
import { ADMIN_TOKEN, ApiClient, createConsoleWorld, type ConsoleWorld } from './console-world';
import { copyEmbeddedTemplate } from '../../support/test-database';

/** What a console browser test works with; read it inside hooks and tests (it is filled in by beforeAll). */
export interface ConsoleServer {
  readonly server: ServerProcess;
  readonly world: ConsoleWorld;
  readonly api: ApiClient;
  readonly browser: ConsoleBrowser;
  /** A fresh tab for each test. */
  readonly page: Page;
  /** Closes the current tab and opens another (a new sign-in) as `page`. */
  newTab(): Promise<Page>;
}

/**
 * The setup every console browser test shares, as jest hooks of the calling describe: the built
 * console, the real server process (`node dist/src/main.js`, as `npm start` runs it) on a copy of
 * the suite's migrated embedded template (its migrations already current, which saves most of its
 * start-up on a busy machine), the console world, then `prepare` (further data through the API),
 * then headless Chromium; a new tab per test; everything stopped and removed afterwards.
 */
export function useConsoleServer(name: string, prepare?: (s: Pick<ConsoleServer, 'server' | 'world' | 'api'>) => Promise<void>): ConsoleServer {
  let dir: string | undefined;
  let server: ServerProcess | undefined;
  let world: ConsoleWorld | undefined;
  let api: ApiClient | undefined;
  let browser: ConsoleBrowser | undefined;
  let page: Page | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the console server's ${what} is not ready: use it inside hooks and tests`);
    return value;
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), `parley-console-${name}-`));
    copyEmbeddedTemplate(join(dir, 'data'));
    server = await startServerProcess({ PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN });
    world = await createConsoleWorld(server.url);
    api = new ApiClient(server.url);
    await prepare?.({ server, world, api });
    browser = await launchConsoleBrowser(server.url);
  }, 90_000);

  beforeEach(async () => {
    page = await ready(browser, 'browser').newTab();
  });

  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  return {
    get server() {
      return ready(server, 'server');
    },
    get world() {
      return ready(world, 'world');
    },
    get api() {
      return ready(api, 'API client');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get page() {
      return ready(page, 'page');
    },
    async newTab() {
      if (page && !page.isClosed()) await page.close();
      page = await ready(browser, 'browser').newTab();
      return page;
    },
  };
}
