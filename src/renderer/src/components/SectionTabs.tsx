import { SECTIONS } from '../../../shared/panels';

export type TabId = (typeof SECTIONS)[number]['id'] | 'metrics';

export const TABS: readonly { id: TabId; title: string }[] = [
  ...SECTIONS.map((s) => ({ id: s.id, title: s.title })),
  { id: 'metrics', title: 'All metrics' },
];

export function isTab(id: string): id is TabId {
  return TABS.some((t) => t.id === id);
}

/** Section tabs; the selected one is kept in the URL hash so a reload or a link returns to it. */
export function SectionTabs({
  current,
  diagnostics,
  onSelect,
}: {
  current: TabId;
  diagnostics: boolean;
  onSelect: (id: TabId) => void;
}) {
  return (
    <div className="tabs" role="tablist" aria-label="Dashboards">
      {TABS.map((t) => (
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
