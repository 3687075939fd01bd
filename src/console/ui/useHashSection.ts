// The current section lives in the URL fragment (#/audit), so reloads and the back button work.
// Only section names ever go there — never tokens or data.
import { useEffect, useState } from 'preact/hooks';

function read<T extends string>(allowed: T[]): T | undefined {
  const name = window.location.hash.replace(/^#\/?/, '');
  return allowed.find((id) => id === name);
}

export function useHashSection<T extends string>(allowed: T[]): [T | undefined, (id: T) => void] {
  const [current, setCurrent] = useState<T | undefined>(() => read(allowed) ?? allowed[0]);
  const key = allowed.join(',');

  useEffect(() => {
    const onChange = () => setCurrent(read(allowed) ?? allowed[0]);
    onChange();
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [key]);

  return [current, (id: T) => (window.location.hash = `#/${id}`)];
}
