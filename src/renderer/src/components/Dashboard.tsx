import type { HostState } from '../../../shared/api';
import { panelsOf, type SectionDef } from '../../../shared/panels';
import type { RegistryEntry } from '../../../shared/registry-types';
import { Panel } from '../panels/Panel';

/** One section of the dashboards: its panels in a dense grid, or why there is nothing to show. */
export function Dashboard({
  section,
  registry,
  host,
  onDiagnostics,
}: {
  section: SectionDef;
  registry: readonly RegistryEntry[];
  host: HostState | null;
  onDiagnostics: (on: boolean) => void;
}) {
  if (!host) return <div className="section-note">Waiting for the host…</div>;
  if (section.diagnostic && !host.diagnostics)
    return (
      <div className="section-note diag-off" data-testid="diagnostics-off" role="status">
        <strong>Diagnostics are off.</strong>
        <span>
          The engine is not counting these metrics now, so there is nothing current to show. Turning them on costs the
          engine a little time on every piece request.
        </span>
        <button type="button" className="primary" onClick={() => onDiagnostics(true)}>
          Turn diagnostics on <kbd>D</kbd>
        </button>
      </div>
    );
  return (
    <div className="grid" data-testid={`section-${section.id}`}>
      {panelsOf(section.id).map((p) => (
        <Panel key={p.id} panel={p} registry={registry} host={host} />
      ))}
    </div>
  );
}
