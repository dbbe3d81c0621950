import { proposePoints, type MapNode, type MapSnapshot, type PointsProposal } from '@qms/model';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../editor-context';

/**
 * "Propose points" on a qualification: its total shared among its units by their learning hours
 * (largest remainders, so it adds up exactly), shown as a diff the teacher accepts in one undoable
 * step or dismisses. Nothing changes until they accept.
 */
export function PointsAssistant({ snapshot, qualification, readOnly }: { snapshot: MapSnapshot; qualification: MapNode; readOnly: boolean }) {
  const { t } = useTranslation();
  const editor = useEditor();
  const [proposal, setProposal] = useState<PointsProposal | null>(null);
  if (readOnly) return null;
  const accept = (rows: Extract<PointsProposal, { ok: true }>['rows']) => {
    editor.transact((e) => {
      for (const row of rows) if (row.current !== row.proposed) e.setField(row.unitId, 'points', row.proposed);
    });
    setProposal(null);
  };
  return (
    <section className="inspector__section points-assistant" data-testid="points-assistant">
      <h3>{t('pointsAssistant.title')}</h3>
      {!proposal && (
        <button type="button" onClick={() => setProposal(proposePoints(snapshot, qualification.id))} data-testid="propose-points">
          {t('pointsAssistant.propose')}
        </button>
      )}
      {proposal && !proposal.ok && (
        <p className="text-warning" role="status" data-testid="points-proposal-refused">
          {t(`pointsAssistant.refused.${proposal.reason}`, { defaultValue: proposal.message })}{' '}
          <button type="button" className="link" onClick={() => setProposal(null)}>
            {t('pointsAssistant.close')}
          </button>
        </p>
      )}
      {proposal?.ok && (
        <>
          <p className="muted">{t('pointsAssistant.explain', { total: proposal.total })}</p>
          <table className="points-proposal" data-testid="points-proposal">
            <thead>
              <tr>
                <th>{t('pointsAssistant.unit')}</th>
                <th>{t('pointsAssistant.hours')}</th>
                <th>{t('pointsAssistant.points')}</th>
              </tr>
            </thead>
            <tbody>
              {proposal.rows.map((row) => (
                <tr key={row.unitId} className={row.current === row.proposed ? 'muted' : 'points-proposal__changed'}>
                  <td title={row.title}>
                    {row.code || row.title}
                    {row.elective && (
                      <span className="muted" data-testid="points-proposal-elective">
                        {' '}
                        ({t('pointsAssistant.elective')})
                      </span>
                    )}
                  </td>
                  <td>{row.basis ?? '—'}</td>
                  <td>
                    {row.current === row.proposed ? row.proposed : `${row.current ?? '—'} → ${row.proposed}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="points-assistant__buttons">
            <button type="button" className="primary" disabled={proposal.changed === 0} onClick={() => accept(proposal.rows)} data-testid="accept-points">
              {t('pointsAssistant.accept', { count: proposal.changed })}
            </button>{' '}
            <button type="button" onClick={() => setProposal(null)}>
              {t('pointsAssistant.dismiss')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
