// At phone width the stylesheet shows each table row as a card with every cell under its column's
// name (`td::before { content: attr(data-label) }`). This keeps those names in step with each table's
// own header, so no table has to repeat its headers in every cell.

function labelTable(table: HTMLTableElement): void {
  const header = table.tHead?.rows[0];
  if (!header) return;
  const names: string[] = [];
  for (const cell of Array.from(header.cells)) {
    for (let i = 0; i < cell.colSpan; i += 1) names.push((cell.textContent ?? '').trim());
  }
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let column = 0;
      for (const cell of Array.from(row.cells)) {
        const name = cell.colSpan > 1 ? '' : names[column] ?? '';
        if (cell.getAttribute('data-label') !== name) cell.setAttribute('data-label', name);
        column += cell.colSpan;
      }
    }
  }
}

/** Labels every table under `root` now and whenever the page changes. */
export function labelTableCells(root: HTMLElement): void {
  let pending = false;
  const run = () => {
    pending = false;
    root.querySelectorAll('table').forEach(labelTable);
  };
  run();
  // Batched to one pass per frame; setting an attribute that already has its value is skipped above,
  // so the observer's own writes settle at once.
  new MutationObserver(() => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(run);
    }
  }).observe(root, { subtree: true, childList: true, characterData: true });
}
