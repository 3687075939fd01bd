// The analyst's query builder with a clean-room join, in headless Chromium against the built
// server on the embedded database (skipped against PostgreSQL like the other console tests).

import { useConsoleServer } from './support/console-server';
import { countOf, rowsOf, signIn, textOf } from './support/page-helpers';

const suite = process.env.DATABASE_URL ? describe.skip : describe;
const joinPurpose = 'Cohort overlap';

suite('Parley Console: a clean-room join in the query builder', () => {
  const ui = useConsoleServer('join', async ({ world, api }) => {
    await api.gql(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      {
        i: {
          datasetId: world.datasetId,
          partnerOrganizationId: world.partner.id,
          purpose: joinPurpose,
          columns: ['age', 'region'],
          allowedAggregations: ['COUNT', 'COUNT_DISTINCT_UNITS'],
          epsilonBudget: 5,
          epsilonPerQueryMax: 1,
          joinColumns: ['patient_id'],
        },
      },
      world.tokens.ownerAdmin,
    );
    // Acme's own cohort: p300..p899, so p300..p599 are also in Northwind's 600 patients.
    const acmeAdmin = await api.userToken(world.partner.id, 'admin@acme.test', 'ORG_ADMIN');
    const cohort = await api.gql<{ createDataset: { id: string } }>(
      'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }',
      {
        i: {
          name: 'cohort',
          columns: [
            { name: 'member', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
            { name: 'arm', type: 'CATEGORY', categories: ['treatment', 'control'], nullable: false },
            { name: 'score', type: 'INTEGER', lowerBound: 0, upperBound: 10 },
          ],
          privacyUnitColumn: 'member',
        },
      },
      acmeAdmin,
    );
    const lines = ['member,arm,score'];
    for (let i = 300; i < 900; i += 1) lines.push(`p${i},${i % 2 ? 'treatment' : 'control'},${i % 11}`);
    await api.putCsv(cohort.createDataset.id, lines.join('\n') + '\n', acmeAdmin);
  });

  it('analyst: joins its own dataset, groups and filters on alias.column, and sees the overlap per group', async () => {
    const { page, world } = ui;
    await signIn(page, world.tokens.partnerAnalyst, 'analyst@acme.test · Acme Research');
    // An agreement without joinColumns offers no join at all.
    await page.getByTestId('select-agreement').filter({ hasText: world.purpose }).click();
    await textOf(page.getByTestId('agreement-terms'), world.purpose);
    await countOf(page.getByTestId('qb-join'), 0);

    await page.getByTestId('select-agreement').filter({ hasText: joinPurpose }).click();
    await textOf(page.getByTestId('agreement-terms'), joinPurpose);
    await textOf(page.getByTestId('agreement-join-columns'), 'your own datasets may be joined on patient_id');
    await page.getByTestId('qb-join-toggle').check();
    expect(await page.getByTestId('qb-join-dataset').locator('option').allInnerTexts()).toEqual(['cohort']);
    expect(await page.getByTestId('qb-join-on').inputValue()).toBe('patient_id');
    expect(await page.getByTestId('qb-join-other-on').inputValue()).toBe('member');
    await page.getByTestId('qb-join-alias').fill('acme');
    // The joined columns are offered as alias.column; the joined identifier is not.
    await page.getByTestId('qb-agg-function').first().selectOption('COUNT_DISTINCT_UNITS');
    await page.getByTestId('qb-groupby-acme.arm').check();
    await countOf(page.getByTestId('qb-groupby-acme.member'), 0);
    await page.getByTestId('qb-add-filter').click();
    expect(await page.getByTestId('qb-filter-column').locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['acme.score', 'age']));
    await page.getByTestId('qb-filter-column').selectOption('acme.score');
    await page.getByTestId('qb-filter-op').selectOption('GE');
    await page.getByTestId('qb-filter-value').fill('0');
    await page.getByTestId('qb-epsilon-value').fill('1');
    await textOf(page.getByTestId('qb-run'), 'Run (spends up to ε = 1)');
    await page.getByTestId('qb-run').click();

    // Keys come from the cohort's declared categories; 150 of the overlap in each arm.
    await countOf(page.getByTestId('result-row'), 2);
    const rows = await rowsOf(page.getByTestId('result-row'));
    expect(rows.map((r) => r[0])).toEqual(['treatment', 'control']);
    for (const row of rows) {
      const value = Number(row[1]!.split('±')[0]!.replace(/[,\s]/g, ''));
      // ε = 1, sensitivity 1: 40 or more away with probability below 1e-17.
      expect(Math.abs(value - 150)).toBeLessThan(40);
    }
    await textOf(page.getByTestId('section-queries'), 'joined with my dataset as acme on patient_id = acme.member');

    // Removing the join takes its columns out of the query again.
    await page.getByTestId('qb-join-toggle').uncheck();
    await countOf(page.getByTestId('qb-groupby-acme.arm'), 0);
    await countOf(page.getByTestId('qb-filter'), 0);
  });
});
