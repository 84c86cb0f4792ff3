import { useT } from '../../i18n/context.js';
import { BACKGROUNDS, BOARD_STATUSES } from './board-events.js';

/** What the board's colours and shadings mean. */
export function BoardLegend() {
  const t = useT();
  return (
    <ul className="board-legend" aria-label={t('pages.schedule.legend.title')}>
      {BOARD_STATUSES.map((status) => (
        <li key={status}>
          <span className={`board-swatch staff-status-${status}`} aria-hidden="true" />
          {t(`status.reservation.${status}`)}
        </li>
      ))}
      {BACKGROUNDS.map((kind) => (
        <li key={kind}>
          <span className={`board-swatch board-bg-${kind}`} aria-hidden="true" />
          {t(`pages.schedule.legend.${kind}`)}
        </li>
      ))}
    </ul>
  );
}
