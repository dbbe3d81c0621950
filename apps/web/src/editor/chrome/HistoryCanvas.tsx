import type { Lens } from '@qms/model';
import { useTranslation } from 'react-i18next';
import { VersionCanvas } from '../../history/VersionCanvas';
import { EditorScope } from '../editor-context';
import type { HistoryView } from '../editor-state';
import type { HistoryData } from '../use-history-view';

interface Props {
  view: NonNullable<HistoryView>;
  data: HistoryData;
  lens: Lens;
  onSelectionChange: (nodeIds: string[]) => void;
  /** Set by the version's canvas: brings one of its nodes into view. */
  focusRef: React.RefObject<((nodeId: string) => void) | null>;
  onLeave: () => void;
}

/** In place of the live canvas: the saved version or the comparison, read-only, once loaded. */
export function HistoryCanvas({ view, data, lens, onSelectionChange, focusRef, onLeave }: Props) {
  const { t } = useTranslation();
  if (data.doc) {
    // The version's own (private) document, with an editor of its own for the canvas inside.
    return (
      <EditorScope doc={data.doc}>
        <VersionCanvas
          key={view.mode === 'view' ? view.version.id : `${view.before.id}:${view.after?.id ?? 'live'}`}
          doc={data.doc}
          lens={lens}
          highlight={view.mode === 'compare' ? data.highlight : undefined}
          edgeHighlight={view.mode === 'compare' ? data.edgeHighlight : undefined}
          onSelectionChange={onSelectionChange}
          focusRef={focusRef}
        />
      </EditorScope>
    );
  }
  return (
    <div className="map-canvas map-canvas--message" aria-busy={!data.failed} data-testid="history-loading">
      {data.failed ? (
        <p className="form-error">
          {t('history.errors.notFound')}{' '}
          <button type="button" onClick={onLeave}>
            {t('history.backToCurrent')}
          </button>
        </p>
      ) : (
        <p className="muted">{t('history.loadingVersion')}</p>
      )}
    </div>
  );
}
