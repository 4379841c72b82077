// Shared geometry of the hand-written SVG charts: one value axis that always includes zero,
// rounded up to a readable step, and the palette series are drawn in.

export const chartSize = { width: 560, height: 180, left: 64, right: 8, top: 8, bottom: 24 } as const;
export const palette = ['#4f46e5', '#0d9488', '#d97706', '#e11d48'] as const;

export interface ChartGroup {
  label: string;
  values: Array<number | null>;
}

/** 1, 2 or 5 × 10^n at or above `value`. */
function niceStep(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const unit = value / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export interface ValueScale {
  ticks: number[];
  y(value: number): number;
}

/** A value axis from min(0, smallest) to max(0, largest) in four readable steps. */
export function valueScale(groups: ChartGroup[]): ValueScale {
  const values = groups.flatMap((g) => g.values).filter((v): v is number => v !== null);
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const step = niceStep((high - low) / 4 || 1);
  const top = Math.ceil(high / step) * step || step;
  const bottom = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let tick = bottom; tick <= top + step / 2; tick += step) ticks.push(tick);
  const plotTop = chartSize.top;
  const plotBottom = chartSize.height - chartSize.bottom;
  return { ticks, y: (value) => plotBottom - ((value - bottom) / (top - bottom)) * (plotBottom - plotTop) };
}

/** Shows at most `max` x labels, evenly spaced, so months never overlap. */
export const labelEvery = (count: number, max = 8) => Math.max(1, Math.ceil(count / max));
