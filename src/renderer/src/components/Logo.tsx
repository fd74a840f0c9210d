/** The Tidegauge mark: a wave under a gauge post (colours follow the theme's accent and warn). */
export function Logo({ size }: { size: number }) {
  return (
    <svg viewBox="0 0 32 32" width={size} height={size} aria-hidden="true">
      <path
        d="M3 20c4-6 7-6 10 0s6 6 10 0 5-5 6-3"
        fill="none"
        stroke="var(--accent)"
        strokeWidth="3"
        strokeLinecap="round"
      />
      <path d="M16 4v8" stroke="var(--warn)" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
