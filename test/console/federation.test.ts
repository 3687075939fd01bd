// The console's federation page in headless Chromium against the built server on the embedded
// database: an organization admin registers a peer (the same deployment, as the contract allows,
// seen through another partner's analyst token), and an analyst picks a local agreement and one on
// the peer, runs one federated COUNT by region, and asks again for free. Skipped against
// PostgreSQL for the same reason as console.test.ts (the server here is always embedded).
import { REGIONS } from './support/console-world';
import { useConsoleServer } from './support/console-server';
import { countOf, rowsOf, signIn, textOf } from './support/page-helpers';

const suite = process.env.DATABASE_URL ? describe.skip : describe;

suite('Parley Console: federated queries', () => {
  let partnerAdmin: string;
  let peerToken: string;
  let peerAgreementId: string;
  const ui = useConsoleServer('federation', async ({ world, api }) => {
    partnerAdmin = await api.userToken(world.partner.id, 'admin@acme.test', 'ORG_ADMIN');
    // On the "peer", Contoso's analyst may query the same dataset under an agreement of its own.
    peerToken = await api.userToken(world.other.id, 'analyst@contoso.test', 'ANALYST');
    const granted = await api.gql<{ grantAgreement: { id: string } }>(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      {
        i: {
          datasetId: world.datasetId,
          partnerOrganizationId: world.other.id,
          purpose: 'Claims study',
          columns: ['age', 'region'],
          allowedAggregations: ['COUNT'],
          epsilonBudget: 5,
          epsilonPerQueryMax: 1,
        },
      },
      world.tokens.ownerAdmin,
    );
    peerAgreementId = granted.grantAgreement.id;
  });

  it('organization admin: registers a peer; the token is never shown again', async () => {
    const { page, server } = ui;
    await signIn(page, partnerAdmin, 'admin@acme.test');
    await page.getByTestId('nav-federation').click();
    await textOf(page.getByTestId('peers-empty'), 'No peers yet');
    await page.getByTestId('peer-name').fill('Contoso deployment');
    await page.getByTestId('peer-url').fill(`${server.url}/graphql`);
    await page.getByTestId('peer-token').fill(peerToken);
    await page.getByTestId('peer-register').click();
    await countOf(page.getByTestId('peer-row'), 1);
    const [row] = await rowsOf(page.getByTestId('peer-row'));
    expect(row!.slice(0, 4)).toEqual(['Contoso deployment', `${server.url}/graphql`, peerToken.slice(0, 20), 'OK']);
    expect(await page.getByTestId('peer-token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(peerToken.slice(21));
    await ui.browser.screenshot(page, 'federation-peers');
  });

  it('analyst: picks a local agreement and one on the peer, runs a federated COUNT by region, and asks again for free', async () => {
    const { page, world } = ui;
    await signIn(page, world.tokens.partnerAnalyst, 'analyst@acme.test');
    await page.getByTestId('nav-federation').click();
    await countOf(page.getByTestId('peer-row'), 1);
    await page.getByTestId(`federated-local-${world.agreementId}`).check();
    await page.getByTestId('federated-peer-agreement').fill(peerAgreementId);
    await page.getByTestId('federated-add-peer-part').click();
    await textOf(page.getByTestId('federated-parts'), peerAgreementId);
    await page.getByTestId('federated-group-by').fill('region');
    await page.getByTestId('federated-epsilon').fill('0.5');
    await page.getByTestId('federated-run').click();
    await textOf(page.getByTestId('federated-complete'), 'Every part answered.');
    const groups = await rowsOf(page.getByTestId('federated-group-row'));
    expect(groups.map((g) => [g[0], g[1]])).toEqual(REGIONS.map((r) => [r, 'COUNT']));
    // 200 patients per region on each part: the sum of two noisy counts is near 400.
    for (const g of groups) expect(Math.abs(Number(g[2]!.replace(/[,\s]/g, '')) - 400)).toBeLessThan(100);
    expect((await rowsOf(page.getByTestId('federated-part-row'))).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['this deployment', 'answered', '0.5'],
      ['Contoso deployment', 'answered', '0.5'],
    ]);
    await ui.browser.screenshot(page, 'federation-result');

    await page.getByTestId('federated-run').click();
    await textOf(page.getByTestId('federated-parts-table'), 'answered from cache');
    expect((await rowsOf(page.getByTestId('federated-part-row'))).map((r) => [r[2], r[3]])).toEqual([
      ['answered from cache', '0'],
      ['answered from cache', '0'],
    ]);
  });
});
