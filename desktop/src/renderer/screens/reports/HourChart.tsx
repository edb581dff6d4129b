import type { HourBucket } from '@keel/shared';
import { money } from '../../format/display';

/**
 * Sales by hour as plain SVG bars (no chart library): every hour from the first to the last
 * sale, empty hours included, the number of sales above each bar and the amount in its
 * tooltip. Labels thin out when the hours do not fit; the repeated hour of a fall-back night
 * shows its UTC offset.
 */
export function HourChart({ hours, currency }: { hours: HourBucket[]; currency: string }) {
  if (hours.length === 0) return <p className="muted report-chart-empty">No sales in this period.</p>;
  const slot = 34;
  const axis = 64;
  const height = 150;
  const top = 16;
  const width = axis + hours.length * slot;
  const lo = Math.min(0, ...hours.map((h) => h.grossMinor));
  const hi = Math.max(0, ...hours.map((h) => h.grossMinor));
  const max = hi === lo ? 1 : hi;
  const min = lo;
  const y = (minor: number) => top + ((max - minor) / (max - min)) * height;
  const every = hours.length > 18 ? 2 : 1;
  return (
    <figure className="report-chart" data-testid="hour-chart">
      <svg viewBox={`0 0 ${width} ${top + height + 30}`} role="img" aria-label="Sales by hour" preserveAspectRatio="xMinYMin meet">
        {[max, (max + min) / 2, min].map((v, i) => (
          <g key={i}>
            <line x1={axis} x2={width} y1={y(v)} y2={y(v)} className={v === 0 ? 'chart-zero' : 'chart-grid'} />
            <text x={axis - 6} y={y(v) + 4} textAnchor="end" className="chart-axis">
              {money(Math.round(v), currency)}
            </text>
          </g>
        ))}
        {hours.map((h, i) => {
          const cx = axis + i * slot + slot / 2;
          const y0 = y(0);
          const y1 = y(h.grossMinor);
          return (
            <g key={h.startsAt} data-testid="hour-bar">
              <title>{`${h.label}: ${h.salesCount} sales, ${money(h.grossMinor, currency)}`}</title>
              {h.grossMinor !== 0 ? (
                <rect x={cx - 11} y={Math.min(y0, y1)} width={22} height={Math.max(1, Math.abs(y1 - y0))} className={h.grossMinor < 0 ? 'chart-bar is-negative' : 'chart-bar'} rx={2} />
              ) : null}
              {h.salesCount > 0 ? (
                <text x={cx} y={Math.min(y0, y1) - 4} textAnchor="middle" className="chart-count">
                  {h.salesCount}
                </text>
              ) : null}
              {i % every === 0 ? (
                <text x={cx} y={top + height + 14} textAnchor="middle" className="chart-label">
                  {h.hour}
                </text>
              ) : null}
              {h.label !== h.hour ? (
                <text x={cx} y={top + height + 26} textAnchor="middle" className="chart-offset">
                  {h.utcOffset}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">Gross sales per hour; the number above a bar is how many sales.</figcaption>
    </figure>
  );
}
