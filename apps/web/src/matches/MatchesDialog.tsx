import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A modal on the native <dialog> (focus trapped, Escape closes), put at the end of the page: the
 * inspector's read-only fieldset does not disable what is inside it.
 */
export function MatchesDialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open && typeof dialog.showModal === 'function') dialog.showModal();
  }, []);
  return createPortal(
    <dialog ref={ref} className="matches-dialog" onCancel={onClose} onClose={onClose} aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </dialog>,
    document.body,
  );
}
