import { graphOf, holdsMembers, inTree, kindSpec, nextSlotInUnit, type MapGraph, type MapNode, type MapSnapshot, type Position } from '@qms/model';
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
const NEW_GROUP = '\u0000new';
const label = (node: MapNode, untitled: string) => `${node.code ? `${node.code} ` : ''}${node.title.slice(0, 60) || untitled}`;

/** The kinds a node of this kind may link to so: the same for every selected node, or none. */
function commonTargets(nodes: readonly MapNode[], edge: 'partOf' | 'covers' | 'requires'): readonly string[] {
  const lists = nodes.map((n) => kindSpec(n.kind)?.links[edge] ?? []);
  return lists.reduce((a, b) => a.filter((kind) => b.includes(kind)));
}

/**
 * An outcome's "Unit" and "Covers", a unit's "Group" and "Requires" in the side panel: the links a
 * drag or a drawn line makes, set from a list instead, for one node or many selected at once (one
 * undo step). "New group" makes a unit group for the selected units.
 */
export function LinkFields({ snapshot, nodes }: Props) {
  const { t } = useTranslation();
  const editor = useEditor();
  const flow = useReactFlow();
  const id = useId();
  const graph = useMemo(() => graphOf(snapshot), [snapshot]);
  const partOfKinds = commonTargets(nodes, 'partOf');
  // A block holds its members (an outcome's unit); a group is a card its units link to.
  const unitKinds = partOfKinds.filter((kind) => holdsMembers(kind));
  const groupKinds = partOfKinds.filter((kind) => !holdsMembers(kind) && !inTree(kind));
  // A unit or a group may say which qualification it is of, where the map holds several.
  const qualificationKinds = partOfKinds.filter((kind) => inTree(kind));
  const coverKinds = commonTargets(nodes, 'covers');
  const requiresKinds = commonTargets(nodes, 'requires');
  const untitled = t('editor.untitled');
  if (nodes.length === 0 || (partOfKinds.length === 0 && coverKinds.length === 0 && requiresKinds.length === 0)) return null;

  /** What the selected nodes are `partOf` among these kinds: one id, NONE, or SEVERAL when they differ. */
  const partOfValue = (kinds: readonly string[]) => {
    const targets = nodes.map((n) => graph.targets('partOf', n.id).find((target) => kinds.includes(target.kind))?.id ?? NONE);
    return { any: targets.some((target) => target !== NONE), value: targets.every((target) => target === targets[0]) ? targets[0]! : SEVERAL };
  };
  /** Every selected node `partOf` target (replacing its link: one per node), or with NONE, in none of `among`. */
  const linkPartOf = (e: Parameters<Parameters<typeof editor.transact>[0]>[0], target: string, among: readonly MapNode[]) => {
    if (target === NONE) {
      const ids = new Set(nodes.map((n) => n.id));
      const amongIds = new Set(among.map((n) => n.id));
      e.remove({ edgeIds: snapshot.edges.filter((edge) => edge.kind === 'partOf' && ids.has(edge.source) && amongIds.has(edge.target)).map((edge) => edge.id) });
      return;
    }
    for (const node of nodes) if (graph.targets('partOf', node.id)[0]?.id !== target) e.connect({ kind: 'partOf', source: node.id, target });
  };

  const groups = snapshot.nodes.filter((n) => groupKinds.includes(n.kind));
  const { any: inGroup, value: groupValue } = partOfValue(groupKinds);
  const setGroup = (groupId: string) => {
    if (groupId === SEVERAL) return;
    editor.transact((e) => {
      let target = groupId;
      if (groupId === NEW_GROUP) {
        // A new group's card above the first of its units (tidy-up puts it over them all).
        const first = nodes[0]!;
        target = e.addNode({ kind: groupKinds[0]!, title: '', position: { x: first.position.x, y: Math.round(first.position.y - 120) } });
      }
      linkPartOf(e, target, groups);
    });
  };

  const qualifications = snapshot.nodes.filter((n) => qualificationKinds.includes(n.kind));
  const showQualification = qualifications.length > 1 && !inGroup;
  const { value: statedValue } = partOfValue(qualificationKinds);
  const setQualification = (qualificationId: string) => {
    if (qualificationId !== SEVERAL) editor.transact((e) => linkPartOf(e, qualificationId, qualifications));
  };

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
      {groupKinds.length > 0 && (
        <div className="field field--link" data-field="group">
          <label htmlFor={`${id}-group`} className="field__label">
            {t('inspector.group')}
            {groupValue === SEVERAL && <span className="field__mixed"> · {t('inspector.mixed')}</span>}
          </label>
          <select id={`${id}-group`} value={groupValue} onChange={(event) => setGroup(event.target.value)} data-testid="unit-group">
            {groupValue === SEVERAL && <option value={SEVERAL}>{t('inspector.mixed')}</option>}
            <option value={NONE}>{t('inspector.noGroup')}</option>
            {groups.map((group) => (
              <option key={group.id} value={group.id}>
                {label(group, untitled)}
              </option>
            ))}
            <option value={NEW_GROUP}>{t('inspector.newGroup')}</option>
          </select>
        </div>
      )}
      {showQualification && (
        <div className="field field--link" data-field="qualification">
          <label htmlFor={`${id}-qualification`} className="field__label">
            {t('inspector.ofQualification')}
            {statedValue === SEVERAL && <span className="field__mixed"> · {t('inspector.mixed')}</span>}
          </label>
          <select id={`${id}-qualification`} value={statedValue} onChange={(event) => setQualification(event.target.value)} data-testid="unit-qualification">
            {statedValue === SEVERAL && <option value={SEVERAL}>{t('inspector.mixed')}</option>}
            <option value={NONE}>{t('inspector.qualificationFromOutcomes')}</option>
            {qualifications.map((qualification) => (
              <option key={qualification.id} value={qualification.id}>
                {label(qualification, untitled)}
              </option>
            ))}
          </select>
        </div>
      )}
      {requiresKinds.length > 0 && (
        <ManyLinks edge="requires" targetKinds={requiresKinds} snapshot={snapshot} graph={graph} nodes={nodes} keys={{ field: 'inspector.requires', add: 'inspector.addRequires', remove: 'inspector.removeRequires' }} testId="unit-requires" />
      )}
      {coverKinds.length > 0 && (
        <ManyLinks edge="covers" targetKinds={coverKinds} snapshot={snapshot} graph={graph} nodes={nodes} keys={{ field: 'inspector.covers', add: 'inspector.addCover', remove: 'inspector.removeCover' }} />
      )}
    </>
  );
}

interface ManyLinksProps {
  edge: 'covers' | 'requires';
  targetKinds: readonly string[];
  snapshot: MapSnapshot;
  graph: MapGraph;
  nodes: readonly MapNode[];
  /** Translation keys: the field's label, the list's "add…" entry, a link's remove button. */
  keys: { field: string; add: string; remove: string };
  testId?: string;
}

/**
 * A many-to-many link of the selected nodes (what an outcome covers, what a unit requires): the
 * nodes linked, with how many of the selection link each, a remove button each, and a list to
 * link one more to every selected node (one undo step).
 */
function ManyLinks({ edge, targetKinds, snapshot, graph, nodes, keys, testId }: ManyLinksProps) {
  const { t } = useTranslation();
  const editor = useEditor();
  const id = useId();
  const untitled = t('editor.untitled');
  const linked = new Map<string, number>(); // target → how many of the selected link to it
  for (const node of nodes) for (const target of graph.targets(edge, node.id)) linked.set(target.id, (linked.get(target.id) ?? 0) + 1);
  const selectedIds = new Set(nodes.map((n) => n.id));
  const candidates = snapshot.nodes.filter((n) => targetKinds.includes(n.kind) && !selectedIds.has(n.id) && (linked.get(n.id) ?? 0) < nodes.length);
  const add = (targetId: string) => {
    if (!targetId) return;
    editor.transact((e) => {
      for (const node of nodes) if (!graph.targets(edge, node.id).some((other) => other.id === targetId)) e.connect({ kind: edge, source: node.id, target: targetId });
    });
  };
  const remove = (targetId: string) => {
    editor.remove({ edgeIds: snapshot.edges.filter((link) => link.kind === edge && link.target === targetId && selectedIds.has(link.source)).map((link) => link.id) });
  };
  return (
    <div className="field field--link" data-field={edge}>
      <label htmlFor={`${id}-${edge}`} className="field__label">
        {t(keys.field)}
      </label>
      <ul className="link-list">
        {[...linked].map(([targetId, count]) => {
          const target = graph.node(targetId);
          if (!target) return null;
          return (
            <li key={targetId} {...{ [`data-${edge}`]: targetId }}>
              {label(target, untitled)}
              {count < nodes.length && <span className="field__mixed"> · {t('inspector.coveredBySome', { count, total: nodes.length })}</span>}{' '}
              <button type="button" className="link" onClick={() => remove(targetId)} aria-label={t(keys.remove, { title: label(target, untitled) })}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <select id={`${id}-${edge}`} value="" onChange={(event) => add(event.target.value)} data-testid={testId}>
        <option value="">{t(keys.add)}</option>
        {candidates.map((target) => (
          <option key={target.id} value={target.id}>
            {label(target, untitled)}
          </option>
        ))}
      </select>
    </div>
  );
}
