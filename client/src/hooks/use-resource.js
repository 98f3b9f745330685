import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Load data with `fetcher` and reload it when `key` changes. Returns the
 * data, the loading flag, the last error, a `reload` function and `setData`
 * for optimistic or live updates.
 */
export function useResource(fetcher, key) {
  const [state, setState] = useState({
    data: null,
    loading: true,
    error: null,
  });
  const latest = useRef(fetcher);
  const generation = useRef(0);

  useEffect(() => {
    latest.current = fetcher;
  });

  const reload = useCallback(async () => {
    const run = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const data = await latest.current();
      if (run === generation.current) {
        setState({ data, loading: false, error: null });
      }
    } catch (error) {
      if (run === generation.current) {
        setState((s) => ({ ...s, loading: false, error }));
      }
    }
  }, []);

  useEffect(() => {
    reload();
  }, [reload, key]);

  const setData = useCallback(
    (update) =>
      setState((s) => ({
        ...s,
        data: typeof update === 'function' ? update(s.data) : update,
      })),
    [],
  );

  return { ...state, reload, setData };
}
