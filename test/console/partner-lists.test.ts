// The console for a partner organization after one of its agreements was revoked, in headless
// Chromium against the built server on the embedded database. A partner may no longer read a
// revoked agreement's dataset, so every list must still load and name that dataset as no longer
// shared; and the δ budget shows wherever ε does. Skipped against PostgreSQL for the same reason
// as console.test.ts (the server here is always embedded).
import { ADMIN_TOKEN, PATIENT_COLUMNS } from './support/console-world';
import { useConsoleServer } from './support/console-server';
import { countOf, rowsOf, signIn, textOf } from './support/page-helpers';

const suite = process.env.DATABASE_URL ? describe.skip : describe;

suite('Parley Console for a partner with a revoked agreement', () => {
  let partnerAdmin: string;
  let revokedId: string;
  const revokedPurpose = 'Readmissions pilot, ended';
  const ui = useConsoleServer('partner', async ({ world, api }) => {
    partnerAdmin = await api.userToken(world.partner.id, 'admin@acme.test', 'ORG_ADMIN');
    // A second dataset shared with the partner under a δ budget, then revoked: from then on the
    // partner may no longer read that agreement's dataset.
    const created = await api.gql<{ createDataset: { id: string } }>(
      'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }',
      { i: { name: 'readmissions', columns: PATIENT_COLUMNS, privacyUnitColumn: 'patient_id', maxRowsPerUnit: 1 } },
      world.tokens.ownerAdmin,
    );
    const granted = await api.gql<{ grantAgreement: { id: string } }>(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      {
        i: {
          datasetId: created.createDataset.id,
          partnerOrganizationId: world.partner.id,
          purpose: revokedPurpose,
          columns: ['age', 'region'],
          allowedAggregations: ['COUNT'],
          epsilonBudget: 2,
          epsilonPerQueryMax: 1,
          delta: 0.00001,
          deltaBudget: 0.0001,
          budgetPeriod: 'MONTHLY',
        },
      },
      world.tokens.ownerAdmin,
    );
    revokedId = granted.grantAgreement.id;
    await api.gql('mutation($id: ID!) { revokeAgreement(id: $id) { id } }', { id: revokedId }, world.tokens.ownerAdmin);
  });

  it('the server refuses the revoked dataset to the partner, so the old list query would fail', async () => {
    // The precondition of this suite: asking for `dataset` in the partner's list is an error.
    await expect(ui.api.gql('{ agreements { id dataset { name } } }', {}, partnerAdmin)).rejects.toThrow(/NOT_FOUND/);
  });

  it('partner admin: agreements and budget usage still load; the revoked one says its dataset is no longer shared', async () => {
    await signIn(ui.page, partnerAdmin, 'admin@acme.test · Acme Research');
    await ui.page.getByTestId('nav-agreements').click();
    await textOf(ui.page.getByTestId('section-agreements'), 'No agreement yet.');
    await countOf(ui.page.getByTestId('error-banner'), 0);

    await ui.page.getByTestId('nav-budget').click();
    const used = ui.page.getByTestId('budget-used-table').getByTestId('budget-row');
    await countOf(used, 2);
    await countOf(ui.page.getByTestId('error-banner'), 0);
    const rows = await rowsOf(used);
    const byStatus = Object.fromEntries(rows.map((r) => [r[2], r]));
    expect(byStatus.ACTIVE!.slice(0, 2)).toEqual(['Northwind Health', 'patients']);
    expect(byStatus.REVOKED!.slice(0, 2)).toEqual(['Northwind Health', 'dataset no longer shared']);
  });

  it('partner analyst: the shared dataset and its active agreement still show', async () => {
    await signIn(ui.page, ui.world.tokens.partnerAnalyst, 'analyst@acme.test · Acme Research');
    const shared = ui.page.getByTestId('dataset-row').filter({ hasText: 'patients' });
    await textOf(shared, 'Northwind Health');
    await countOf(ui.page.getByTestId('dataset-row').filter({ hasText: 'readmissions' }), 0);
    await countOf(ui.page.getByTestId('error-banner'), 0);
  });

  it('owner admin: the agreement page shows the δ budget beside ε, and the revoked dataset by name', async () => {
    await signIn(ui.page, ui.world.tokens.ownerAdmin, 'admin@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-agreements').click();
    const row = ui.page.locator(`[data-testid="agreement-row"][data-agreement-id="${revokedId}"]`);
    await textOf(row, 'readmissions');
    await row.getByTestId('agreement-open').click();
    await textOf(ui.page.getByTestId('agreement-detail'), revokedPurpose);
    expect(await ui.page.getByTestId('agreement-detail-delta-total').innerText()).toBe('0.0001');
    expect(await ui.page.getByTestId('agreement-detail-delta-spent').innerText()).toBe('0');
    expect(await ui.page.getByTestId('agreement-detail-delta-remaining').innerText()).toBe('0.0001');
  });

  it('analyst: δ in the budget panel and the preview; a query refused for ε says that ε ran out', async () => {
    await signIn(ui.page, ui.world.tokens.partnerAnalyst, 'analyst@acme.test · Acme Research');
    await ui.page.getByTestId('select-agreement').filter({ hasText: ui.world.purpose }).click();
    await textOf(ui.page.getByTestId('budget-delta'), 'δ budget: none');
    await ui.page.getByTestId('qb-epsilon-value').fill('1');
    await textOf(ui.page.getByTestId('qb-preview-cost'), 'ε = 1');
    await textOf(ui.page.getByTestId('qb-preview-delta-cost'), 'none');
    await textOf(ui.page.getByTestId('qb-run'), 'Run (spends up to ε = 1)');

    // Meanwhile another query of the organization spends ε 1 of the 1.2, so the preview is stale.
    await ui.api.gql(
      'mutation($i: AggregateQueryInput!) { privateAggregate(input: $i) { queryId } }',
      { i: { agreementId: ui.world.agreementId, aggregations: [{ function: 'COUNT' }], groupBy: ['region'], epsilon: 1 } },
      ui.world.tokens.partnerAnalyst,
    );
    await ui.page.getByTestId('qb-run').click();
    const message = await textOf(ui.page.getByTestId('error-banner'), "The agreement's ε budget has run out");
    expect(message).toContain('this query needs ε = 1, only ε = 0.2 is left this period; nothing was spent.');
    expect(message).not.toContain('δ');
  });

  it('everyone: the explorer is a tab of the navigation, opening /explorer/', async () => {
    await signIn(ui.page, partnerAdmin, 'admin@acme.test · Acme Research');
    const tab = ui.page.getByRole('navigation', { name: 'Sections' }).getByTestId('nav-explorer');
    await textOf(tab, 'GraphQL explorer');
    expect(await tab.getAttribute('href')).toBe('/explorer/');
    await tab.click();
    await ui.page.waitForURL('**/explorer/');
  });
});
