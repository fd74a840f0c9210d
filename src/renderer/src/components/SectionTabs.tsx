import { SECTIONS } from '../../../shared/panels';
import { sectionsFor } from '../../../shared/panels-shown';
import type { RegistryEntry } from '../../../shared/registry-types';

export type TabId = (typeof SECTIONS)[number]['id'] | 'metrics';

export const TABS: readonly { id: TabId; title: string }[] = [
  ...SECTIONS.map((s) => ({ id: s.id, title: s.title })),
  { id: 'metrics', title: 'All metrics' },
];

export function isTab(id: string): id is TabId {
  return TABS.some((t) => t.id === id);
}

/**
 * Section tabs; the selected one is kept in the URL hash so a reload or a link returns to it.
 * A section of an engine's own metrics (libtorrent) is a tab only for a stream that has them
 * (or while it is the one selected, so a switch of source does not leave a tab-less page).
 */
export function SectionTabs({
  current,
  diagnostics,
  registry,
  onSelect,
}: {
  current: TabId;
  diagnostics: boolean;
  registry: readonly RegistryEntry[];
  onSelect: (id: TabId) => void;
}) {
  const shown = new Set<string>(sectionsFor(registry).map((s) => s.id));
  return (
    <div className="tabs" role="tablist" aria-label="Dashboards">
      {TABS.filter((t) => t.id === 'metrics' || t.id === current || shown.has(t.id)).map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={current === t.id}
          aria-controls="tabpanel"
          onClick={() => onSelect(t.id)}
        >
          {t.title}
          {t.id === 'diagnostics' && !diagnostics && <span className="tag">off</span>}
        </button>
      ))}
    </div>
  );
}
