// Browsers report connectivity changes; Node has no such signal and counts as always online.

export function hostReportsOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Calls `onChange` on the browser's online/offline events; returns the function that stops watching. */
export function watchHostNetwork(onChange: (online: boolean) => void): () => void {
  const target: Partial<Pick<typeof globalThis, 'addEventListener' | 'removeEventListener'>> = globalThis;
  if (typeof target.addEventListener !== 'function' || typeof target.removeEventListener !== 'function') {
    return () => {};
  }
  const add = target.addEventListener.bind(globalThis);
  const remove = target.removeEventListener.bind(globalThis);
  const online = (): void => onChange(true);
  const offline = (): void => onChange(false);
  add('online', online);
  add('offline', offline);
  return () => {
    remove('online', online);
    remove('offline', offline);
  };
}
