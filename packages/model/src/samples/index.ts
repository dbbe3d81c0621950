import type * as Y from 'yjs';
import { buildHairdresser, hairdresser } from './hairdresser.js';
import { buildRuecvetCourse, ruecvetCourse } from './ruecvet-course.js';

export interface MapTemplate {
  id: string;
  title: string;
  /** Fills an empty document (one transaction). */
  build: (doc: Y.Doc, origin?: unknown) => void;
}

/** The maps "New map from template" offers: both labelled as samples in their titles. */
export const TEMPLATES: readonly MapTemplate[] = [
  { id: ruecvetCourse.id, title: ruecvetCourse.title, build: buildRuecvetCourse },
  { id: hairdresser.id, title: hairdresser.title, build: buildHairdresser },
];

export function templateById(id: string): MapTemplate | undefined {
  return TEMPLATES.find((template) => template.id === id);
}
