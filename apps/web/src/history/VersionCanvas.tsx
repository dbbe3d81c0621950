import type { NodeKind } from '@qms/model';
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import type { Lens, NodeBadge } from '../editor/flow-state';
import { useFocusNodeWith } from '../editor/focus';
import { MapCanvas } from '../editor/MapCanvas';
import { ReadOnlyContext } from '../editor/read-only';
import { SelectionContext } from '../editor/selection';
import { useMapFlow, useMapSnapshot } from '../editor/use-map-flow';
import { withDiffClasses, withEdgeDiffClasses, type DiffClass } from './compare';
import './history.css';

const NO_BADGES: ReadonlyMap<string, NodeBadge> = new Map();
const NO_HIGHLIGHT: ReadonlyMap<string, never> = new Map<string, never>();
const nothing = () => {};

interface Props {
  /** A version's document (useVersionDoc) or a comparison's (useComparison): never the live one. */
  doc: Y.Doc;
  lens: Lens;
  /** Nodes to highlight (diffClasses), by id. */
  highlight?: ReadonlyMap<string, DiffClass>;
  /** Links to highlight (diffEdgeClasses), by id. */
  edgeHighlight?: ReadonlyMap<string, 'added' | 'removed'>;
  onSelectionChange?: (nodeIds: string[]) => void;
  /** Set by the canvas: selects a node and brings it into view (for CompareList's onFocus). */
  focusRef?: React.RefObject<((nodeId: string) => void) | null>;
}

/**
 * A saved version drawn with the editor's own canvas, read-only: people can pan, zoom, select,
 * search and copy, but nothing is offered that would change it (and the document is a private
 * copy anyway). Must be rendered inside the editor's ReactFlowProvider, in place of the live
 * MapCanvas.
 */
export function VersionCanvas({ doc, lens, highlight = NO_HIGHLIGHT, edgeHighlight = NO_HIGHLIGHT, onSelectionChange = nothing, focusRef }: Props) {
  const { t } = useTranslation();
  const snapshot = useMapSnapshot(doc);
  const edgeLabel = useCallback((kind: string) => t(`edge.${kind}`, { defaultValue: kind }), [t]);
  const flowState = useMapFlow(doc, snapshot, { lens, badges: NO_BADGES, edgeLabel });
  const nodes = useMemo(() => withDiffClasses(flowState.nodes, highlight), [flowState.nodes, highlight]);
  const edges = useMemo(() => withEdgeDiffClasses(flowState.edges, edgeHighlight), [flowState.edges, edgeHighlight]);
  const selection = useMemo(() => ({ selectOnly: flowState.selectOnly }), [flowState.selectOnly]);
  const focus = useFocusNodeWith(selection);
  if (focusRef) focusRef.current = focus;
  const addRef = useRef<((kind: NodeKind) => void) | null>(null);
  return (
    <ReadOnlyContext.Provider value={true}>
      <SelectionContext.Provider value={selection}>
        <div className="version-canvas" data-testid="version-canvas">
          <MapCanvas
            doc={doc}
            snapshot={snapshot}
            flowState={{ ...flowState, nodes, edges }}
            onSelectionChange={onSelectionChange}
            openSearch={nothing}
            openHelp={nothing}
            notify={nothing}
            addRef={addRef}
            readOnly
          />
        </div>
      </SelectionContext.Provider>
    </ReadOnlyContext.Provider>
  );
}
