import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChildMenu } from './commands';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { kindColorStyle, kindLabelKey } from './kind-look';
import { usePreferences } from '../preferences';

interface Props {
  menu: ChildMenu;
  onPick: (kind: string) => void;
  onClose: () => void;
}

/**
 * Tab on a node under which more than one kind may go: the kinds, by the node, to pick with the
 * arrows and Enter, a digit, or a click; Esc or a click elsewhere closes it.
 */
export function ChildKindMenu({ menu, onPick, onClose }: Props) {
  const { t } = useTranslation();
  const { lens } = usePreferences();
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  const ref = useRef<HTMLDivElement>(null);
  const { parent, kinds } = menu;
  const internal = flow.getInternalNode(parent.id);
  const corner = internal ? internal.internals.positionAbsolute : parent.position;
  const height = internal?.measured.height ?? 90;
  const at = flow.flowToScreenPosition({ x: corner.x, y: corner.y + height });

  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
  }, []);

  const move = (step: number) => {
    const buttons = [...(ref.current?.querySelectorAll('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[(index + step + buttons.length) % buttons.length]?.focus();
  };

  return (
    <div
      ref={ref}
      className="child-kind-menu"
      role="menu"
      aria-label={t('childMenu.title')}
      data-testid="child-kind-menu"
      style={{ position: 'fixed', left: at.x, top: at.y + 6, zIndex: 20 }}
      onBlur={(event) => {
        if (!ref.current?.contains(event.relatedTarget as Node | null)) onClose();
      }}
      onKeyDown={(event) => {
        // Keys here choose a kind; they must not reach the canvas (Enter would add a sibling).
        event.stopPropagation();
        const digit = Number(event.key);
        if (event.key === 'Escape') onClose();
        else if (event.key === 'ArrowDown' || (event.key === 'Tab' && !event.shiftKey)) move(1);
        else if (event.key === 'ArrowUp' || (event.key === 'Tab' && event.shiftKey)) move(-1);
        else if (Number.isInteger(digit) && digit >= 1 && digit <= kinds.length) onPick(kinds[digit - 1]!);
        else return;
        event.preventDefault();
      }}
    >
      <div className="child-kind-menu__title">{t('childMenu.title')}</div>
      {kinds.map((kind, i) => (
        <button key={kind} type="button" role="menuitem" style={kindColorStyle(kind)} className="child-kind-menu__item" data-kind={kind} onClick={() => onPick(kind)}>
          <kbd>{i + 1}</kbd> {t(kindLabelKey(kind, lens), { defaultValue: kind })}
        </button>
      ))}
    </div>
  );
}
