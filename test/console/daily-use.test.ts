// The console as a daily tool, in headless Chromium against the built server on the embedded
// database: results one row per group with exports, honest charts, controls that follow the
// server's rules before anything is sent, dark mode and a phone-width layout. Skipped against
// PostgreSQL for the same reason as console.test.ts (the server here is always embedded).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from './support/console-world';
import { useConsoleServer } from './support/console-server';
import { countOf, eventually, numberIn, rowsOf, signIn, textOf } from './support/page-helpers';

const suite = process.env.DATABASE_URL ? describe.skip : describe;

type Whiskers = ([number, number] | null)[];

async function whiskersOf(page: Page): Promise<Whiskers> {
  return JSON.parse((await page.getByTestId('result-chart').getAttribute('data-whiskers')) ?? '[]') as Whiskers;
}

/** Relative luminance (0 black … 1 white) of a computed `rgb(…)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => c / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The page background, its text, and a table (a surface) as luminances. */
async function pageColours(page: Page): Promise<{ background: number; text: number; card: number }> {
  const [bg, text, card] = await page.evaluate(() => {
    const d = (globalThis as unknown as { document: any; getComputedStyle: (e: unknown) => { backgroundColor: string; color: string } });
    const root = d.getComputedStyle(d.document.documentElement);
    const cardEl = d.document.querySelector('table');
    return [root.backgroundColor, d.getComputedStyle(d.document.body).color, cardEl ? d.getComputedStyle(cardEl).backgroundColor : ''];
  });
  return { background: luminance(bg), text: luminance(text), card: luminance(card) };
}

/** Nothing on the page, nor any table's box, is wider than the screen. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const d = (globalThis as unknown as { document: any }).document;
    const tables = Array.from(d.querySelectorAll('table')) as { scrollWidth: number; parentElement: { clientWidth: number } }[];
    return {
      page: [d.documentElement.scrollWidth, d.documentElement.clientWidth],
      tables: tables.map((t) => [t.scrollWidth, t.parentElement.clientWidth]),
    };
  });
  expect(widths.page[0]).toBeLessThanOrEqual(widths.page[1]!);
  expect(widths.tables.length).toBeGreaterThan(0);
  for (const [scroll, client] of widths.tables) expect(scroll).toBeLessThanOrEqual(client!);
}

suite('Parley Console for daily use', () => {
  let adminAuditorToken: string;
  const visitsPurpose = 'Body-mass index by ward';
  const ui = useConsoleServer('daily', async ({ world, api }) => {
    // A second dataset with a FLOAT column, shared for QUANTILE under δ = 0.
    const created = await api.gql<{ createDataset: { id: string } }>(
      'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }',
      {
        i: {
          name: 'visits',
          columns: [
            { name: 'visit_id', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
            { name: 'bmi', type: 'FLOAT', sensitivity: 'SENSITIVE', lowerBound: 10, upperBound: 60 },
            { name: 'ward', type: 'CATEGORY', sensitivity: 'QUASI_IDENTIFIER', categories: ['a', 'b'], nullable: false },
          ],
          privacyUnitColumn: 'visit_id',
          maxRowsPerUnit: 1,
        },
      },
      world.tokens.ownerAdmin,
    );
    const lines = ['visit_id,bmi,ward'];
    for (let i = 0; i < 400; i += 1) lines.push(`v${i},${18 + (i % 20)}.5,${i % 2 ? 'a' : 'b'}`);
    await api.putCsv(created.createDataset.id, lines.join('\n') + '\n', world.tokens.ownerAdmin);
    await api.gql(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      {
        i: {
          datasetId: created.createDataset.id,
          partnerOrganizationId: world.partner.id,
          purpose: visitsPurpose,
          columns: ['bmi', 'ward'],
          allowedAggregations: ['COUNT', 'QUANTILE'],
          epsilonBudget: 5,
          epsilonPerQueryMax: 1,
          budgetPeriod: 'MONTHLY',
        },
      },
      world.tokens.ownerAdmin,
    );
    // A partner whose name sorts before Acme's but who spends nothing: a chart that coloured bars by
    // their own order (most spent first) would give the two partners each other's colours.
    const aardvark = await api.organization('Aardvark Labs', 'aardvark');
    await api.gql(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      {
        i: {
          datasetId: created.createDataset.id,
          partnerOrganizationId: aardvark.id,
          purpose: 'Ward planning',
          columns: ['ward'],
          allowedAggregations: ['COUNT'],
          epsilonBudget: 1,
          epsilonPerQueryMax: 1,
          budgetPeriod: 'MONTHLY',
        },
      },
      world.tokens.ownerAdmin,
    );
    const both = await api.gql<{ createUser: { id: string } }>(
      'mutation($o: ID!) { createUser(organizationId: $o, email: "both@northwind.test", roles: [ORG_ADMIN, AUDITOR]) { id } }',
      { o: world.owner.id },
      ADMIN_TOKEN,
    );
    adminAuditorToken = (
      await api.gql<{ issueApiToken: { token: string } }>('mutation($u: ID!) { issueApiToken(name: "console test", userId: $u) { token } }', { u: both.createUser.id }, ADMIN_TOKEN)
    ).issueApiToken.token;
  });

  async function openAgreement(purpose: string): Promise<void> {
    await signIn(ui.page, ui.world.tokens.partnerAnalyst, 'analyst@acme.test · Acme Research');
    await ui.page.getByTestId('select-agreement').filter({ hasText: purpose }).click();
    await textOf(ui.page.getByTestId('agreement-terms'), purpose);
  }

  it('analyst: one row per group with aggregations as columns, clamped whiskers, the NULL group explained, CSV and clipboard, filter values in history; Run follows the preview', async () => {
    await openAgreement(ui.world.purpose);
    // age is INTEGER and the agreement's δ is 0: not offered, with the reason in words.
    expect(await ui.page.getByTestId('qb-groupby-age').isDisabled()).toBe(true);
    expect(await ui.page.getByTestId('qb-groupby-why-age').innerText()).toMatch(/needs δ > 0; this agreement's δ is 0/);
    expect(await ui.page.getByTestId('qb-groupby-smoker').isDisabled()).toBe(false);

    await ui.page.getByTestId('qb-add-aggregation').click();
    await ui.page.getByTestId('qb-agg-function').nth(1).selectOption('MEAN');
    await ui.page.getByTestId('qb-groupby-smoker').check();
    await ui.page.getByTestId('qb-add-filter').click();
    await ui.page.getByTestId('qb-filter-column').selectOption('age');
    await ui.page.getByTestId('qb-filter-op').selectOption('GE');
    await ui.page.getByTestId('qb-filter-value').fill('30');
    await ui.page.getByTestId('qb-epsilon-value').fill('0.5');
    await textOf(ui.page.getByTestId('qb-preview-cost'), 'ε = 0.5');
    await textOf(ui.page.getByTestId('qb-run'), 'Run (spends up to ε = 0.5)');
    await ui.page.getByTestId('qb-run').click();

    // smoker is nullable: true, false and the NULL group, each one row with both aggregations.
    await countOf(ui.page.getByTestId('result-row'), 3);
    const header = await ui.page.getByTestId('result-table').locator('thead th').allInnerTexts();
    expect(header).toEqual(['smoker', 'COUNT(*)', 'MEAN(age)']);
    const rows = await rowsOf(ui.page.getByTestId('result-row'));
    expect(rows.map((r) => r[0]).sort()).toEqual(['(no value)', 'false', 'true']);
    for (const row of rows) {
      expect(row).toHaveLength(3);
      for (const cell of row.slice(1)) expect(cell).toMatch(/^-?[\d,.]+(e[-+]?\d+)? ± [\d,.]+(e[-+]?\d+)?$/);
    }
    expect(await ui.page.getByTestId('query-result').innerText()).not.toMatch(/Laplace|Gaussian|mechanism/i);
    await textOf(ui.page.getByTestId('result-null-note'), 'holds the rows whose smoker is empty (NULL)');

    // COUNT whiskers never go below 0; MEAN(age) whiskers stay within age's declared 0…100, even for
    // the empty NULL group whose noisy mean has a bound far wider than that.
    for (const w of await whiskersOf(ui.page)) if (w) expect(w[0]).toBeGreaterThanOrEqual(0);
    await ui.page.getByTestId('result-chart-select').selectOption('MEAN(age)');
    await eventually(async () => expect((await ui.page.getByTestId('result-chart').innerText())).toContain('MEAN(age)'));
    const means = await whiskersOf(ui.page);
    expect(means).toHaveLength(3);
    for (const w of means) {
      expect(w).not.toBeNull();
      expect(w![0]).toBeGreaterThanOrEqual(0);
      expect(w![1]).toBeLessThanOrEqual(100);
    }

    // CSV download: the same rows, unrounded, values and bounds in their own columns.
    const download = ui.page.waitForEvent('download');
    await ui.page.getByTestId('result-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^parley-patients-[0-9a-f]{8}\.csv$/);
    const csv = readFileSync((await file.path())!, 'utf8').trim().split('\r\n').map((l) => l.split(','));
    expect(csv[0]).toEqual(['smoker', 'COUNT(*)', 'COUNT(*) ± 95%', 'MEAN(age)', 'MEAN(age) ± 95%']);
    expect(csv.slice(1).map((l) => l[0]).sort()).toEqual(['', 'false', 'true']);
    for (const line of csv.slice(1)) for (const n of line.slice(1)) expect(Number.isFinite(Number(n))).toBe(true);
    const shownCount = numberIn(rows.find((r) => r[0] === 'true')![1]!.split('±')[0]!);
    const csvCount = Number(csv.find((l) => l[0] === 'true')![1]);
    expect(Math.abs(csvCount - shownCount)).toBeLessThanOrEqual(Math.abs(shownCount) * 1e-5 + 1e-9);

    // Clipboard: tab-separated, ready to paste into a spreadsheet.
    await ui.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.server.url });
    await ui.page.getByTestId('result-copy').click();
    await textOf(ui.page.getByTestId('result-export-note'), 'Copied 3 rows');
    const copied = await ui.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(copied.split('\n')[0]).toBe('smoker\tCOUNT(*)\tCOUNT(*) ± 95%\tMEAN(age)\tMEAN(age) ± 95%');
    expect(copied.trim().split('\n')).toHaveLength(4);

    // The history and the server's list show the filter with its value.
    expect(await ui.page.getByTestId('query-history').locator('li').first().innerText()).toContain('by smoker where age ≥ 30');
    await textOf(ui.page.getByTestId('released-row').first(), 'where age ≥ 30');

    // The same query again: the button says it is free, and after the cached answer it still does.
    await textOf(ui.page.getByTestId('qb-run'), 'Run (free — returns the cached answer)');
    await ui.page.getByTestId('qb-run').click();
    await textOf(ui.page.getByTestId('result-cached'), 'no budget spent');
    await textOf(ui.page.getByTestId('qb-run'), 'free');
    expect(await ui.page.getByTestId('qb-run').innerText()).not.toContain('ε');

    // 1 is more than the 0.7 left: refused by the preview, so Run is disabled and says why.
    await ui.page.getByTestId('qb-epsilon-value').fill('1');
    await textOf(ui.page.getByTestId('qb-preview-over-budget'), 'would be refused');
    await textOf(ui.page.getByTestId('qb-run'), 'refused');
    expect(await ui.page.getByTestId('qb-run').isDisabled()).toBe(true);
    await ui.browser.screenshot(ui.page, '20-analyst-result-per-group');
  });

  it('analyst: FLOAT group-bys are disabled before running, and a QUANTILE chart has no whiskers on the value axis', async () => {
    await openAgreement(visitsPurpose);
    expect(await ui.page.getByTestId('qb-groupby-bmi').isDisabled()).toBe(true);
    expect(await ui.page.getByTestId('qb-groupby-why-bmi').innerText()).toContain('FLOAT columns cannot be grouped on');
    await ui.page.getByTestId('qb-agg-function').first().selectOption('QUANTILE');
    expect(await ui.page.getByTestId('qb-agg-column').inputValue()).toBe('bmi');
    await ui.page.getByTestId('qb-groupby-ward').check();
    await ui.page.getByTestId('qb-epsilon-value').fill('1');
    await textOf(ui.page.getByTestId('qb-run'), 'Run (spends up to ε = 1)');
    await ui.page.getByTestId('qb-run').click();
    await countOf(ui.page.getByTestId('result-row'), 2);
    const whiskers = await whiskersOf(ui.page);
    expect(whiskers).toEqual([null, null]);
    await textOf(ui.page.getByTestId('result-chart'), 'no whiskers');
  });

  it('organization admin: an agreement page with its terms, budget against its limits, δ, queries per day and its audit events', async () => {
    await signIn(ui.page, ui.world.tokens.ownerAdmin, 'admin@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-agreements').click();
    await ui.page.getByTestId('agreement-row').filter({ hasText: ui.world.purpose }).getByTestId('agreement-open').click();
    const terms = await textOf(ui.page.getByTestId('agreement-detail-terms'), ui.world.purpose);
    expect(terms).toContain('age, region, smoker');
    expect(terms).toContain('COUNT, MEAN, SUM');
    expect(terms).toContain('at most 1');
    await textOf(ui.page.getByTestId('agreement-detail-delta'), /^0 — groups only over columns whose values are known in advance$/);
    await textOf(ui.page.getByTestId('agreement-detail-period'), /^monthly; next refill /);
    // The first test spent 0.5 of 1.2 under this agreement.
    expect(await ui.page.getByTestId('agreement-detail-spent').innerText()).toBe('0.5');
    expect(await ui.page.getByTestId('agreement-detail-total').innerText()).toBe('1.2');
    expect(await ui.page.getByTestId('agreement-detail-remaining').innerText()).toBe('0.7');
    const daily = ui.page.getByTestId('agreement-detail-daily');
    await textOf(daily, 'Queries per day (UTC)');
    expect(await daily.locator('canvas').count()).toBeGreaterThan(0);
    // This admin is not an auditor: the events are not readable, and the page says why.
    await textOf(ui.page.getByTestId('agreement-detail-events-forbidden'), 'AUDITOR role');

    // An admin who is also an auditor sees the agreement's own events, in a new tab.
    await ui.newTab();
    await signIn(ui.page, adminAuditorToken, 'both@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-agreements').click();
    await ui.page.getByTestId('agreement-row').filter({ hasText: ui.world.purpose }).getByTestId('agreement-open').click();
    const events = ui.page.getByTestId('agreement-detail-event');
    await eventually(async () => expect(await events.count()).toBeGreaterThan(0));
    expect((await rowsOf(events)).map((r) => r[1])).toEqual(expect.arrayContaining(['AGREEMENT_GRANTED', 'QUERY_EXECUTED']));
    await ui.browser.screenshot(ui.page, '24-admin-agreement-detail');

    // A partner has the same colour in the per-partner bars and in the timeline.
    await ui.page.getByTestId('nav-budget').click();
    const coloursOf = async (id: string) => JSON.parse((await ui.page.getByTestId(id).getAttribute('data-colours')) ?? '{}') as Record<string, string>;
    await ui.page.getByTestId('timeline-chart').waitFor();
    const bars = await coloursOf('budget-chart');
    const lines = await coloursOf('timeline-chart');
    expect(Object.keys(bars)).toEqual(['Acme Research', 'Aardvark Labs']);
    expect(Object.keys(lines).sort()).toEqual(['Aardvark Labs', 'Acme Research']);
    for (const [partner, c] of Object.entries(lines)) expect(bars[partner]).toBe(c);
  });

  it('everyone: dark mode follows the system setting', async () => {
    await ui.page.emulateMedia({ colorScheme: 'light' });
    await signIn(ui.page, ui.world.tokens.ownerAdmin, 'admin@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-agreements').click();
    await ui.page.getByTestId('agreement-row').first().waitFor();
    const light = await pageColours(ui.page);
    expect(light.background).toBeGreaterThan(0.8);
    expect(light.card).toBeGreaterThan(0.9);
    expect(light.text).toBeLessThan(0.3);
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await eventually(async () => expect((await pageColours(ui.page)).background).toBeLessThan(0.15));
    const dark = await pageColours(ui.page);
    expect(dark.text).toBeGreaterThan(0.7);
    expect(dark.card).toBeLessThan(0.2);
    const input = await ui.page.evaluate(() => {
      const d = globalThis as unknown as { document: any; getComputedStyle: (e: unknown) => { backgroundColor: string } };
      const el = d.document.querySelector('.content button:not(.primary):not(.link)');
      return el ? d.getComputedStyle(el).backgroundColor : '';
    });
    expect(luminance(input)).toBeLessThan(0.25);
    await ui.browser.screenshot(ui.page, '21-dark-mode');
  });

  it('everyone: at phone width (390 px) the main tables fit without sideways scrolling', async () => {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await signIn(ui.page, ui.world.tokens.ownerAdmin, 'admin@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-datasets').click();
    await ui.page.getByTestId('dataset-row').first().waitFor();
    await expectNoSidewaysScroll(ui.page);
    await ui.page.getByTestId('nav-agreements').click();
    await ui.page.getByTestId('agreement-row').first().waitFor();
    await expectNoSidewaysScroll(ui.page);
    // Each cell carries its column's name, shown above it at this width.
    expect(await ui.page.getByTestId('agreement-row').first().locator('td').first().getAttribute('data-label')).not.toBe('');
    await ui.page.getByTestId('nav-budget').click();
    await ui.page.getByTestId('budget-table').waitFor();
    await expectNoSidewaysScroll(ui.page);

    await ui.newTab();
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await signIn(ui.page, ui.world.tokens.ownerAuditor, 'auditor@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-audit').click();
    await ui.page.getByTestId('audit-row').first().waitFor();
    await expectNoSidewaysScroll(ui.page);
    await ui.browser.screenshot(ui.page, '22-phone-audit');

    await ui.newTab();
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await openAgreement(ui.world.purpose);
    await ui.page.getByTestId('qb-groupby-region').check();
    await ui.page.getByTestId('qb-epsilon-value').fill('0.1');
    await textOf(ui.page.getByTestId('qb-run'), 'ε = 0.1');
    await ui.page.getByTestId('qb-run').click();
    await countOf(ui.page.getByTestId('result-row'), 3);
    await expectNoSidewaysScroll(ui.page);
    await ui.browser.screenshot(ui.page, '23-phone-result');
  });
});
