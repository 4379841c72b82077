// A line per series over evenly spaced groups (months), with a dot on each point.
import { ChartFrame } from './chart-frame';
import { chartSize, palette, valueScale, type ChartGroup } from './scale';

export function LineChart(props: { title: string; groups: ChartGroup[]; series: string[]; format(value: number): string }) {
  const scale = valueScale(props.groups);
  const { width, left, right } = chartSize;
  const span = width - left - right - 24;
  const x = (index: number) => left + 12 + (props.groups.length > 1 ? (index / (props.groups.length - 1)) * span : span / 2);
  return (
    <ChartFrame {...props} scale={scale} x={x}>
      {props.series.map((name, s) => {
        const points = props.groups.flatMap((group, index) => (group.values[s] === null || group.values[s] === undefined ? [] : [[x(index), scale.y(group.values[s]!)] as const]));
        return (
          <g key={name} stroke={palette[s % palette.length]} fill={palette[s % palette.length]}>
            <polyline points={points.map(([px, py]) => `${px},${py}`).join(' ')} fill="none" strokeWidth={2} strokeLinejoin="round" />
            {points.map(([px, py], index) => (
              <circle key={index} cx={px} cy={py} r={2.5} />
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
