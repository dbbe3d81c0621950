import { planRenumber, type RenumberResult } from '@qms/model';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useEditor } from '../editor-context';

/** How many changes the confirmation spells out before it says "and N more". */
const SHOWN = 6;

/**
 * "Renumber": codes that follow the tree order (KF 1, MF 1.1, WA 1.1.1), asked first with what
 * would change; former codes stay on each node, and one undo puts them all back.
 */
export function RenumberButton() {
  const { t } = useTranslation();
  const editor = useEditor();
  const [plan, setPlan] = useState<RenumberResult | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLSpanElement>(null);

  // The menu closes on Escape and on a click anywhere else, as menus do.
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !menu.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const ask = () => {
    setOpen(false);
    const next = planRenumber(editor.doc);
    if (next.changed.length === 0) {
      setNotice(t('renumber.inOrder'));
      window.setTimeout(() => setNotice(null), 3000);
      return;
    }
    setPlan(next);
  };
  const apply = () => {
    setPlan(null);
    const { changed } = editor.renumber();
    setNotice(t('renumber.done', { count: changed.length }));
    window.setTimeout(() => setNotice(null), 4000);
  };

  const examples = plan?.changed.slice(0, SHOWN).map(({ from, to }) => `${from || '—'} → ${to}`) ?? [];
  const more = (plan?.changed.length ?? 0) - examples.length;
  return (
    <>
      {/* A menu beside "Tidy up", so that the toolbar keeps to one line in every language. */}
      <span className="toolbar-menu" ref={menu}>
        <button
          type="button"
          className="toolbar-menu__toggle"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-label={t('renumber.menu')}
          title={t('renumber.menu')}
          onClick={() => setOpen((was) => !was)}
          data-testid="arrange-more"
        >
          ▾
        </button>
        {open && (
          <span className="toolbar-menu__list" role="menu">
            <button type="button" role="menuitem" onClick={ask} title={t('renumber.hint')} data-testid="renumber" autoFocus>
              {t('renumber.button')}
            </button>
          </span>
        )}
      </span>
      {notice && (
        <span className="map-toolbar__notice" role="status" data-testid="renumber-notice">
          {notice}
        </span>
      )}
      {plan && (
        <ConfirmDialog
          title={t('renumber.confirmTitle', { count: plan.changed.length })}
          body={[examples.join(', ') + (more > 0 ? ` ${t('renumber.more', { count: more })}` : ''), t('renumber.confirmBody')].join('. ')}
          confirmLabel={t('renumber.confirm')}
          cancelLabel={t('history.cancel')}
          onConfirm={apply}
          onCancel={() => setPlan(null)}
        />
      )}
    </>
  );
}
