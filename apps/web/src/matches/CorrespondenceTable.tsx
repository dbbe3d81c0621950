import type { CorrespondenceRow } from '@qms/model';
import { useTranslation } from 'react-i18next';

interface Props {
  rows: readonly CorrespondenceRow[];
  /** Partner map titles by id (else the id is shown). */
  titles: ReadonlyMap<string, string>;
  onCompare?: (matchId: string) => void;
}

const unitLabel = (unit: { code: string; title: string }) => `${unit.code ? `${unit.code} ` : ''}${unit.title}`;

/**
 * The correspondence table of two maps (or of this map with all its partners): each matched home
 * unit beside the partner unit, with points and EQF levels (differences highlighted), the match
 * type, whether the partner unit changed since, and the note.
 */
export function CorrespondenceTableView({ rows, titles, onCompare }: Props) {
  const { t } = useTranslation();
  const dash = t('matches.none');
  if (rows.length === 0) return <p className="muted" data-testid="correspondence-empty">{t('matches.tableEmpty')}</p>;
  return (
    <table className="correspondence-table" data-testid="correspondence-table">
      <thead>
        <tr>
          <th scope="col">{t('matches.home')}</th>
          <th scope="col">{t('matches.points')}</th>
          <th scope="col">{t('matches.eqfLevel')}</th>
          <th scope="col">{t('matches.type')}</th>
          <th scope="col">{t('matches.partner')}</th>
          <th scope="col">{t('matches.points')}</th>
          <th scope="col">{t('matches.eqfLevel')}</th>
          <th scope="col">{t('matches.state')}</th>
          <th scope="col">{t('matches.noteColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.matchId} data-testid="correspondence-row" data-match={row.matchId} data-state={row.state}>
            <td>{unitLabel(row.home)}</td>
            <td className={row.pointsDiffer ? 'is-different' : ''}>{row.home.points ?? dash}</td>
            <td className={row.levelDiffers ? 'is-different' : ''}>{row.home.eqfLevel ?? dash}</td>
            <td>{row.matchType ? t(`matches.type_${row.matchType}`) : dash}</td>
            <td>
              {row.partner ? (
                onCompare ? (
                  <button type="button" className="link" onClick={() => onCompare(row.matchId)}>
                    {unitLabel(row.partner)}
                  </button>
                ) : (
                  unitLabel(row.partner)
                )
              ) : (
                dash
              )}
              <span className="muted"> · {row.targetMap === null ? t('matches.thisMap') : (titles.get(row.targetMap) ?? row.targetMap)}</span>
            </td>
            <td className={row.pointsDiffer ? 'is-different' : ''} data-differs={row.pointsDiffer}>
              {row.partner?.points ?? dash}
            </td>
            <td className={row.levelDiffers ? 'is-different' : ''} data-differs={row.levelDiffers}>
              {row.partner?.eqfLevel ?? dash}
            </td>
            <td>
              <span className={`match-state match-state--${row.state}`}>{t(`matches.state_${row.state}`)}</span>
            </td>
            <td>{row.note || dash}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
