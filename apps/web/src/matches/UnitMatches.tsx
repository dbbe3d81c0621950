import {
  MATCH_TYPES,
  compareUnits,
  correspondenceTable,
  graphOf,
  matchedUnitIn,
  matchState,
  partnerUnit,
  unitMatches,
  type MapNode,
  type MapSnapshot,
  type MatchState,
  type MatchType,
  type UnitMatch,
} from '@qms/model';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadExport } from '../api';
import { useEditor } from '../editor/editor-context';
import { saveAs } from '../editor/image-export';
import { CorrespondenceTableView } from './CorrespondenceTable';
import { MatchDialog } from './MatchDialog';
import { MatchesDialog } from './MatchesDialog';
import { usePartnerMapsContext, type PartnerMaps } from './partner-maps';
import { UnitComparisonView } from './UnitComparison';

interface Props {
  snapshot: MapSnapshot;
  node: MapNode;
  readOnly: boolean;
}

const NO_PARTNERS: PartnerMaps = { mapId: '', targets: new Map(), titles: new Map(), refresh: () => undefined };
const label = (unit: { code: string; title: string }) => `${unit.code ? `${unit.code} ` : ''}${unit.title.slice(0, 60)}`;

/** This unit's matches, in-map and with other maps: the one it starts, and in-map ones that point to it. */
function matchesOf(snapshot: MapSnapshot, unitId: string): Array<UnitMatch & { incoming: boolean }> {
  return unitMatches(snapshot).flatMap((match): Array<UnitMatch & { incoming: boolean }> =>
    match.source === unitId ? [{ ...match, incoming: false }] : match.targetMap === undefined && match.target === unitId ? [{ ...match, incoming: true }] : [],
  );
}

type Open = { kind: 'match' } | { kind: 'compare'; matchId: string } | { kind: 'table'; targetMap: string | null | 'all' } | null;

/**
 * A unit's matches in the inspector: each partner unit with the match type and whether it changed
 * since, "Compare" (the two units side by side), "Match with a partner's unit…" and the
 * correspondence table of this map and a partner's.
 */
export function UnitMatches({ snapshot, node, readOnly }: Props) {
  const { t } = useTranslation();
  const editor = useEditor();
  const partners = usePartnerMapsContext() ?? NO_PARTNERS;
  const graph = useMemo(() => graphOf(snapshot), [snapshot]);
  const [open, setOpen] = useState<Open>(null);
  const [download, setDownload] = useState<string | null>(null);
  const matches = matchesOf(snapshot, node.id);
  const mapName = (id: string | undefined) => (id === undefined ? t('matches.thisMap') : (partners.titles.get(id) ?? id));
  const partnerMapsOfUnit = [...new Set(matches.map((m) => m.targetMap ?? null))];

  const comparing = open?.kind === 'compare' ? matches.find((m) => m.id === open.matchId) : undefined;
  return (
    <section className="inspector__section unit-matches" data-testid="unit-matches">
      <h3>{t('matches.title')}</h3>
      {matches.length === 0 ? (
        <p className="muted">{t('matches.noMatches')}</p>
      ) : (
        <ul className="link-list">
          {matches.map((match) => {
            const home = match.incoming ? graph.node(match.source) : undefined;
            const partner = match.incoming ? (home && matchedUnitIn(graph, home.id)) : partnerUnit(match, graph, partners.targets);
            const state: MatchState = match.targetMap === undefined ? 'current' : matchState(match, partners.targets);
            return (
              <li key={match.id} data-testid="unit-match" data-match={match.id} data-state={state}>
                <span>{partner ? label(partner) : match.target}</span> <span className="muted">· {mapName(match.targetMap)}</span>{' '}
                {match.matchType && <span className={`match-type match-type--${match.matchType}`}>{t(`matches.type_${match.matchType}`)}</span>}{' '}
                {state !== 'current' && <span className={`match-state match-state--${state}`}>{t(`matches.state_${state}`)}</span>}
                <span className="unit-matches__actions">
                  {partner && (
                    <button type="button" className="link" onClick={() => setOpen({ kind: 'compare', matchId: match.id })} data-testid="match-compare">
                      {t('matches.compare')}
                    </button>
                  )}
                  {!readOnly && (
                    <button type="button" className="link" onClick={() => editor.remove({ edgeIds: [match.id] })} aria-label={t('matches.remove')}>
                      ×
                    </button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="unit-matches__buttons">
        {!readOnly && (
          <button type="button" onClick={() => setOpen({ kind: 'match' })} data-testid="match-add">
            {t('matches.add')}
          </button>
        )}
        {matches.length > 0 && (
          <button type="button" onClick={() => setOpen({ kind: 'table', targetMap: partnerMapsOfUnit.length === 1 ? partnerMapsOfUnit[0]! : 'all' })} data-testid="match-table">
            {t('matches.table')}
          </button>
        )}
      </p>
      {open?.kind === 'match' && (
        <MatchDialog
          mapId={partners.mapId}
          unit={node}
          onClose={() => setOpen(null)}
          onMatched={(edgeId) => {
            partners.refresh();
            setOpen({ kind: 'compare', matchId: edgeId });
          }}
        />
      )}
      {comparing && <Comparison snapshot={snapshot} homeId={node.id} match={comparing} partners={partners} readOnly={readOnly} onClose={() => setOpen(null)} mapName={mapName} />}
      {open?.kind === 'table' && (
        <MatchesDialog title={t('matches.tableTitle')} onClose={() => setOpen(null)} testId="correspondence-dialog">
          <label className="field">
            <span className="field__label">{t('matches.map')}</span>
            <select value={open.targetMap ?? ''} onChange={(event) => setOpen({ kind: 'table', targetMap: event.target.value === 'all' ? 'all' : event.target.value || null })}>
              <option value="all">{t('matches.allMaps')}</option>
              {partnerMapsOfUnit.map((id) => (
                <option key={id ?? ''} value={id ?? ''}>
                  {mapName(id ?? undefined)}
                </option>
              ))}
            </select>
          </label>
          <CorrespondenceTableView
            rows={correspondenceTable(snapshot, { targets: partners.targets, ...(open.targetMap === 'all' ? {} : { targetMap: open.targetMap }) })}
            titles={partners.titles}
          />
          {download && (
            <p className="text-error" role="alert">
              {download}
            </p>
          )}
          <div className="confirm-dialog__actions">
            {partners.mapId && (
              <button
                type="button"
                onClick={() =>
                  void downloadExport(partners.mapId, 'correspondence-csv', () => undefined).then(
                    ({ blob, fileName }) => saveAs(blob, fileName),
                    (error: unknown) => setDownload(error instanceof Error ? error.message : String(error)),
                  )
                }
                data-testid="correspondence-download"
              >
                {t('matches.download')}
              </button>
            )}
            <button type="button" onClick={() => setOpen(null)}>
              {t('matches.close')}
            </button>
          </div>
        </MatchesDialog>
      )}
    </section>
  );
}

/** The comparison dialog of one match, with its type and note (editable) and "still matches". */
function Comparison({ snapshot, homeId, match, partners, readOnly, onClose, mapName }: { snapshot: MapSnapshot; homeId: string; match: UnitMatch; partners: PartnerMaps; readOnly: boolean; onClose: () => void; mapName: (id: string | undefined) => string }) {
  const { t } = useTranslation();
  const editor = useEditor();
  const graph = graphOf(snapshot);
  // An in-map match that points to this unit: the other unit is its source.
  const incoming = match.targetMap === undefined && match.source !== homeId;
  const home = matchedUnitIn(graph, homeId);
  const partner = incoming ? matchedUnitIn(graph, match.source) : partnerUnit(match, graph, partners.targets);
  const state: MatchState = match.targetMap === undefined ? 'current' : matchState(match, partners.targets);
  const [note, setNote] = useState(match.note ?? '');
  if (!home || !partner) return null;
  const current = match.targetMap !== undefined ? partners.targets.get(match.targetMap)?.get(match.target) : undefined;
  return (
    <MatchesDialog title={t('matches.comparisonTitle', { home: label(home), partner: label(partner) })} onClose={onClose} testId="comparison-dialog">
      <UnitComparisonView comparison={compareUnits(home, partner)} matchType={match.matchType ?? null} note={readOnly ? (match.note ?? '') : ''} state={state} partnerMap={match.targetMap === undefined ? null : mapName(match.targetMap)} />
      {!readOnly && (
        <div className="unit-comparison__edit">
          <label className="field">
            <span className="field__label">{t('matches.type')}</span>
            <select value={match.matchType ?? ''} onChange={(event) => editor.setMatchDetails(match.id, { matchType: (event.target.value || null) as MatchType | null })} data-testid="comparison-type-select">
              <option value="">{t('matches.noType')}</option>
              {MATCH_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`matches.type_${type}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('matches.note')}</span>
            <textarea value={note} maxLength={2000} rows={3} onChange={(event) => setNote(event.target.value)} onBlur={() => note !== (match.note ?? '') && editor.setMatchDetails(match.id, { note: note.trim() })} data-testid="comparison-note-input" />
          </label>
          {state === 'changed' && current && (
            <button type="button" onClick={() => editor.refreshMatchSnapshot(match.id, current)} data-testid="match-refresh">
              {t('matches.refresh')}
            </button>
          )}
        </div>
      )}
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onClose} data-testid="comparison-close">
          {t('matches.close')}
        </button>
      </div>
    </MatchesDialog>
  );
}
