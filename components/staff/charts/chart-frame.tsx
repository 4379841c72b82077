// The frame every chart shares: gridlines with their value labels, x labels, and a legend.
import type { ReactNode } from 'react';
import { chartSize, labelEvery, palette, type ChartGroup, type ValueScale } from './scale';

export function ChartFrame(props: { title: string; groups: ChartGroup[]; series: string[]; scale: ValueScale; x(index: number): number; format(value: number): string; children: ReactNode }) {
  const { width, height, left, right, bottom } = chartSize;
  const every = labelEvery(props.groups.length);
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title} className="h-auto w-full max-w-3xl text-zinc-500" data-testid="report-chart">
        {props.scale.ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width - right} y1={props.scale.y(tick)} y2={props.scale.y(tick)} stroke={tick === 0 ? '#a1a1aa' : '#e4e4e7'} strokeWidth={1} />
            <text x={left - 6} y={props.scale.y(tick)} dy="0.32em" textAnchor="end" fontSize={10} fill="currentColor" className="tabular-nums">
              {props.format(tick)}
            </text>
          </g>
        ))}
        {props.children}
        {props.groups.map((group, index) =>
          index % every === 0 || index === props.groups.length - 1 ? (
            <text key={index} x={props.x(index)} y={height - bottom + 14} textAnchor="middle" fontSize={10} fill="currentColor">
              {group.label}
            </text>
          ) : null,
        )}
      </svg>
      {props.series.length > 1 ? (
        <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600">
          {props.series.map((name, index) => (
            <span key={name} className="inline-flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: palette[index % palette.length] }} />
              {name}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
