// The Parley Console in headless Chromium against the real server process (`node dist/src/main.js`,
// as `npm start` runs it) on the embedded database. Each persona's main path is clicked through as a
// new user would, asserting on what the page shows; one screenshot per main screen goes to
// test-artifacts/console/. The tests run in order and build on one another: the analyst's spending
// is what the admin's budget screen and the auditor's trail then show.
//
// The server here is always embedded (its environment has no DATABASE_URL), so a run of the suite
// against PostgreSQL would repeat exactly this test: it is skipped there, and the embedded run of
// `npm test` (also in .ci/run) covers it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN, patientsCsv, REGIONS } from './support/console-world';
import { useConsoleServer } from './support/console-server';
import { countOf, eventually, numberIn, recordTexts, rowsOf, seenTexts, signIn, textOf } from './support/page-helpers';

const suite = process.env.DATABASE_URL ? describe.skip : describe;

suite('Parley Console in a browser', () => {
  const ui = useConsoleServer('tour');

  it('platform admin: a bad token is explained; creates an organization and a user, issues a token shown once that then signs in', async () => {
    await ui.page.goto('/');
    await ui.page.getByTestId('signin-token').fill('prl_this-is-not-a-token');
    await ui.page.getByTestId('signin-submit').click();
    await textOf(ui.page.getByTestId('error-banner'), 'Your token is not valid or has expired — sign in again.');
    await ui.browser.screenshot(ui.page, '01-sign-in-error');

    await signIn(ui.page, ADMIN_TOKEN, 'admin@localhost · Platform');
    expect(ui.page.url()).not.toContain(ADMIN_TOKEN);
    await ui.page.getByTestId('nav-organizations').click();
    await ui.page.getByTestId('organization-name').fill('Initech Labs');
    await ui.page.getByTestId('organization-slug').fill('initech');
    await ui.page.getByTestId('create-organization-submit').click();
    await textOf(ui.page.getByTestId('organizations-table'), 'Initech Labs');
    const orgs = (await rowsOf(ui.page.getByTestId('organization-row'))).map((r) => r[0]);
    expect(orgs).toEqual(expect.arrayContaining(['Platform', 'Northwind Health', 'Acme Research', 'Initech Labs']));
    await ui.browser.screenshot(ui.page, '02-platform-organizations');

    await ui.page.getByTestId('nav-users').click();
    await ui.page.getByTestId('user-organization').selectOption({ label: 'Initech Labs' });
    await ui.page.getByTestId('user-email').fill('analyst@initech.test');
    await ui.page.getByTestId('user-role-AUDITOR').check();
    await ui.page.getByTestId('create-user-submit').click();
    const user = ui.page.getByTestId('user-row').filter({ hasText: 'analyst@initech.test' });
    await user.waitFor();
    const [cells] = await rowsOf(user);
    expect(cells!.slice(0, 3)).toEqual(['analyst@initech.test', 'Initech Labs', 'ANALYST, AUDITOR']);
    expect(cells![4]).toBe('active');

    await user.getByTestId('user-issue-token').click();
    await ui.page.getByTestId('issue-token-name').fill('laptop');
    await ui.page.getByTestId('issue-token-submit').click();
    await textOf(ui.page.getByTestId('issued-token'), 'Copy this token now — it will not be shown again.');
    const secret = await ui.page.getByTestId('issued-token-value').inputValue();
    expect(secret).toMatch(/^prl_/);
    const token = ui.page.getByTestId('token-row').filter({ hasText: 'laptop' });
    await textOf(token, 'analyst@initech.test');
    expect(await ui.page.getByTestId('tokens-panel').innerText()).not.toContain(secret);
    await ui.browser.screenshot(ui.page, '03-platform-token-issued');

    await ui.page.getByTestId('issued-token-dismiss').click();
    await countOf(ui.page.getByTestId('issued-token'), 0);
    expect(await ui.page.content()).not.toContain(secret);

    // The new user signs in with the secret they were handed.
    await ui.page.getByTestId('signout').click();
    await ui.page.getByTestId('signin-form').waitFor();
    await signIn(ui.page, secret, 'analyst@initech.test · Initech Labs');
    await textOf(ui.page.getByTestId('section-queries'), 'Your organization has no active agreement');
  });

  it('analyst: opens the shared dataset, builds a query with a live preview, runs it, gets the cached answer, then runs out of budget', async () => {
    await signIn(ui.page, ui.world.tokens.partnerAnalyst, 'analyst@acme.test · Acme Research');
    const shared = ui.page.getByTestId('dataset-row').filter({ hasText: 'patients' });
    await textOf(shared, 'Northwind Health');
    await shared.getByTestId('select-agreement').filter({ hasText: ui.world.purpose }).click();

    const terms = await textOf(ui.page.getByTestId('agreement-terms'), ui.world.purpose);
    expect(terms).toContain('age (integer), region (category), smoker (boolean)');
    expect(terms).toContain('COUNT, MEAN, SUM');
    expect(terms).toContain('at most 1');
    const gauge = ui.page.getByTestId('budget-gauge');
    await textOf(ui.page.getByTestId('budget-spent'), /^ε 0$/);
    expect(await ui.page.getByTestId('budget-remaining').innerText()).toBe('ε 1.2');
    expect(await gauge.innerText()).toMatch(/Refills .+ \(monthly\)/);

    // COUNT and MEAN(age) grouped by region.
    await ui.page.getByTestId('qb-add-aggregation').click();
    await ui.page.getByTestId('qb-agg-function').nth(1).selectOption('MEAN');
    expect(await ui.page.getByTestId('qb-agg-column').inputValue()).toBe('age');
    await ui.page.getByTestId('qb-groupby-region').check();

    // The preview follows the ε slider live.
    await ui.page.getByTestId('qb-epsilon').fill('0.25');
    await textOf(ui.page.getByTestId('qb-preview-cost'), 'ε = 0.25');
    await textOf(ui.page.getByTestId('qb-preview-remaining'), '4');
    await ui.page.getByTestId('qb-epsilon-value').fill('0.5');
    await textOf(ui.page.getByTestId('qb-preview-cost'), 'ε = 0.5');
    await textOf(ui.page.getByTestId('qb-preview-remaining'), '2');
    const expected = await rowsOf(ui.page.getByTestId('qb-preview-errors').locator('tbody tr'));
    expect(expected.map((r) => r[0])).toEqual(['COUNT(*)', 'MEAN(age)']);
    for (const [, bound, mechanism] of expected) {
      expect(numberIn(bound!)).toBeGreaterThan(0);
      expect(mechanism).not.toBe('');
    }
    await textOf(ui.page.getByTestId('qb-run'), 'Run (spends up to ε = 0.5)');
    await ui.browser.screenshot(ui.page, '04-analyst-query-builder');

    await ui.page.getByTestId('qb-run').click();
    // One row per region, the two aggregations as columns, each cell "value ± bound".
    await countOf(ui.page.getByTestId('result-row'), 3);
    await textOf(ui.page.getByTestId('result-spent'), 'Spent ε = 0.5');
    const rows = await rowsOf(ui.page.getByTestId('result-row'));
    expect(rows.map((r) => r[0]).sort()).toEqual([...REGIONS].sort());
    for (const [, count, mean] of rows) {
      const [value, bound] = count!.split('±').map(numberIn);
      expect(numberIn(mean!.split('±')[1]!)).toBeGreaterThan(0);
      // 200 patients a region; a released count lies within six 95% bounds of it all but never.
      expect(Math.abs(value! - 200)).toBeLessThanOrEqual(6 * bound!);
    }
    const chart = ui.page.getByTestId('result-chart');
    await textOf(chart, 'whiskers show the 95% noise interval');
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await ui.page.getByTestId('result-chart-select').locator('option').allInnerTexts()).toEqual(['COUNT(*)', 'MEAN(age)']);
    await textOf(ui.page.getByTestId('budget-spent'), 'ε 0.5');
    expect(await ui.page.getByTestId('budget-remaining').innerText()).toBe('ε 0.7');
    const history = ui.page.getByTestId('query-history').locator('li');
    await countOf(history, 1);
    expect(await history.first().innerText()).toMatch(/patients · COUNT\(\*\), MEAN\(age\) by region\s+ε 0\.5/);
    // The server keeps every released answer too, with the query that produced it.
    const released = ui.page.getByTestId('released-row');
    await countOf(released, 1);
    expect(await released.first().innerText()).toMatch(/MEAN\(age\), COUNT\(\*\) by region\s+0\.5\s+3\s+1/);
    await ui.browser.screenshot(ui.page, '05-analyst-result');

    // The same query again: the preview says it is free, and the answer comes from the cache.
    await textOf(ui.page.getByTestId('qb-preview-cost'), 'free — answered before');
    await ui.page.getByTestId('qb-run').click();
    await textOf(ui.page.getByTestId('result-cached'), 'Cached — same answer as before, no budget spent');
    await countOf(history, 2);
    expect(await history.first().innerText()).toMatch(/cached$/);
    expect(await rowsOf(ui.page.getByTestId('result-row'))).toEqual(rows);
    expect(await ui.page.getByTestId('budget-spent').innerText()).toBe('ε 0.5');

    // ε 1 is more than the 0.7 left: the preview warns, and the server's refusal reads as a sentence.
    await ui.page.getByTestId('qb-epsilon-value').fill('1');
    await textOf(ui.page.getByTestId('qb-preview-cost'), 'ε = 1');
    await textOf(ui.page.getByTestId('qb-preview-over-budget'), 'more than the ε 0.7 left');
    // The query would be refused, so it is not sent at all.
    await textOf(ui.page.getByTestId('qb-run'), 'refused: over the budget left');
    expect(await ui.page.getByTestId('qb-run').isDisabled()).toBe(true);
    expect(await ui.page.getByTestId('budget-spent').innerText()).toBe('ε 0.5');
    await countOf(history, 2);
    await ui.browser.screenshot(ui.page, '06-analyst-budget-exhausted');
  });

  it('organization admin: sees the quality report, uploads a CSV with progress, grants (after a validation error), amends, suspends, resumes and revokes', async () => {
    await signIn(ui.page, ui.world.tokens.ownerAdmin, 'admin@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-datasets').click();
    const dataset = ui.page.getByTestId('dataset-row').filter({ hasText: 'patients' });
    const [listed] = await (await dataset.waitFor(), rowsOf(dataset));
    expect(listed!.slice(0, 4)).toEqual(['patients', String(ui.world.rowsLoaded), '1', 'patient_id, age, region, smoker']);
    await dataset.getByTestId('dataset-open').click();
    const report = ui.page.getByTestId('quality-report');
    await textOf(report, /Rows received\s+600\s+Accepted\s+600\s+Rejected\s+0\b/);
    await textOf(ui.page.getByTestId('column-stats'), 'region');
    await ui.browser.screenshot(ui.page, '07-admin-dataset-quality');

    // 300 new patients and two bad lines (an age that is not a number, a region not declared).
    const csv = patientsCsv(600, 300) + 'bad-1,forty,north,true\nbad-2,40,west,false\n';
    await ui.page.getByTestId('upload-file').setInputFiles({ name: 'more-patients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await recordTexts(ui.page, 'upload-progress');
    await ui.page.getByTestId('upload-submit').click();
    const upload = ui.page.getByTestId('upload-report');
    await textOf(upload, /This upload — version 2[\s\S]+Rows received\s+302\s+Accepted\s+300\s+Rejected\s+2\b/);
    const problems = await rowsOf(upload.getByTestId('ingest-errors').locator('tbody tr'));
    expect(problems.map((p) => p.slice(0, 2))).toEqual([
      ['302', 'age'],
      ['303', 'region'],
    ]);
    expect(await seenTexts(ui.page)).toEqual(expect.arrayContaining([expect.stringMatching(/^Uploading: 100%/)]));
    await textOf(ui.page.getByTestId('dataset-row-count'), '900');
    // The new report is shown once (as this upload's), its columns in the dataset's order.
    await countOf(ui.page.getByTestId('quality-report'), 0);
    await countOf(ui.page.getByTestId('upload-report'), 1);
    const statColumns = (await rowsOf(upload.getByTestId('column-stats').locator('tbody tr'))).map((r) => r[0]!);
    expect(statColumns.length).toBeGreaterThan(0);
    expect(statColumns).toEqual(['patient_id', 'age', 'region', 'smoker'].filter((c) => statColumns.includes(c)));
    await textOf(dataset, '900');
    await ui.browser.screenshot(ui.page, '08-admin-upload-report');

    await ui.page.getByTestId('nav-agreements').click();
    const existing = ui.page.getByTestId('agreement-row').filter({ hasText: 'Acme Research' });
    expect(await textOf(existing, 'ACTIVE')).toContain('0.5 / 1.2');

    await ui.page.getByTestId('new-agreement').click();
    const partnerChoices = await ui.page.getByTestId('grant-partner').locator('option').allInnerTexts();
    expect(partnerChoices).toContain('Contoso Insurance (contoso)');
    expect(partnerChoices.join('\n')).not.toMatch(/Platform|Northwind/);
    await ui.page.getByTestId('grant-partner').selectOption({ label: 'Contoso Insurance (contoso)' });
    await ui.page.getByTestId('grant-purpose').fill('Actuarial pricing research');
    expect(await ui.page.getByTestId('grant-column-patient_id').isDisabled()).toBe(true);
    await ui.page.getByTestId('grant-column-age').check();
    await ui.page.getByTestId('grant-column-region').check();
    await ui.page.getByTestId('grant-aggregation-SUM').check();
    await ui.page.getByTestId('grant-epsilon-budget').fill('5');
    await ui.page.getByTestId('grant-epsilon-per-query').fill('10');
    await ui.page.getByTestId('grant-submit').click();
    await textOf(ui.page.getByTestId('form-problems'), 'The ε per query cannot exceed the ε budget.');
    await countOf(ui.page.getByTestId('agreement-row'), 1);
    await ui.browser.screenshot(ui.page, '09-admin-grant-validation');
    await ui.page.getByTestId('grant-epsilon-per-query').fill('1');
    await ui.page.getByTestId('grant-submit').click();
    await countOf(ui.page.getByTestId('grant-form'), 0);

    const granted = ui.page.getByTestId('agreement-row').filter({ hasText: 'Contoso Insurance' });
    expect(await textOf(granted, 'ACTIVE')).toContain('0 / 5');
    await granted.getByTestId('agreement-amend').click();
    await ui.page.getByTestId('amend-epsilon-budget').fill('8');
    await ui.page.getByTestId('amend-submit').click();
    await textOf(granted, '0 / 8');
    await granted.getByTestId('agreement-suspend').click();
    await textOf(granted.getByTestId('agreement-status'), 'SUSPENDED');
    await granted.getByTestId('agreement-resume').click();
    await textOf(granted.getByTestId('agreement-status'), 'ACTIVE');
    await granted.getByTestId('agreement-revoke').click();
    await granted.getByTestId('agreement-revoke-confirm').click();
    await textOf(granted.getByTestId('agreement-status'), 'REVOKED');
    expect(await granted.locator('button').count()).toBe(0);
    await ui.browser.screenshot(ui.page, '10-admin-agreements');

    await ui.page.getByTestId('nav-budget').click();
    const usage = ui.page.getByTestId('budget-row').filter({ hasText: 'Acme Research' });
    const [acme] = await (await usage.waitFor(), rowsOf(usage));
    expect(acme).toEqual(['Acme Research', 'patients', 'ACTIVE', '1', '0.5', '0.7 of 1.2', expect.any(String)]);
    expect(await ui.page.getByTestId('budget-chart').locator('canvas').count()).toBeGreaterThan(0);
    await textOf(ui.page.getByTestId('timeline-summary'), '1 query counted');
    expect(await ui.page.getByTestId('timeline-chart').locator('canvas').count()).toBeGreaterThan(0);
    await ui.browser.screenshot(ui.page, '11-admin-budget-usage');
  });

  it('auditor: filters and pages the trail, opens an event, signs and verifies a checkpoint, exports NDJSON, charts spending over time', async () => {
    await signIn(ui.page, ui.world.tokens.ownerAuditor, 'auditor@northwind.test · Northwind Health');
    await ui.page.getByTestId('nav-audit').click();
    const total = ui.page.getByTestId('audit-total');
    await ui.page.getByTestId('audit-page-size').selectOption('10');
    const first = await textOf(total, /^1–10 of \d+ events$/);
    const events = numberIn(/of (\d+)/.exec(first)![1]!);
    expect(events).toBeGreaterThan(10);
    const page1 = (await rowsOf(ui.page.getByTestId('audit-row'))).map((r) => numberIn(r[0]!.replace(/\D/g, '')));
    await ui.page.getByTestId('audit-next-page').click();
    await textOf(total, `11–${Math.min(20, events)} of ${events} events`);
    const page2 = (await rowsOf(ui.page.getByTestId('audit-row'))).map((r) => numberIn(r[0]!.replace(/\D/g, '')));
    expect(Math.min(...page2)).toBeGreaterThan(Math.max(...page1));
    await ui.browser.screenshot(ui.page, '12-auditor-trail');

    // Actions are chosen from the known list, never typed.
    expect(await ui.page.getByTestId('audit-filter-actions').locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['QUERY_EXECUTED', 'AGREEMENT_SUSPENDED']));
    await ui.page.getByTestId('audit-filter-actions').selectOption(['QUERY_EXECUTED']);
    await ui.page.getByTestId('audit-filter-apply').click();
    await textOf(total, /^1–1 of 1 events$/);
    const executed = ui.page.getByTestId('audit-row');
    const [cells] = await rowsOf(executed);
    // The partner's analyst is not a user this auditor may read: shown by id and organization.
    expect(cells!.slice(2)).toEqual([expect.stringMatching(/^[0-9a-f]{8}Acme Research$/), 'QUERY_EXECUTED', expect.stringMatching(/^Agreement /), 'SUCCESS']);
    await executed.getByTestId('audit-row-toggle').click();
    const details = await textOf(ui.page.getByTestId('audit-row-details'), '"epsilonSpent": 0.5');
    expect(details).toContain(`"datasetId": "${ui.world.datasetId}"`);
    expect(details).toContain(ui.world.agreementId);
    expect(await ui.page.getByTestId('audit-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
    await ui.browser.screenshot(ui.page, '13-auditor-event-details');

    // Several actions at once: the admin suspended and then resumed Contoso's agreement.
    await ui.page.getByTestId('audit-filter-actions').selectOption(['AGREEMENT_SUSPENDED', 'AGREEMENT_RESUMED']);
    await ui.page.getByTestId('audit-filter-outcome').selectOption('SUCCESS');
    await ui.page.getByTestId('audit-filter-apply').click();
    await textOf(total, /^1–2 of 2 events$/);
    expect((await rowsOf(ui.page.getByTestId('audit-row'))).map((r) => r[3]).sort()).toEqual(['AGREEMENT_RESUMED', 'AGREEMENT_SUSPENDED']);

    await ui.page.getByTestId('checkpoint-create').click();
    await textOf(ui.page.getByTestId('audit-checkpoint'), 'Latest signed checkpoint');
    await ui.page.getByTestId('verify-button').click();
    const verified = await textOf(ui.page.getByTestId('verify-result'), 'The trail verifies');
    expect(verified).toMatch(/The trail verifies: \d+ events and 1 signed checkpoint checked\./);
    expect(await ui.page.getByTestId('verify-result').getAttribute('data-ok')).toBe('true');
    await textOf(ui.page.getByTestId('checkpoint-match'), 'The verified head matches this checkpoint.');
    await ui.browser.screenshot(ui.page, '14-auditor-verified');

    await ui.page.getByRole('button', { name: 'Clear' }).click();
    await textOf(total, new RegExp(`of ${events + 1} events$`));
    const download = ui.page.waitForEvent('download');
    await ui.page.getByTestId('audit-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^parley-audit-.+\.ndjson$/);
    const lines = readFileSync((await file.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    await textOf(ui.page.getByTestId('audit-export-done'), `Exported ${events + 1} events.`);
    expect(lines).toHaveLength(events + 1);
    expect(Object.keys(lines[0]!)).toEqual(['seq', 'at', 'actorId', 'actorOrganizationId', 'action', 'resourceType', 'resourceId', 'outcome', 'details', 'prevHash', 'hash']);
    const seqs = lines.map((l) => l.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(lines.at(-1)!.action).toBe('AUDIT_CHECKPOINT_CREATED');

    await ui.page.getByTestId('nav-budget').click();
    await textOf(ui.page.getByTestId('timeline-summary'), '1 query counted');
    await eventually(async () => expect(await ui.page.getByTestId('timeline-chart').locator('canvas').count()).toBeGreaterThan(0));
    await ui.browser.screenshot(ui.page, '15-auditor-budget-over-time');
  });
});
