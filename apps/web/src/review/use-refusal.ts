import type { ReviewResult } from '@qms/model';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Shows why a review write was refused, in the reader's language (by its stable reason). */
export function useRefusal() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const check = useCallback(
    <T,>(result: ReviewResult<T>): result is { ok: true; value: T } => {
      setError(result.ok ? null : t(`comments.refusal.${result.reason}`, { defaultValue: result.message }));
      return result.ok;
    },
    [t],
  );
  return { error, check };
}
