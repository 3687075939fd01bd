import { useState } from 'preact/hooks';
import { CREATE_DATASET } from '../api/mutations';
import type { Dataset } from '../api/types';
import { useSession } from '../auth/session';
import { FormFooter } from '../ui/FormFooter';
import { useAction } from '../ui/useAsync';
import { ColumnsEditor } from './ColumnsEditor';
import { buildDatasetInput, emptyDataset, type DatasetDraft } from './datasetDraft';

interface Props {
  onCreated: (dataset: Dataset) => void;
  onCancel: () => void;
}

export function CreateDatasetForm({ onCreated, onCancel }: Props) {
  const { request } = useSession();
  const [draft, setDraft] = useState<DatasetDraft>(emptyDataset);
  const [touched, setTouched] = useState(false);
  const { input, problems } = buildDatasetInput(draft);
  const create = useAction(async () => {
    const data = await request<{ createDataset: Dataset }>(CREATE_DATASET, { input });
    onCreated(data.createDataset);
  });
  const set = (patch: Partial<DatasetDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const columnNames = draft.columns.map((c) => c.name.trim()).filter(Boolean);

  return (
    <form
      noValidate
      class="card"
      data-testid="create-dataset-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!problems.length) void create.run();
      }}
    >
      <h3>New dataset</h3>
      <div class="row">
        <label class="field">
          <span>Name</span>
          <input value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} required data-testid="dataset-name" />
        </label>
        <label class="field grow">
          <span>Description (optional)</span>
          <input value={draft.description} onInput={(e) => set({ description: e.currentTarget.value })} data-testid="dataset-description" />
        </label>
      </div>
      <ColumnsEditor columns={draft.columns} onChange={(columns) => set({ columns })} />
      <div class="row">
        <label class="field">
          <span>Privacy unit column</span>
          <select
            value={draft.privacyUnitColumn}
            onChange={(e) => set({ privacyUnitColumn: e.currentTarget.value })}
            data-testid="dataset-privacy-unit"
          >
            <option value="">None: each row is one person</option>
            {columnNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label class="field narrow">
          <span>Max rows per person</span>
          <input
            type="number"
            min="1"
            step="1"
            value={draft.maxRowsPerUnit}
            onInput={(e) => set({ maxRowsPerUnit: e.currentTarget.value })}
            data-testid="dataset-max-rows"
          />
        </label>
      </div>
      <FormFooter
        problems={problems}
        touched={touched}
        action={create}
        submitLabel="Create dataset"
        pendingLabel="Creating"
        submitTestId="create-dataset-submit"
        onCancel={onCancel}
      />
    </form>
  );
}
