// Shared by every benchmark: time a workload and its same-run baseline, and print the result as
// the last line of JSON, so the ratio means something on a noisy machine.
export interface BenchResult {
  scenario: string;
  unit: string;
  system: number;
  baseline: number;
  ratio: number;
  [extra: string]: unknown;
}

/** Runs `operation` `count` times with `concurrency` in flight; returns operations per second. */
export async function throughput(count: number, concurrency: number, operation: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await operation(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

export function report(result: BenchResult): void {
  const round = (n: number) => Math.round(n * 100) / 100;
  console.log(JSON.stringify({ ...result, system: round(result.system), baseline: round(result.baseline), ratio: round(result.ratio) }));
}
