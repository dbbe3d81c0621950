import type { MapStats } from '@qms/model';
import { useTranslation } from 'react-i18next';

/**
 * The points budget at a glance: what the units share out against the qualification's total (with
 * optional unit groups: the mandatory units plus each group's minimum), and
 * the total against 60 points per year of the reference programme (figures from the checks, so
 * the bar and the checks panel always agree).
 */
export function PointsBar({ stats }: { stats: MapStats | null }) {
  const { t } = useTranslation();
  const q = stats?.qualification ?? null;
  const total = q?.points ?? null;
  // With optional groups, what every learner takes: the mandatory units and each group's minimum.
  const grouped = (q?.optionalGroups ?? 0) > 0;
  const allocated = grouped ? q!.requiredPoints : (q?.unitPoints ?? stats?.unitPoints ?? 0);
  const unitsWithout = q?.unitsWithoutPoints ?? 0;
  const emptyUnits = q?.unitsWithoutOutcomes ?? 0;
  const ratio = total ? Math.min(allocated / total, 1.5) : 0;
  const balanced = total !== null && Math.abs(allocated - total) < 0.005;
  // Points in a unit that holds no outcome are not earned by anything yet: not done.
  const state = total === null ? 'unset' : balanced ? (emptyUnits > 0 ? 'under' : 'ok') : allocated > total ? 'over' : 'under';
  const round = (n: number) => Math.round(n * 100) / 100;
  return (
    <div className={`points-bar points-bar--${state}`} data-testid="points-bar" data-allocated={round(allocated)} data-total={total ?? ''} data-state={state} data-mandatory={grouped ? round(q!.mandatoryPoints) : undefined} data-optional={grouped ? round(q!.optionalMinimum) : undefined}>
      <span className="points-bar__label">{t('points.title')}</span>
      <span className="points-bar__track" role="meter" aria-valuemin={0} aria-valuemax={total ?? 0} aria-valuenow={allocated} aria-label={t('points.title')}>
        <span className="points-bar__fill" style={{ width: `${Math.min(ratio, 1) * 100}%` }} />
        {ratio > 1 && <span className="points-bar__over" style={{ width: `${(ratio - 1) * 100}%` }} />}
      </span>
      <span className="points-bar__text">
        {total !== null && grouped
          ? t('points.allocatedGroups', { mandatory: round(q!.mandatoryPoints), optional: round(q!.optionalMinimum), required: round(allocated), total })
          : total === null
            ? t('points.noTotal', { allocated: round(allocated) })
            : t('points.allocated', { allocated: round(allocated), total })}
        {unitsWithout > 0 && ` · ${t('points.unitsWithout', { count: unitsWithout })}`}
        {emptyUnits > 0 && ` · ${t('points.unitsEmpty', { count: emptyUnits })}`}
        {q?.expectedPoints != null && (
          <span className={total !== null && total !== q.expectedPoints ? 'text-error' : 'muted'}>
            {' · '}
            {t('points.programme', { years: q.programmeYears, expected: q.expectedPoints })}
          </span>
        )}
      </span>
    </div>
  );
}
