import { RULE_IDS, type CheckIssue, type MapNode } from '@qms/model';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FindingAnswers } from './FindingAnswers';
import { useFocusNode } from './focus';

interface Props {
  issues: readonly CheckIssue[];
  nodes: readonly MapNode[];
  /** A check was clicked: its node is about to be selected (the list stays open). */
  onPick?: (nodeId: string) => void;
  /** No answers to findings (add a verb, ignore here) for someone who cannot edit. */
  readOnly?: boolean;
}

/** Every methodology problem in the map, grouped by rule; a click selects the node and shows it. */
export function ChecksPanel({ issues, nodes, onPick, readOnly = false }: Props) {
  const { t } = useTranslation();
  const focus = useFocusNode();
  const [failure, setFailure] = useState<string | null>(null);
  const [show, setShow] = useState<'all' | 'error'>('all');
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const shown = issues.filter((issue) => show === 'all' || issue.severity === 'error');
  const errors = issues.filter((i) => i.severity === 'error').length;
  const groups = RULE_IDS.map((rule) => ({ rule, items: shown.filter((i) => i.rule === rule) })).filter((g) => g.items.length > 0);

  return (
    <div className="checks-panel" data-testid="checks-panel">
      <div className="checks-panel__summary">
        {issues.length === 0 ? (
          <p className="text-ok" data-testid="checks-clean">
            {t('checks.allGood')}
          </p>
        ) : (
          <p>{t('checks.summary', { errors, warnings: issues.length - errors })}</p>
        )}
        {issues.length > 0 && (
          <span className="segmented">
            <button type="button" className={show === 'all' ? 'is-on' : ''} onClick={() => setShow('all')}>
              {t('checks.showAll')}
            </button>
            <button type="button" className={show === 'error' ? 'is-on' : ''} onClick={() => setShow('error')}>
              {t('checks.showErrors')}
            </button>
          </span>
        )}
      </div>
      {failure && (
        <p className="text-error" role="alert" data-testid="answer-failed">
          {t('checks.answerFailed', { message: failure })}
        </p>
      )}
      {groups.map(({ rule, items }) => (
        <section key={rule} className="checks-group" data-rule={rule}>
          <h3>
            {t(`${rule}.name`, { ns: 'rules', defaultValue: rule })} <span className="muted">({items.length})</span>
          </h3>
          <ul className="issue-list">
            {items.map((issue, index) => {
              const target = issue.nodeIds.find((id) => byId.has(id));
              return (
                <li key={`${rule}:${index}`} className={`issue issue--${issue.severity}`} data-testid="issue" data-rule={issue.rule}>
                  <button type="button" className="issue__button" disabled={!target} onClick={() => {
                      if (!target) return;
                      onPick?.(target);
                      focus(target);
                    }}
                  >
                    <span className={`severity severity--${issue.severity}`}>{t(`severity.${issue.severity}`, { ns: 'rules' })}</span>{' '}
                    {t(`${issue.rule}.${issue.code}`, { ns: 'rules', ...issue.params, defaultValue: issue.message })}
                  </button>
                  <FindingAnswers issue={issue} readOnly={readOnly} onResult={setFailure} />
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
