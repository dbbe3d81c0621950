import { compareCodes, type MapNode } from '@qms/model';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kindColorStyle } from './kind-look';

interface Props {
  nodes: readonly MapNode[];
  onPick: (nodeId: string) => void;
  onClose: () => void;
}

/** Ctrl/Cmd+K: find a node by code or words of its statement, and go to it. */
export function SearchPalette({ nodes, onPick, onClose }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  const results = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const scored = nodes
      .map((node) => {
        const haystack = `${node.code} ${node.title}`.toLowerCase();
        if (!words.every((w) => haystack.includes(w))) return null;
        // The node whose code is what was typed first ("MF 1" before "MF 15"), then code matches, then earlier matches.
        const exact = node.code.toLowerCase().split(/\s+/).filter(Boolean).join(' ') === words.join(' ');
        const score = (exact ? -1000 : 0) + (node.code.toLowerCase().startsWith(words[0] ?? '') ? 0 : 1000) + haystack.indexOf(words[0] ?? '');
        return { node, score };
      })
      .filter((r): r is { node: MapNode; score: number } => r !== null)
      .sort((a, b) => a.score - b.score || compareCodes(a.node.code, b.node.code));
    return scored.slice(0, 50).map((r) => r.node);
  }, [nodes, query]);
  useEffect(() => setActive(0), [query]);

  const pick = (node: MapNode | undefined) => {
    if (!node) return;
    onPick(node.id);
    onClose();
  };

  return (
    <dialog ref={dialog} className="search-palette" onCancel={onClose} onClose={onClose} aria-label={t('search.title')}>
      <input
        autoFocus
        value={query}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive((i) => Math.min(results.length - 1, i + 1));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            pick(results[active]);
          }
        }}
      />
      <ul role="listbox">
        {results.length === 0 && <li className="muted">{t('search.nothing')}</li>}
        {/* The pointer picks a row when it moves, not when a list appears under a resting pointer (Enter would then take that row). */}
        {results.map((node, index) => (
          <li key={node.id} role="option" aria-selected={index === active} className={index === active ? 'is-active' : ''} onMouseMove={() => index !== active && setActive(index)} onClick={() => pick(node)}>
            <span className={`kind-dot kind-dot--${node.kind}`} style={kindColorStyle(node.kind)} aria-hidden="true" />
            <strong>{node.code}</strong> {node.title || t('editor.untitled')}
          </li>
        ))}
      </ul>
    </dialog>
  );
}
