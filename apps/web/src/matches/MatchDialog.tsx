import { MATCH_TYPES, type MapNode, type MatchedUnit, type MatchType } from '@qms/model';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { knownMaps } from '../access';
import { api } from '../api';
import { useEditor } from '../editor/editor-context';
import { MatchesDialog } from './MatchesDialog';
import { unitFromApi } from './partner-maps';

interface Props {
  /** This map's id (left out of the maps offered). */
  mapId: string;
  /** The home unit. */
  unit: MapNode;
  onClose: () => void;
  /** A match was made: its edge id. */
  onMatched: (edgeId: string) => void;
}

type Units = { phase: 'idle' } | { phase: 'loading' } | { phase: 'ready'; units: MatchedUnit[] } | { phase: 'failed'; message: string };

const label = (unit: { code: string; title: string }) => `${unit.code ? `${unit.code} ` : ''}${unit.title.slice(0, 80)}`;

/**
 * "Match with a partner's unit…": the maps this browser has a link to (other than this one), the
 * chosen map's units read with its token, a match type and a note. The match keeps a snapshot of
 * the partner unit as it is now.
 */
export function MatchDialog({ mapId, unit, onClose, onMatched }: Props) {
  const { t } = useTranslation();
  const editor = useEditor();
  const id = useId();
  const maps = useMemo(() => knownMaps().filter((m) => m.id !== mapId && m.token), [mapId]);
  const [mapChoice, setMapChoice] = useState('');
  const [units, setUnits] = useState<Units>({ phase: 'idle' });
  const [unitChoice, setUnitChoice] = useState('');
  const [matchType, setMatchType] = useState<MatchType>('exact');
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    setUnitChoice('');
    if (!mapChoice) return void setUnits({ phase: 'idle' });
    let cancelled = false;
    setUnits({ phase: 'loading' });
    api.units(mapChoice).then(
      (body) => !cancelled && setUnits({ phase: 'ready', units: body.units.map(unitFromApi) }),
      (error: unknown) => !cancelled && setUnits({ phase: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [mapChoice]);

  const target = units.phase === 'ready' ? units.units.find((u) => u.id === unitChoice) : undefined;
  const submit = () => {
    if (!target) return;
    const result = editor.matchAcrossMaps({ source: unit.id, targetMap: mapChoice, target, matchType, note: note.trim() });
    if (!result.ok) return setRefusal(result.message);
    onMatched(result.value);
  };

  return (
    <MatchesDialog title={t('matches.dialogTitle', { unit: label(unit) })} onClose={onClose} testId="match-dialog">
      {maps.length === 0 ? (
        <p className="muted" data-testid="match-no-maps">
          {t('matches.noMaps')}
        </p>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-map`} className="field__label">
            {t('matches.map')}
          </label>
          <select id={`${id}-map`} value={mapChoice} onChange={(event) => setMapChoice(event.target.value)} data-testid="match-map">
            <option value="">{t('matches.pickMap')}</option>
            {maps.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title || m.id}
              </option>
            ))}
          </select>
        </div>
      )}
      {units.phase === 'loading' && <p className="muted">{t('matches.loading')}</p>}
      {units.phase === 'failed' && (
        <p className="text-error" role="alert">
          {t('matches.loadFailed', { message: units.message })}
        </p>
      )}
      {units.phase === 'ready' &&
        (units.units.length === 0 ? (
          <p className="muted">{t('matches.noUnits')}</p>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-unit`} className="field__label">
              {t('matches.partner')}
            </label>
            <select id={`${id}-unit`} value={unitChoice} onChange={(event) => setUnitChoice(event.target.value)} data-testid="match-unit">
              <option value="">{t('matches.pickUnit')}</option>
              {units.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {label(u)}
                  {u.points !== undefined ? ` · ${u.points}` : ''}
                  {u.eqfLevel !== undefined ? ` · EQF ${u.eqfLevel}` : ''}
                </option>
              ))}
            </select>
          </div>
        ))}
      <fieldset className="field match-dialog__types">
        <legend className="field__label">{t('matches.type')}</legend>
        {MATCH_TYPES.map((type) => (
          <label key={type} className="match-dialog__type">
            <input type="radio" name={`${id}-type`} value={type} checked={matchType === type} onChange={() => setMatchType(type)} data-testid={`match-type-${type}`} /> {t(`matches.type_${type}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-note`} className="field__label">
          {t('matches.note')}
        </label>
        <textarea id={`${id}-note`} value={note} maxLength={2000} rows={3} onChange={(event) => setNote(event.target.value)} data-testid="match-note" />
      </div>
      {refusal && (
        <p className="text-error" role="alert">
          {refusal}
        </p>
      )}
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onClose}>
          {t('matches.cancel')}
        </button>
        <button type="button" className="primary" disabled={!target} onClick={submit} data-testid="match-submit">
          {t('matches.submit')}
        </button>
      </div>
    </MatchesDialog>
  );
}
