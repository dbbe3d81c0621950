import { useTranslation } from 'react-i18next';
import type { PictureKind, PictureOptions } from './image-export';

const RESOLUTIONS = [1, 2, 3];

interface Props {
  kind: PictureKind;
  value: PictureOptions;
  onChange: (value: PictureOptions) => void;
}

/** What a picture shows: the whole map or the view, check badges or not, and a PNG's resolution. */
export function PictureOptionsField({ kind, value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="picture-options" data-testid="picture-options">
      <legend>{t('export.picture.title')}</legend>
      {(['map', 'view'] as const).map((area) => (
        <label key={area}>
          <input type="radio" name="picture-area" value={area} checked={value.area === area} onChange={() => onChange({ ...value, area })} />
          {t(`export.picture.area.${area}`)}
        </label>
      ))}
      {kind === 'png' && (
        <label>
          {t('export.picture.resolution')}
          <select value={value.resolution} onChange={(e) => onChange({ ...value, resolution: Number(e.target.value) })} data-testid="picture-resolution">
            {RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {t('export.picture.times', { count: r })}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <input type="checkbox" name="picture-checks" checked={value.checks} onChange={(e) => onChange({ ...value, checks: e.target.checked })} />
        {t('export.picture.checks')}
      </label>
    </fieldset>
  );
}
