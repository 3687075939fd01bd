// DP synthetic data in the console, in headless Chromium against the built server on the embedded
// database: the owner's admin ticks allowSynthetic when granting, the partner's analyst requests
// synthetic rows under that agreement and downloads the CSV. Skipped against PostgreSQL for the
// same reason as console.test.ts (the server here is always embedded).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { launchConsoleBrowser, type ConsoleBrowser } from './support/browser';
import { ensureConsoleBuilt } from './support/console-bundle';
import { ADMIN_TOKEN, ApiClient, createConsoleWorld, REGIONS, type ConsoleWorld } from './support/console-world';
import { countOf, signIn, textOf } from './support/page-helpers';
import { copyEmbeddedTemplate } from '../support/test-database';

const suite = process.env.DATABASE_URL ? describe.skip : describe;
const PURPOSE = 'Synthetic cohort for model training';

suite('Parley Console: DP synthetic data', () => {
  let dir: string;
  let server: ServerProcess;
  let world: ConsoleWorld;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'parley-console-synthetic-'));
    copyEmbeddedTemplate(join(dir, 'data'));
    server = await startServerProcess({ PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN });
    world = await createConsoleWorld(server.url);
    browser = await launchConsoleBrowser(server.url);
  }, 90_000);

  beforeEach(async () => {
    page = await browser.newTab();
  });

  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('lets the owner admin allow synthetic data when granting', async () => {
    await signIn(page, world.tokens.ownerAdmin, 'admin@northwind.test');
    await page.getByTestId('nav-agreements').click();
    await page.getByTestId('new-agreement').click();
    await page.getByTestId('grant-partner').selectOption({ label: 'Acme Research (acme)' });
    await page.getByTestId('grant-purpose').fill(PURPOSE);
    for (const c of ['age', 'region', 'smoker']) await page.getByTestId(`grant-column-${c}`).check();
    expect(await page.getByTestId('grant-allow-synthetic').isChecked()).toBe(false);
    await page.getByTestId('grant-allow-synthetic').check();
    await page.getByTestId('grant-epsilon-budget').fill('3');
    await page.getByTestId('grant-submit').click();
    await countOf(page.getByTestId('grant-form'), 0);
    await textOf(page.getByTestId('agreement-row').filter({ hasText: PURPOSE }), 'ACTIVE');

    const api = new ApiClient(server.url);
    const listed = await api.gql<{ agreements: { purpose: string; allowSynthetic: boolean }[] }>('{ agreements { purpose allowSynthetic } }', {}, world.tokens.ownerAdmin);
    expect(listed.agreements.map((a) => [a.purpose, a.allowSynthetic]).sort()).toEqual([
      [world.purpose, false],
      [PURPOSE, true],
    ].sort());
  });

  it('lets the partner analyst request synthetic rows and download them as CSV', async () => {
    await signIn(page, world.tokens.partnerAnalyst, 'analyst@acme.test');
    const agreements = page.getByTestId('qb-agreement');
    await agreements.selectOption({ label: `patients — Northwind Health: ${world.purpose}` });
    await textOf(page.getByTestId('agreement-terms'), 'not allowed');
    await countOf(page.getByTestId('synthetic-panel'), 0);

    await agreements.selectOption({ label: `patients — Northwind Health: ${PURPOSE}` });
    const panel = page.getByTestId('synthetic-panel');
    await textOf(panel, 'Columns to generate');
    await page.getByTestId('synthetic-rows').fill('250');
    await page.getByTestId('synthetic-epsilon').fill('5');
    await page.getByTestId('synthetic-submit').click();
    await textOf(page.getByTestId('synthetic-problems'), 'ε must be between 0.001 and 1.');
    await page.getByTestId('synthetic-epsilon').fill('0.8');
    await page.getByTestId('synthetic-submit').click();
    const row = page.getByTestId('synthetic-row');
    await countOf(row, 1);
    expect(await textOf(row, '250')).toContain('age, region, smoker');
    await textOf(page.getByTestId('budget-gauge'), '0.8');
    await browser.screenshot(page, 'synthetic-data-partner');

    const download = page.waitForEvent('download');
    await page.getByTestId('synthetic-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^synthetic-patients-[0-9a-f]{8}\.csv$/);
    const lines = readFileSync((await file.path())!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('age,region,smoker');
    expect(lines).toHaveLength(251);
    for (const line of lines.slice(1)) {
      const [age, region, smoker] = line.split(',');
      if (age !== '') expect(Number(age) >= 0 && Number(age) <= 100).toBe(true);
      expect(REGIONS as readonly string[]).toContain(region);
      expect(['true', 'false', '']).toContain(smoker);
    }
  });

  it("lets the owner's admin see what was generated under the agreement and download it", async () => {
    await signIn(page, world.tokens.ownerAdmin, 'admin@northwind.test');
    await page.getByTestId('nav-agreements').click();
    await page.getByTestId('agreement-row').filter({ hasText: PURPOSE }).getByTestId('agreement-open').click();
    await textOf(page.getByTestId('agreement-detail-synthetic'), 'allowed');
    const row = page.getByTestId('agreement-detail-synthetic-list').getByTestId('synthetic-row');
    await countOf(row, 1);
    await textOf(row, 'age, region, smoker');
    const download = page.waitForEvent('download');
    await row.getByTestId('synthetic-download').click();
    const lines = readFileSync((await (await download).path())!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('age,region,smoker');
    expect(lines).toHaveLength(251);
  });

  it('still streams the same rows after the server restarts', async () => {
    const api = new ApiClient(server.url);
    const listed = await api.gql<{ syntheticDatasets: { downloadPath: string }[] }>('{ syntheticDatasets { downloadPath } }', {}, world.tokens.partnerAnalyst);
    const path = listed.syntheticDatasets[0]!.downloadPath;
    const fetchCsv = async (url: string) => (await fetch(url + path, { headers: { authorization: `Bearer ${world.tokens.partnerAnalyst}` } })).text();
    const before = await fetchCsv(server.url);
    await server.stop();
    server = await startServerProcess({ PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN });
    expect(await fetchCsv(server.url)).toBe(before);
    expect(before.trimEnd().split('\n')).toHaveLength(251);
  }, 60_000);
});
