import { useEffect, useState } from 'react';

/**
 * Load something for a key (a session id, a list of ids): the value once it arrives, or the
 * error message; a newer key discards the answer of an older one.
 */
export function useLoaded<T>(
  key: string,
  load: (key: string) => Promise<T>,
): { value: T | null; error: string | null } {
  const [state, setState] = useState<{ key: string; value: T | null; error: string | null }>({
    key,
    value: null,
    error: null,
  });
  useEffect(() => {
    setState({ key, value: null, error: null });
    let live = true;
    load(key).then(
      (value) => live && setState({ key, value, error: null }),
      (e: unknown) => live && setState({ key, value: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [key, load]);
  return state.key === key ? state : { value: null, error: null };
}
