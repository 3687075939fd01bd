import type { Locator, Page } from 'playwright-core';

const POLL_MS = 50;

/** Retries `check` until it stops throwing: waiting for what the page shows, never for a fixed time. */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the element's visible text contains (or matches) `expected`, and returns that text. */
export async function textOf(locator: Locator, expected: string | RegExp): Promise<string> {
  let text = '';
  await eventually(async () => {
    text = await locator.innerText({ timeout: 2_000 });
    if (typeof expected === 'string') expect(text).toContain(expected);
    else expect(text).toMatch(expected);
  });
  return text;
}

export async function countOf(locator: Locator, expected: number): Promise<void> {
  await eventually(async () => expect(await locator.count()).toBe(expected));
}

/** The cells' text of each matching table row. */
export async function rowsOf(locator: Locator): Promise<string[][]> {
  return locator.evaluateAll((rows) =>
    rows.map((row) => Array.from((row as { children: ArrayLike<{ textContent: string | null }> }).children, (c) => (c.textContent ?? '').trim())),
  );
}

export async function signIn(page: Page, token: string, expectWho: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('signin-token').fill(token);
  await page.getByTestId('signin-submit').click();
  await textOf(page.getByTestId('whoami'), expectWho);
}

/** "1,234.5" (en-GB) → 1234.5 */
export function numberIn(text: string): number {
  return Number(text.replace(/[,\s]/g, ''));
}

/**
 * Records every text the element with `testId` shows while it exists, so a progress bar that lives
 * only for a moment can still be asserted on afterwards (read back with `seenTexts`).
 */
export async function recordTexts(page: Page, testId: string): Promise<void> {
  await page.evaluate((id) => {
    const w = globalThis as unknown as Record<string, unknown> & { document: any; MutationObserver: any };
    const seen: string[] = [];
    w.__seen = seen;
    const look = () => {
      const el = w.document.querySelector(`[data-testid="${id}"]`);
      if (el && seen[seen.length - 1] !== el.textContent) seen.push(el.textContent);
    };
    new w.MutationObserver(look).observe(w.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, testId);
}

export async function seenTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __seen: string[] }).__seen);
}
