import { analyseVerb, fieldsOf, hasField, translatableFieldsOf, translationStatus, type CheckIssue, type FieldName, type MapNode, type MapSnapshot } from '@qms/model';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-context';
import { FieldEditor, MIXED, type ShownValue } from './fields/FieldEditor';
import { useFocusNode } from './focus';
import { kindColorStyle } from './kind-look';
import { LinkFields } from './LinkFields';
import { UnitMatches } from '../matches/UnitMatches';
import { PointsAssistant } from './points/PointsAssistant';
import { languageName } from '../languages/content-languages';
import { useShownLanguage } from '../languages/shown-language';

/** The node(s) selected on the canvas, read from `snapshot`; edits go through the editor in context (EditorScope for a saved version). */
interface Props {
  snapshot: MapSnapshot;
  selectedIds: readonly string[];
  issues: readonly CheckIssue[];
  readOnly?: boolean;
}

/** Fields edited for several nodes at once: those with one value for all (not texts or lists). */
const MULTI_EDITABLE = (field: FieldName) => !['code', 'title', 'keyPurpose', 'assessmentCriteria', 'performanceCriteria', 'escoSkills', 'escoOccupation'].includes(field);

/** The side panel: every field of the selected node(s), with the right input for each. */
export function Inspector({ snapshot, selectedIds, issues, readOnly = false }: Props) {
  const { t } = useTranslation();
  const byId = useMemo(() => new Map(snapshot.nodes.map((n) => [n.id, n])), [snapshot.nodes]);
  const selected = selectedIds.map((id) => byId.get(id)).filter((n): n is MapNode => n !== undefined);

  if (selected.length === 0) {
    return (
      <div className="inspector inspector--empty">
        <p>{t('inspector.nothingSelected')}</p>
        <p className="muted">{t('inspector.shortcutsHint')}</p>
      </div>
    );
  }

  if (selected.length === 1) {
    return (
      // A disabled fieldset disables every input inside it: one switch for the whole panel.
      <>
        <fieldset className="inspector-fieldset" disabled={readOnly}>
          <SingleNode snapshot={snapshot} node={selected[0]!} issues={issues} byId={byId} />
        </fieldset>
        {/* Outside the fieldset: comparing matched units is for every role. */}
        {selected[0]!.kind === 'unit' && <UnitMatches snapshot={snapshot} node={selected[0]!} readOnly={readOnly} />}
        {selected[0]!.kind === 'qualification' && <PointsAssistant snapshot={snapshot} qualification={selected[0]!} readOnly={readOnly} />}
      </>
    );
  }
  if (readOnly) return <p className="muted inspector">{t('inspector.selectedCount', { count: selected.length })}</p>;

  // Several nodes: the fields every one of them has.
  const common = selected.map((n) => fieldsOf(n.kind)).reduce((a, b) => a.filter((f) => b.includes(f))).filter(MULTI_EDITABLE);
  const kinds = [...new Set(selected.map((n) => n.kind))];
  return (
    <div className="inspector" data-testid="inspector">
      <h2 className="inspector__title">{t('inspector.selectedCount', { count: selected.length })}</h2>
      <p className="muted">{kinds.map((k) => t(`kind.${k}`)).join(', ')}</p>
      <LinkFields snapshot={snapshot} nodes={selected} />
      {common.length === 0 && <p className="muted">{t('inspector.noCommonFields')}</p>}
      {common.map((field) => {
        const values = selected.map((n) => (n as unknown as Record<string, unknown>)[field]);
        const same = values.every((v) => v === values[0]);
        return <FieldEditor key={field} nodeIds={selected.map((n) => n.id)} field={field} value={same ? (values[0] as ShownValue) : MIXED} />;
      })}
    </div>
  );
}

function SingleNode({ snapshot, node, issues, byId }: { snapshot: MapSnapshot; node: MapNode; issues: readonly CheckIssue[]; byId: Map<string, MapNode> }) {
  const { t, i18n } = useTranslation();
  const editor = useEditor();
  const focus = useFocusNode();
  const mine = issues.filter((issue) => issue.nodeIds.includes(node.id));
  const related = useMemo(() => {
    const out: Array<{ label: string; node: MapNode }> = [];
    for (const edge of snapshot.edges) {
      // An association (kept from a CASE import) is named by its CASE type.
      const type = { type: edge.associationType ?? '' };
      // A unit is "in group", an outcome "in unit".
      const outKey = edge.kind === 'partOf' && byId.get(edge.target)?.kind === 'unitGroup' ? 'partOfGroup' : edge.kind;
      if (edge.source === node.id && byId.has(edge.target)) out.push({ label: t(`relation.out.${outKey}`, type), node: byId.get(edge.target)! });
      if (edge.target === node.id && byId.has(edge.source)) out.push({ label: t(`relation.in.${edge.kind}`, type), node: byId.get(edge.source)! });
    }
    return out;
  }, [snapshot.edges, node.id, byId, t]);
  // What the statement's verb says, where the kind has a Bloom level to set from it (outcomes).
  const verb = hasField(node.kind, 'bloomLevel') ? analyseVerb(node.title, snapshot.meta.language || i18n.language) : null;

  return (
    <div className="inspector" data-testid="inspector" data-node={node.id}>
      <h2 className="inspector__title">
        <span className={`kind-dot kind-dot--${node.kind}`} style={kindColorStyle(node.kind)} aria-hidden="true" />
        {t(`kind.${node.kind}`, { defaultValue: node.kind })} {node.code}
      </h2>
      {node.previousCodes && node.previousCodes.length > 0 && (
        <p className="muted inspector__previous-codes" data-testid="previous-codes">
          {t('renumber.formerly', { codes: [...node.previousCodes].reverse().join(', ') })}
        </p>
      )}
      <InLanguage node={node} />
      {fieldsOf(node.kind).map((field) => (
        <FieldEditor key={field} nodeIds={[node.id]} field={field} value={(node as unknown as Record<string, ShownValue>)[field]} />
      ))}
      <LinkFields snapshot={snapshot} nodes={[node]} />
      {verb && (
        <div className="verb-analysis" data-testid="verb-analysis">
          {verb.verb ? (
            <p>
              {t('inspector.verb', { verb: verb.verb })}
              {verb.bloomLevel && <> · {t('inspector.bloom', { level: t(`bloom.${verb.bloomLevel}`, { ns: 'rules' }) })}</>}
              {verb.vague && <strong className="text-warning"> · {t('inspector.vague')}</strong>}
            </p>
          ) : (
            <p className="muted">{t('inspector.noVerb')}</p>
          )}
          {verb.bloomLevel && verb.bloomLevel !== node.bloomLevel && (
            <button type="button" onClick={() => editor.setField(node.id, 'bloomLevel', verb.bloomLevel)}>
              {t('inspector.useBloom', { level: t(`bloom.${verb.bloomLevel}`, { ns: 'rules' }) })}
            </button>
          )}
        </div>
      )}
      {(node.sourceId || node.sourceType) && (
        <section className="inspector__section" data-testid="source">
          <h3>{t('inspector.source')}</h3>
          <p className="muted">
            {node.sourceType && <>{t('inspector.sourceType', { type: node.sourceType })}<br /></>}
            {node.sourceId && <code className="source-id">{node.sourceId}</code>}
          </p>
        </section>
      )}
      {related.length > 0 && (
        <section className="inspector__section">
          <h3>{t('inspector.links')}</h3>
          <ul className="link-list">
            {related.map(({ label, node: other }, index) => (
              <li key={`${other.id}:${index}`}>
                <span className="muted">{label}</span>{' '}
                <button type="button" className="link" onClick={() => focus(other.id)}>
                  {other.code || t(`kind.${other.kind}`)} {other.title.slice(0, 60) || t('editor.untitled')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {node.externalAssociations && node.externalAssociations.length > 0 && (
        <section className="inspector__section" data-testid="external-associations">
          <h3>{t('inspector.externalAssociations')}</h3>
          <ul className="link-list">
            {node.externalAssociations.map((association, index) => {
              // Kept from a CASE import: read-only here, written again by the CASE export.
              const inbound = association.originIdentifier !== undefined || association.originUri !== undefined;
              const uri = inbound ? association.originUri : association.destinationUri;
              const name = association.title ?? (inbound ? association.originIdentifier : association.destinationIdentifier) ?? uri ?? '';
              return (
                <li key={index}>
                  <span className="muted">{inbound ? `← ${association.type}` : `${association.type} →`}</span>{' '}
                  {uri && /^https?:\/\//i.test(uri) ? (
                    <a href={uri} target="_blank" rel="noopener noreferrer" title={uri}>
                      {name}
                    </a>
                  ) : (
                    <code className="source-id" title={uri}>{name}</code>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {mine.length > 0 && (
        <section className="inspector__section">
          <h3>{t('inspector.checks')}</h3>
          <ul className="issue-list">
            {mine.map((issue, index) => (
              <li key={index} className={`issue issue--${issue.severity}`}>
                {t(`${issue.rule}.${issue.code}`, { ns: 'rules', ...issue.params, defaultValue: issue.message })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/**
 * Shown in a target language: the node's translated texts and their status, above the source
 * fields (edited here; the translations are written in the translation view).
 */
function InLanguage({ node }: { node: MapNode }) {
  const { t, i18n } = useTranslation();
  const { language, source } = useShownLanguage();
  if (!language || language === source) return null;
  const fields = translatableFieldsOf(node.kind).flatMap((field) => {
    const status = translationStatus(node, language, field);
    if (!status) return [];
    const value = node.translations?.[language]?.[field]?.value;
    return [{ field, status, text: value === undefined ? '' : typeof value === 'string' ? value : value.join(' · ') }];
  });
  if (fields.length === 0) return null;
  return (
    <section className="inspector__section inspector__translation" data-testid="inspector-translation" lang={language}>
      <h3>{t('languages.inLanguage', { language: languageName(language, i18n.language) })}</h3>
      {fields.map(({ field, status, text }) => (
        <p key={field} data-field={field} data-status={status}>
          <span className="muted">{t(`fields.${field}`, { defaultValue: field })}: </span>
          {text || <em className="muted">{t('languages.status_missing')}</em>}{' '}
          <span className={`translation-status translation-status--${status}`}>{t(`languages.status_${status}`)}</span>
        </p>
      ))}
    </section>
  );
}
