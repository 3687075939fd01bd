import { useEffect, useState } from 'preact/hooks';
import { MIN_EPSILON } from './builderState';

interface Props {
  value: number;
  max: number;
  onChange: (value: number) => void;
}

export function EpsilonInput({ value, max, onChange }: Props) {
  // The typed text is kept as typed ("0.0" on the way to "0.05"); the number is derived from it.
  const [text, setText] = useState(String(value));
  useEffect(() => {
    if (Number(text) !== value) setText(Number.isFinite(value) ? String(value) : '');
  }, [value]);
  const set = (raw: string) => {
    setText(raw);
    onChange(raw.trim() === '' ? Number.NaN : Number(raw));
  };
  return (
    <fieldset class="epsilon">
      <legend>Privacy cost ε</legend>
      <label class="field grow">
        <span>
          ε slider ({MIN_EPSILON} to {max})
        </span>
        <input
          type="range"
          min={MIN_EPSILON}
          max={max}
          step={MIN_EPSILON}
          value={Number.isFinite(value) ? value : MIN_EPSILON}
          onInput={(e) => set(e.currentTarget.value)}
          data-testid="qb-epsilon"
        />
      </label>
      <label class="field narrow">
        <span>ε value</span>
        <input
          type="number"
          min={MIN_EPSILON}
          max={max}
          step={MIN_EPSILON}
          value={text}
          onInput={(e) => set(e.currentTarget.value)}
          data-testid="qb-epsilon-value"
        />
      </label>
      <p class="muted small">Smaller ε: more noise, less budget spent. Larger ε: more accurate, more spent.</p>
    </fieldset>
  );
}
