import { PANELS, type PanelDef, panelsOf, SECTIONS, type SectionDef, type SectionId } from './panels';
import type { RegistryEntry } from './registry-types';

/*
 * Which panels and sections a stream shows, by its registry: a panel that requires an
 * engine's own metric (libtorrent's) only where the stream has one, a whenPresent section only
 * with such a panel. Every other panel shows everywhere and says itself what it cannot draw.
 */

/** Whether a stream with these metric names shows the panel. */
export function panelShown(panel: PanelDef, names: ReadonlySet<string>): boolean {
  return !panel.requires || panel.requires.some((n) => names.has(n));
}

/** The section's panels a stream with this registry shows. */
export function panelsFor(section: SectionId, registry: readonly RegistryEntry[]): PanelDef[] {
  const names = new Set(registry.map((e) => e.name));
  return panelsOf(section).filter((p) => panelShown(p, names));
}

/** The sections a stream with this registry shows. */
export function sectionsFor(registry: readonly RegistryEntry[]): SectionDef[] {
  return SECTIONS.filter((s) => !s.whenPresent || panelsFor(s.id, registry).length > 0);
}

/** The panels any of these streams (a comparison's sessions) shows, in the registry's order. */
export function panelsShownIn(registries: readonly (readonly RegistryEntry[])[]): PanelDef[] {
  const names = registries.map((r) => new Set(r.map((e) => e.name)));
  return PANELS.filter((p) => names.some((n) => panelShown(p, n)));
}
