export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span class="spinner-wrap" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </span>
  );
}
