import { kindSpec, kindsInLens, type Lens } from '@qms/model';
import type * as Y from 'yjs';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../editor-context';
import { kindColorStyle, kindLabelKey } from '../kind-look';
import { useAddNode } from '../use-add-node';
import { RenumberButton } from './RenumberButton';

interface Props {
  lens: Lens;
  /** Whether this person may change the map now (an editor, on the live map). */
  editing: boolean;
  undo: { manager: Y.UndoManager; canUndo: boolean; canRedo: boolean };
  onTidyUp: () => void;
  /** Opens or closes the workshop panel. */
  onWorkshop?: () => void;
  workshopOpen?: boolean;
}

/**
 * Above the canvas: a button per kind the lens shows (adds one in the middle of the view), undo,
 * tidy up. Share, export, find and help are the map's, in the header (MapActions.tsx).
 */
export function Toolbar({ lens, editing, undo, onTidyUp, onWorkshop, workshopOpen = false }: Props) {
  const { t } = useTranslation();
  const { addInView } = useAddNode(useEditor());
  return (
    <div className="map-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      {editing && <span className="map-toolbar__label">{t('editor.add')}</span>}
      {editing &&
        kindsInLens(lens)
          .filter((kind) => kindSpec(kind)?.toolbar !== false)
          .map((kind) => (
          <button key={kind} type="button" className={`kind-button kind-button--${kind}`} style={kindColorStyle(kind)} onClick={() => addInView(kind)} data-testid={`add-${kind}`}>
            + {t(kindLabelKey(kind, lens), { defaultValue: kind })}
          </button>
        ))}
      <span className="map-toolbar__spacer" />
      {onWorkshop && (
        <button type="button" className={workshopOpen ? 'is-on' : ''} aria-pressed={workshopOpen} onClick={onWorkshop} title={t('workshop.button')} aria-label={t('workshop.button')} data-testid="open-workshop">
          {/* An icon: the toolbar stays on one line in Russian too. */}
          ⏱
        </button>
      )}
      {editing && (
        <>
          <button type="button" onClick={() => undo.manager.undo()} disabled={!undo.canUndo} title={t('undo.undoHint')} aria-label={t('undo.undo')} data-testid="undo">
            ↶
          </button>
          <button type="button" onClick={() => undo.manager.redo()} disabled={!undo.canRedo} title={t('undo.redoHint')} aria-label={t('undo.redo')} data-testid="redo">
            ↷
          </button>
          <button type="button" onClick={onTidyUp} title={t('editor.tidyUpHint')} data-testid="tidy-up">
            {t('editor.tidyUp')}
          </button>
          <RenumberButton />
        </>
      )}
    </div>
  );
}
