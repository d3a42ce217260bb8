/**
 * A small cache of values derived from immutable (content-addressed) blobs: one promise per key, the
 * oldest dropped beyond `size`, a failed load forgotten so the next call tries again.
 * @example const labels = derivedCache<Int32Array>(2); await labels(sha, () => readLabels(sha));
 */
export function derivedCache<T>(size: number): (key: string, load: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, Promise<T>>();
  return (key, load) => {
    let hit = entries.get(key);
    if (!hit) {
      hit = load();
      hit.catch(() => entries.delete(key));
      entries.set(key, hit);
      while (entries.size > size) entries.delete(entries.keys().next().value as string);
    }
    return hit;
  };
}
