// Chart colours: distinguishable for common colour-vision deficiencies (Okabe–Ito).
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function colour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** The page's text colour, for chart axes and whiskers: canvas text does not follow the stylesheet, so dark mode needs it passed in. */
export function inkColour(): string {
  return getComputedStyle(document.body).color || '#1d2433';
}

/** The grid lines' colour, from the stylesheet's --line. */
export function gridColour(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--line').trim() || '#e6e9ee';
}

/**
 * One colour per partner for every chart of a screen: assigned by the partner's place in the sorted
 * list of all partners shown, never by the order one chart happens to list them in.
 */
export function partnerColours(names: string[]): Map<string, string> {
  return new Map([...new Set(names)].sort().map((name, i) => [name, colour(i)]));
}
