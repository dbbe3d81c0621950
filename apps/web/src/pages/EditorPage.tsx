import { can } from '@qms/protocol';
import { ReactFlowProvider } from '@xyflow/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PreferenceSwitches } from '../components/PreferenceSwitches';
import { SyncIndicator } from '../components/SyncIndicator';
import { MapTitle } from '../editor/chrome/MapTitle';
import { Editor } from '../editor/Editor';
import { EditorContext } from '../editor/editor-context';
import { useOpenMap } from './use-open-map';

/** `/maps/<mapId>`: opens the map, says why when it cannot, and shows the editor once it is ready. */
export function EditorPage() {
  const { mapId = '' } = useParams();
  const { t } = useTranslation();
  const { open, unavailable, status } = useOpenMap(mapId);
  // Where the editor puts the people in the map (in the header, which it does not render).
  const [peopleSlot, setPeopleSlot] = useState<HTMLElement | null>(null);
  const [actionsSlot, setActionsSlot] = useState<HTMLElement | null>(null);

  if (unavailable) {
    const message = unavailable === 'deleted' ? t('editor.deleted') : unavailable === 'unauthorized' ? t('editor.unauthorized') : t('editor.notFound');
    return (
      <div className="page page--message" data-testid="unavailable" data-reason={unavailable}>
        <p>{message}</p>
        <Link to="/">{t('editor.backToList')}</Link>
      </div>
    );
  }

  return (
    <EditorContext.Provider value={open?.editor ?? null}>
      <div className="editor">
        <header className="editor-header">
          <Link to="/" className="editor-header__back">
            ← {t('editor.backToList')}
          </Link>
          {open ? <MapTitle readOnly={!can(open.role, 'edit')} /> : <span className="editor-header__title" />}
          <span ref={setActionsSlot} className="editor-header__actions" />
          <span ref={setPeopleSlot} className="editor-header__people" />
          <PreferenceSwitches showLens />
          <SyncIndicator status={status} />
        </header>
        {open ? (
          <ReactFlowProvider>
            <Editor key={mapId} connection={open.connection} role={open.role} peopleSlot={peopleSlot} actionsSlot={actionsSlot} />
          </ReactFlowProvider>
        ) : (
          <div className="page page--message" aria-busy="true">
            {t('editor.loading')}
          </div>
        )}
      </div>
    </EditorContext.Provider>
  );
}
