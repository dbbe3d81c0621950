import { translatableFieldsOf } from '../translation-fields.js';
import { TranslationStatus, translationStatus } from '../translations.js';
import type { CheckIndex, Emit } from './context.js';
import { plural } from './text.js';

/**
 * The translation rule: per target language, the nodes with a missing translation and those with
 * an outdated one (the source changed since), so a partner sees what is left before export.
 */
export function checkTranslations(index: CheckIndex, languages: readonly string[], emit: Emit): void {
  for (const language of languages) {
    const missing: string[] = [];
    const outdated: string[] = [];
    let missingFields = 0;
    let outdatedFields = 0;
    for (const node of index.nodes) {
      let nodeMissing = 0;
      let nodeOutdated = 0;
      for (const field of translatableFieldsOf(node.kind)) {
        const status = translationStatus(node, language, field);
        if (status === TranslationStatus.Missing) nodeMissing++;
        else if (status === TranslationStatus.Outdated) nodeOutdated++;
      }
      if (nodeMissing > 0) missing.push(node.id);
      if (nodeOutdated > 0) outdated.push(node.id);
      missingFields += nodeMissing;
      outdatedFields += nodeOutdated;
    }
    if (missing.length > 0) {
      emit(
        'translation',
        'missing',
        missing,
        { language, count: missing.length, fields: missingFields },
        `${missing.length} ${plural(missing.length, 'node has', 'nodes have')} no ${language} translation yet (${missingFields} ${plural(missingFields, 'field', 'fields')}). Translate them before exporting in ${language}; until then the source text is shown.`,
      );
    }
    if (outdated.length > 0) {
      emit(
        'translation',
        'outdated',
        outdated,
        { language, count: outdated.length, fields: outdatedFields },
        `The ${language} translation of ${outdated.length} ${plural(outdated.length, 'node is', 'nodes are')} outdated: the source text changed since (${outdatedFields} ${plural(outdatedFields, 'field', 'fields')}). Update the translation, or confirm it if it still says the same.`,
      );
    }
  }
}
