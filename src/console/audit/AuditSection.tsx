import { useState } from 'preact/hooks';
import type { AuditFilter, AuditVerification } from '../api/queryTypes';
import { hasRole } from '../auth/sections';
import { useSession } from '../auth/session';
import { AuditFilters } from './AuditFilters';
import { AuditTrail } from './AuditTrail';
import { CheckpointPanel } from './CheckpointPanel';
import { ExportButton } from './ExportButton';
import { VerifyTrail } from './VerifyTrail';

export function AuditSection() {
  const { me } = useSession();
  const [filter, setFilter] = useState<AuditFilter>({});
  // Applying the same filter again still reloads the first page.
  const [applied, setApplied] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const platformWide = hasRole(me.roles, 'PLATFORM_AUDITOR');

  return (
    <div class="section" data-testid="section-audit">
      <h2>Audit trail</h2>
      <p class="muted small">
        {platformWide
          ? 'You see every event on the platform.'
          : `You see events by ${me.organization.name} and events about its datasets, agreements, users and tokens.`}
      </p>
      <div class="two-col">
        <VerifyTrail result={verification} onResult={setVerification} />
        <CheckpointPanel verification={verification} />
      </div>
      <section class="card" aria-label="Events">
        <AuditFilters
          showOrganization={platformWide}
          onApply={(next) => {
            setFilter(next);
            setApplied((n) => n + 1);
          }}
        />
        <ExportButton filter={filter} />
        <AuditTrail key={applied} filter={filter} pageSize={pageSize} onPageSizeChange={setPageSize} />
      </section>
    </div>
  );
}
