// Chart colours: distinguishable for common colour-vision deficiencies (Okabe–Ito).
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function colour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}
