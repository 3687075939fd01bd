import { checkSameColumns, type DeclaredColumn } from './federated-columns';

const region = (categories: string[]): DeclaredColumn => ({ name: 'region', type: 'CATEGORY', categories, lowerBound: null, upperBound: null });
const amount = (type = 'FLOAT', upper = 100): DeclaredColumn => ({ name: 'amount', type, categories: null, lowerBound: 0, upperBound: upper });
const city: DeclaredColumn = { name: 'city', type: 'TEXT', categories: null, lowerBound: null, upperBound: null };

describe('checkSameColumns', () => {
  const named = { aggregated: ['amount'], groupBy: ['region'], filtered: [] };

  it('accepts parts that declare the named columns alike (bounds and category order may differ)', () => {
    expect(() =>
      checkSameColumns(
        [
          { label: 'part 1', columns: [region(['north', 'south']), amount()] },
          { label: 'part 2', columns: [region(['south', 'north']), amount('FLOAT', 500), city] },
        ],
        named,
      ),
    ).not.toThrow();
  });

  it.each([
    ['a missing column', [region(['north', 'south'])], 'part 2 has no column "amount"'],
    ['another type', [region(['north', 'south']), amount('INTEGER')], 'part 2 declares "amount" as INTEGER, part 1 as FLOAT'],
    ['other categories', [region(['north', 'east']), amount()], 'part 2 declares other categories for "region" than part 1'],
  ])('refuses %s with BAD_USER_INPUT naming the part', (_what, columns, message) => {
    const run = () => checkSameColumns([{ label: 'part 1', columns: [region(['north', 'south']), amount()] }, { label: 'part 2', columns }], named);
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as { code: string }).code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a TEXT group-by', () => {
    expect(() => checkSameColumns([{ label: 'part 1', columns: [city, amount()] }], { aggregated: [], groupBy: ['city'], filtered: [] })).toThrow(
      'cannot group by the TEXT column "city"',
    );
  });
});
