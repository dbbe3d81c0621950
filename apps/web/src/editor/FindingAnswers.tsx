import type { CheckIssue } from '@qms/model';
import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { answerFinding, answersFor } from './check-answers';
import { EditorContext } from './editor-context';

interface Props {
  issue: CheckIssue;
  readOnly: boolean;
  /** An answer was refused (its message), or saved (null). */
  onResult: (failure: string | null) => void;
}

/** The answers a finding offers (check-answers.ts), as buttons; nothing for a viewer or without an open map. */
export function FindingAnswers({ issue, readOnly, onResult }: Props) {
  const { t } = useTranslation();
  // Null where a checks list is drawn without an open map: then no answers are offered.
  const editor = useContext(EditorContext);
  const answers = answersFor(issue);
  if (!editor || readOnly || answers.length === 0) return null;
  return (
    <span className="issue__answers">
      {answers.map((answer) => (
        <button
          key={answer}
          type="button"
          data-testid={`answer-${answer}`}
          onClick={() => {
            const result = answerFinding(editor, issue, answer);
            onResult(result.ok ? null : result.message);
          }}
        >
          {answer === 'add-verb' ? t('checks.addVerb', { word: issue.params.word }) : t('checks.ignoreHere')}
        </button>
      ))}
    </span>
  );
}
