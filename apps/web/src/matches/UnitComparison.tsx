import type { MatchState, MatchType, UnitComparison as Comparison } from '@qms/model';
import { useTranslation } from 'react-i18next';

interface Props {
  comparison: Comparison;
  matchType?: MatchType | null;
  note?: string;
  state: MatchState;
  /** The partner map's title (or id); null for a match inside this map. */
  partnerMap: string | null;
}

const percentApart = (a: number, b: number) => Math.round((Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))) * 100);

/**
 * The home unit beside the partner's unit: code, title, ECVET points and EQF level side by side
 * (a difference in level, or points more than 25 % apart, highlighted), then the outcomes aligned
 * by domain — knowledge, skills, responsibility and autonomy — and the match's type and note.
 */
export function UnitComparisonView({ comparison, matchType, note, state, partnerMap }: Props) {
  const { t } = useTranslation();
  const { home, partner } = comparison;
  const dash = t('matches.none');
  return (
    <div className="unit-comparison" data-testid="unit-comparison" data-state={state}>
      <p className="unit-comparison__match">
        <span className={`match-type match-type--${matchType ?? 'unset'}`} data-testid="comparison-type">
          {matchType ? t(`matches.type_${matchType}`) : t('matches.noType')}
        </span>{' '}
        <span className={`match-state match-state--${state}`} data-testid="comparison-state">
          {t(`matches.state_${state}`)}
        </span>
      </p>
      {note && (
        <p className="unit-comparison__note" data-testid="comparison-note">
          <span className="muted">{t('matches.note')}: </span>
          {note}
        </p>
      )}
      <table className="unit-comparison__table">
        <colgroup>
          <col className="unit-comparison__labels" />
          <col />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{t('matches.home')}</th>
            <th scope="col">
              {t('matches.partner')}
              {partnerMap !== null && <span className="muted"> · {partnerMap}</span>}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('matches.code')}</th>
            <td>{home.code || dash}</td>
            <td>{partner.code || dash}</td>
          </tr>
          <tr>
            <th scope="row">{t('matches.unitTitle')}</th>
            <td>{home.title || dash}</td>
            <td>{partner.title || dash}</td>
          </tr>
          <tr className={comparison.pointsDiffer ? 'is-different' : ''} data-testid="comparison-points" data-differs={comparison.pointsDiffer}>
            <th scope="row">{t('matches.points')}</th>
            <td>{home.points ?? dash}</td>
            <td>
              {partner.points ?? dash}
              {comparison.pointsDiffer && <strong className="text-warning"> · {t('matches.pointsApart', { percent: percentApart(home.points!, partner.points!) })}</strong>}
            </td>
          </tr>
          <tr className={comparison.levelDiffers ? 'is-different' : ''} data-testid="comparison-level" data-differs={comparison.levelDiffers}>
            <th scope="row">{t('matches.eqfLevel')}</th>
            <td>{home.eqfLevel ?? dash}</td>
            <td>
              {partner.eqfLevel ?? dash}
              {comparison.levelDiffers && <strong className="text-warning"> · {t('matches.differs')}</strong>}
            </td>
          </tr>
        </tbody>
        {comparison.domains.map(({ domain, rows }) => (
          <tbody key={domain ?? 'none'} data-domain={domain ?? 'none'} className={domain && comparison.domainsOnOneSide.includes(domain) ? 'is-different' : ''}>
            <tr>
              <th scope="rowgroup" colSpan={3} className="unit-comparison__domain">
                {domain ? t(`domain.${domain}`, { ns: 'rules' }) : t('matches.noDomain')}
              </th>
            </tr>
            {rows.map((row, index) => (
              <tr key={index} data-testid="comparison-outcome">
                <td />
                <td>{row.home ? `${row.home.code ? `${row.home.code} ` : ''}${row.home.title}` : <span className="muted">{dash}</span>}</td>
                <td>{row.partner ? `${row.partner.code ? `${row.partner.code} ` : ''}${row.partner.title}` : <span className="muted">{dash}</span>}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
