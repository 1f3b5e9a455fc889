/** Runs `work` over the items `size` at a time (connecting 1,000 sockets at once only measures the accept queue). */
export async function inBatches<T, R>(
  items: T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(
      ...(await Promise.all(items.slice(start, start + size).map((item, offset) => work(item, start + offset)))),
    );
  return results;
}
