// The console's BUDGET_EXHAUSTED sentence, from the extensions the server's own error carries:
// it must say which budget (ε or δ) ran out.
import { BudgetExhaustedError } from '../../src/errors/errors';
import { ApiError, describeError } from '../../src/console/api/errors';

function shown(err: BudgetExhaustedError): string {
  const { extensions } = err.toJSON();
  return describeError(new ApiError('BUDGET_EXHAUSTED', err.message, extensions));
}

describe('BUDGET_EXHAUSTED in the console', () => {
  it('names δ when only δ is short', () => {
    const text = shown(new BudgetExhaustedError(0.8, 0.1, { remaining: 0.000001, requested: 0.00001 }));
    expect(text).toContain("The agreement's δ budget has run out: this query needs δ = 0.00001, only δ = 0.000001 is left");
    expect(text).not.toContain('ε');
  });

  it('names ε when ε is short', () => {
    const text = shown(new BudgetExhaustedError(0.2, 1, { remaining: 0.0001, requested: 0 }));
    expect(text).toContain("The agreement's ε budget has run out: this query needs ε = 1, only ε = 0.2 is left");
    expect(text).not.toContain('δ');
  });

  it('says both when both are short', () => {
    const text = shown(new BudgetExhaustedError(0.2, 1, { remaining: 0, requested: 0.00001 }));
    expect(text).toContain('ε budget has run out');
    expect(text).toContain('Its δ budget is short too (δ = 0 left)');
  });
});
