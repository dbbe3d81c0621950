import { graphOf, kindSpec, nextSlotInUnit, type MapNode, type MapSnapshot, type Position } from '@qms/model';
import { useReactFlow } from '@xyflow/react';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-context';

interface Props {
  snapshot: MapSnapshot;
  /** The selected nodes: one, or many at once. */
  nodes: readonly MapNode[];
}

const NONE = '';
const SEVERAL = '\u0000several';
const label = (node: MapNode, untitled: string) => `${node.code ? `${node.code} ` : ''}${node.title.slice(0, 60) || untitled}`;

/** The kinds a node of this kind may link to so: the same for every selected node, or none. */
function commonTargets(nodes: readonly MapNode[], edge: 'partOf' | 'covers'): readonly string[] {
  const lists = nodes.map((n) => kindSpec(n.kind)?.links[edge] ?? []);
  return lists.reduce((a, b) => a.filter((kind) => b.includes(kind)));
}

/**
 * An outcome's "Unit" and "Covers" in the side panel: the links a drag or a drawn line makes, set
 * from a list instead, for one outcome or many selected at once (one undo step).
 */
export function LinkFields({ snapshot, nodes }: Props) {
  const { t } = useTranslation();
  const editor = useEditor();
  const flow = useReactFlow();
  const id = useId();
  const graph = useMemo(() => graphOf(snapshot), [snapshot]);
  const unitKinds = commonTargets(nodes, 'partOf');
  const coverKinds = commonTargets(nodes, 'covers');
  const untitled = t('editor.untitled');
  if (nodes.length === 0 || (unitKinds.length === 0 && coverKinds.length === 0)) return null;

  const units = snapshot.nodes.filter((n) => unitKinds.includes(n.kind));
  const unitOf = nodes.map((n) => graph.unitOf(n.id)?.id ?? NONE);
  const unitValue = unitOf.every((u) => u === unitOf[0]) ? unitOf[0]! : SEVERAL;

  const setUnit = (unitId: string) => {
    if (unitId === SEVERAL) return;
    // New members go one below the other, under those the unit holds already.
    const members: Position[] = unitId === NONE ? [] : graph.membersOf(unitId).map((m) => m.position);
    editor.transact((e) => {
      for (const node of nodes) {
        const current = graph.unitOf(node.id);
        if ((current?.id ?? NONE) === unitId) continue;
        if (unitId === NONE) {
          // Out of its block, where it is drawn now (its position was relative to the block).
          const absolute = flow.getInternalNode(node.id)?.internals.positionAbsolute ?? { x: node.position.x + (current?.position.x ?? 0), y: node.position.y + (current?.position.y ?? 0) };
          e.placeInUnit(node.id, null, { x: Math.round(absolute.x), y: Math.round(absolute.y) });
        } else {
          const slot = nextSlotInUnit(members);
          members.push(slot);
          e.placeInUnit(node.id, unitId, slot);
        }
      }
    });
  };

  const covered = new Map<string, number>(); // work action → how many of the selected cover it
  for (const node of nodes) for (const target of graph.covers(node.id)) covered.set(target.id, (covered.get(target.id) ?? 0) + 1);
  const coverable = snapshot.nodes.filter((n) => coverKinds.includes(n.kind));
  const addCover = (targetId: string) => {
    if (!targetId) return;
    editor.transact((e) => {
      for (const node of nodes) if (!graph.covers(node.id).some((c) => c.id === targetId)) e.connect({ kind: 'covers', source: node.id, target: targetId });
    });
  };
  const removeCover = (targetId: string) => {
    const ids = new Set(nodes.map((n) => n.id));
    const edgeIds = snapshot.edges.filter((edge) => edge.kind === 'covers' && edge.target === targetId && ids.has(edge.source)).map((edge) => edge.id);
    editor.remove({ edgeIds });
  };

  return (
    <>
      {unitKinds.length > 0 && (
        <div className="field field--link" data-field="unit">
          <label htmlFor={`${id}-unit`} className="field__label">
            {t('inspector.unit')}
            {unitValue === SEVERAL && <span className="field__mixed"> · {t('inspector.mixed')}</span>}
          </label>
          <select id={`${id}-unit`} value={unitValue} onChange={(event) => setUnit(event.target.value)}>
            {unitValue === SEVERAL && <option value={SEVERAL}>{t('inspector.mixed')}</option>}
            <option value={NONE}>{t('inspector.noUnit')}</option>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {label(unit, untitled)}
              </option>
            ))}
          </select>
        </div>
      )}
      {coverKinds.length > 0 && (
        <div className="field field--link" data-field="covers">
          <label htmlFor={`${id}-covers`} className="field__label">
            {t('inspector.covers')}
          </label>
          <ul className="link-list">
            {[...covered].map(([targetId, count]) => {
              const target = graph.node(targetId);
              if (!target) return null;
              return (
                <li key={targetId} data-covers={targetId}>
                  {label(target, untitled)}
                  {count < nodes.length && <span className="field__mixed"> · {t('inspector.coveredBySome', { count, total: nodes.length })}</span>}{' '}
                  <button type="button" className="link" onClick={() => removeCover(targetId)} aria-label={t('inspector.removeCover', { title: label(target, untitled) })}>
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
          <select id={`${id}-covers`} value="" onChange={(event) => addCover(event.target.value)}>
            <option value="">{t('inspector.addCover')}</option>
            {coverable
              .filter((target) => (covered.get(target.id) ?? 0) < nodes.length)
              .map((target) => (
                <option key={target.id} value={target.id}>
                  {label(target, untitled)}
                </option>
              ))}
          </select>
        </div>
      )}
    </>
  );
}
