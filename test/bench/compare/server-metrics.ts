/**
 * Placeboard's own view of a run: the histograms its `/api/metrics` serves (the benchmark's server runs on this
 * machine, which may read them without a token), read at the start and at the end of the measured window, so that
 * the figures cover the same seconds as the clients' latencies.
 */

/** A Prometheus histogram: cumulative counts by upper bound in seconds, ascending, ending with +Inf. */
export type Buckets = readonly { le: number; count: number }[];

/** The histograms named `names` in the server's metrics now (an empty list for one it does not serve). */
export async function readHistograms(url: string, names: readonly string[]): Promise<Record<string, Buckets>> {
  const response = await fetch(`${url}/api/metrics`);
  if (!response.ok) throw new Error(`GET /api/metrics answered ${response.status}`);
  const lines = (await response.text()).split('\n');
  const histograms: Record<string, Buckets> = {};
  for (const name of names) {
    // Lines such as `placeboard_update_relay_seconds_bucket{le="0.005"} 1234`; prom-client writes them in order.
    const prefix = `${name}_bucket{le="`;
    histograms[name] = lines
      .filter((line) => line.startsWith(prefix))
      .map((line) => {
        const [le, count] = line.slice(prefix.length).split('"} ');
        return { le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count: Number(count) };
      });
  }
  return histograms;
}

/** What was observed between two readings of one histogram. */
export function between(before: Buckets, after: Buckets): Buckets {
  return after.map(({ le, count }, index) => ({ le, count: count - (before[index]?.count ?? 0) }));
}

/**
 * The `q` quantile (0–1) in milliseconds, estimated as PromQL's `histogram_quantile` does: linear within the bucket
 * it falls in; the last finite bound when it falls in +Inf; NaN with nothing observed.
 */
export function quantileMs(buckets: Buckets, q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return lower * 1000;
      return (lower + ((le - lower) * (rank - below)) / Math.max(count - below, 1)) * 1000;
    }
    lower = le;
    below = count;
  }
  return lower * 1000;
}
