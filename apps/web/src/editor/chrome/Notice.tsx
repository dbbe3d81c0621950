import { useCallback, useEffect, useRef, useState } from 'react';

export interface Notice {
  text: string;
  /** Where on screen (client coordinates): by the pointer, or near the top. */
  x: number;
  y: number;
}

const SHOWN_MS = 3500;

/** A short message by the pointer ("cannot be linked…", "3 copied"), gone after a few seconds. */
export function useNotice() {
  const [notice, setNotice] = useState<Notice | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const notify = useCallback((text: string, at?: { x: number; y: number }) => {
    setNotice({ text, x: at?.x ?? window.innerWidth / 2, y: at?.y ?? 120 });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setNotice(null), SHOWN_MS);
  }, []);
  return [notice, notify] as const;
}

export function PointerNotice({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return (
    <div className="pointer-notice" role="alert" style={{ left: Math.min(notice.x + 12, window.innerWidth - 360), top: notice.y + 12 }}>
      {notice.text}
    </div>
  );
}
