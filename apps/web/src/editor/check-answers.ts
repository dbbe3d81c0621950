import type { CheckIssue, MapEditor, Result } from '@qms/model';

/**
 * The answers the Checks tab offers on a finding: on "not an action verb" (verb/unknown), add the
 * word to this map's verbs, or ignore the finding on this node. Both are stored in the map, so
 * everyone editing it sees the same checks.
 */
export type FindingAnswer = 'add-verb' | 'ignore';

export function answersFor(issue: CheckIssue): FindingAnswer[] {
  if (issue.rule !== 'verb' || issue.code !== 'unknown' || issue.nodeIds.length !== 1) return [];
  return typeof issue.params.word === 'string' && issue.params.word !== '' ? ['add-verb', 'ignore'] : ['ignore'];
}

/** Writes an answer through the person's editor (one undo step). The language is the finding's text's (source or translation). */
export function answerFinding(editor: MapEditor, issue: CheckIssue, answer: FindingAnswer): Result<unknown> {
  const language = typeof issue.params.language === 'string' ? issue.params.language : undefined;
  if (answer === 'add-verb') {
    if (!language) return { ok: false, reason: 'invalid-value', message: 'The finding does not say its language.' };
    return editor.addMapVerb(language, String(issue.params.word ?? ''));
  }
  return editor.ignoreFinding({ rule: issue.rule, nodeId: issue.nodeIds[0]!, ...(language ? { language } : {}) });
}
