// Grouped bars: one group per row, one bar per series, drawn up or down from zero.
import { ChartFrame } from './chart-frame';
import { chartSize, palette, valueScale, type ChartGroup } from './scale';

export function BarChart(props: { title: string; groups: ChartGroup[]; series: string[]; format(value: number): string }) {
  const scale = valueScale(props.groups);
  const { width, left, right } = chartSize;
  const band = (width - left - right) / Math.max(1, props.groups.length);
  const barWidth = Math.min(28, (band * 0.7) / Math.max(1, props.series.length));
  const x = (index: number) => left + band * (index + 0.5);
  const zero = scale.y(0);
  return (
    <ChartFrame {...props} scale={scale} x={x}>
      {props.groups.map((group, index) =>
        group.values.map((value, s) => {
          if (value === null) return null;
          const top = Math.min(zero, scale.y(value));
          const groupStart = x(index) - (barWidth * props.series.length) / 2;
          return (
            <rect key={`${index}-${s}`} x={groupStart + s * barWidth + 1} y={top} width={Math.max(1, barWidth - 2)} height={Math.max(0.5, Math.abs(scale.y(value) - zero))} rx={1.5} fill={palette[s % palette.length]}>
              <title>{`${group.label} · ${props.series[s]}: ${props.format(value)}`}</title>
            </rect>
          );
        }),
      )}
    </ChartFrame>
  );
}
