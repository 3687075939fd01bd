import type { ComponentType } from 'preact';
import { AgreementsSection } from './admin/AgreementsSection';
import { BudgetUsageSection } from './admin/BudgetUsageSection';
import { DatasetsSection } from './admin/DatasetsSection';
import { AnalystSection } from './analyst/AnalystSection';
import { AuditSection } from './audit/AuditSection';
import { FederationSection } from './federation/FederationSection';
import { sectionsFor, type SectionId } from './auth/sections';
import { useSession } from './auth/session';
import { OrganizationsSection } from './platform/OrganizationsSection';
import { UsersSection } from './platform/UsersSection';
import { useHashSection } from './ui/useHashSection';

const VIEWS: Record<SectionId, ComponentType> = {
  queries: AnalystSection,
  federation: FederationSection,
  datasets: DatasetsSection,
  agreements: AgreementsSection,
  budget: BudgetUsageSection,
  audit: AuditSection,
  organizations: OrganizationsSection,
  users: UsersSection,
};

export function Shell() {
  const { me, signOut } = useSession();
  const sections = sectionsFor(me.roles);
  const [current, go] = useHashSection(sections.map((s) => s.id));
  const View = current ? VIEWS[current] : undefined;

  return (
    <div class="shell">
      <header class="topbar">
        <span class="brand">Parley</span>
        <nav aria-label="Sections">
          <ul>
            {sections.map((section) => (
              <li key={section.id}>
                <a
                  href={`#/${section.id}`}
                  aria-current={section.id === current ? 'page' : undefined}
                  data-testid={`nav-${section.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    go(section.id);
                  }}
                >
                  {section.label}
                </a>
              </li>
            ))}
            {/* For everyone, whatever their roles. A page of its own rather than a section: same tab,
                so the explorer reads this tab's session token into its headers editor. */}
            <li>
              <a href="/explorer/" data-testid="nav-explorer">
                GraphQL explorer
              </a>
            </li>
          </ul>
        </nav>
        <div class="whoami" data-testid="whoami">
          <span>
            {me.email} · {me.organization.name}
          </span>
          <small class="muted">{me.roles.join(', ') || 'no roles'}</small>
        </div>
        <button type="button" onClick={() => signOut()} data-testid="signout">
          Sign out
        </button>
      </header>
      <main class="content">
        {View ? (
          <View key={current} />
        ) : (
          <p class="banner">Your account has no roles yet. Ask a platform administrator to grant you one.</p>
        )}
      </main>
    </div>
  );
}
