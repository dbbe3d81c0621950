import { createContext, useContext } from 'react';

/**
 * The language this person reads the map in on the canvas, and the map's source language. In a
 * target language the cards show translations (the source where one is missing, marked); their
 * statements are edited in the translation view, not on the card.
 */
export const ShownLanguageContext = createContext<{ language: string; source: string }>({ language: '', source: '' });

export function useShownLanguage() {
  return useContext(ShownLanguageContext);
}

/** Whether the canvas shows a translation (titles are then not edited on the cards). */
export function useShowsTranslation(): boolean {
  const { language, source } = useShownLanguage();
  return language !== source;
}
