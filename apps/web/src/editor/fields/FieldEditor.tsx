import { FIELDS, type FieldName, type FieldValue, type Result } from '@qms/model';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../editor-context';
import { SharedTextArea } from '../SharedTextArea';

export const MIXED = Symbol('mixed');
export type ShownValue = FieldValue | typeof MIXED;

interface Props {
  nodeIds: readonly string[];
  field: FieldName;
  value: ShownValue;
}

/** The right input for each field type, writing through the model's checked operations. */
export function FieldEditor({ nodeIds, field, value }: Props) {
  const { t } = useTranslation();
  const editor = useEditor();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const spec = FIELDS[field];
  const label = t(`fields.${field}`);
  const report = (result: Result<void>) => setError(result.ok ? null : t(`refusal.${result.reason}`, { defaultValue: result.message }) + ` (${result.message})`);
  const set = (next: unknown) => report(editor.setFieldOnNodes(nodeIds, field, next));
  const hint = t(`fieldHints.${field}`, { defaultValue: '' });

  let input: React.ReactNode;
  switch (spec.type) {
    case 'text':
      input =
        nodeIds.length === 1 ? (
          <SharedTextArea nodeId={nodeIds[0]!} field={field as 'title' | 'keyPurpose'} label={label} id={id} className="field-textarea" />
        ) : null;
      break;
    case 'string':
      input = <StringInput id={id} value={value === MIXED ? '' : ((value as string | undefined) ?? '')} mixed={value === MIXED} onCommit={set} maxLength={spec.maxLength} />;
      break;
    case 'number':
      input =
        field === 'eqfLevel' ? (
          <LevelPicker label={label} value={value} onPick={set} />
        ) : (
          <NumberStepper id={id} value={value} onCommit={set} min={spec.min} max={spec.max} step={field === 'programmeYears' ? 0.5 : 1} />
        );
      break;
    case 'enum':
      input = <Choice label={label} field={field} options={spec.options} value={value} onPick={set} />;
      break;
    case 'boolean':
      input = (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          ref={(el) => {
            if (el) el.indeterminate = value === MIXED;
          }}
          onChange={(event) => set(event.target.checked)}
        />
      );
      break;
    case 'list':
      input =
        nodeIds.length === 1 ? (
          <ListEditor nodeId={nodeIds[0]!} field={field} items={(value as readonly string[] | undefined) ?? []} label={label} onResult={report} />
        ) : null;
      break;
  }
  if (input === null) return null;
  return (
    <div className={`field field--${spec.type}`} data-field={field}>
      <label htmlFor={id} className="field__label">
        {label}
        {value === MIXED && <span className="field__mixed"> · {t('inspector.mixed')}</span>}
      </label>
      {input}
      {hint && <p className="field__hint">{hint}</p>}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function StringInput({ id, value, mixed, onCommit, maxLength }: { id: string; value: string; mixed: boolean; onCommit: (v: string) => void; maxLength: number }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      id={id}
      value={draft ?? value}
      maxLength={maxLength}
      placeholder={mixed ? t('inspector.mixed') : undefined}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        if (draft !== null && draft !== value) onCommit(draft);
        setDraft(null);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') {
          setDraft(null);
          requestAnimationFrame(() => event.currentTarget?.blur());
        }
      }}
    />
  );
}

function NumberStepper({ id, value, onCommit, min, max, step }: { id: string; value: ShownValue; onCommit: (v: unknown) => void; min: number; max: number; step: number }) {
  const { t } = useTranslation();
  const current = typeof value === 'number' ? value : undefined;
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => setDraft(null), [value]);
  const bump = (delta: number) => onCommit(Math.min(max, Math.max(min, (current ?? 0) + delta)));
  return (
    <span className="stepper">
      <button type="button" aria-label={t('inspector.decrease')} onClick={() => bump(-step)} disabled={current !== undefined && current <= min}>
        −
      </button>
      <input
        id={id}
        inputMode="decimal"
        value={draft ?? (current === undefined ? '' : String(current))}
        placeholder={value === MIXED ? t('inspector.mixed') : '—'}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          if (draft !== null) onCommit(draft.trim() === '' ? undefined : draft);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'ArrowUp') bump(step);
          if (event.key === 'ArrowDown') bump(-step);
        }}
      />
      <button type="button" aria-label={t('inspector.increase')} onClick={() => bump(step)} disabled={current !== undefined && current >= max}>
        +
      </button>
    </span>
  );
}

function LevelPicker({ label, value, onPick }: { label: string; value: ShownValue; onPick: (v: unknown) => void }) {
  const { t } = useTranslation();
  return (
    <span className="segmented" role="radiogroup" aria-label={label}>
      {[1, 2, 3, 4, 5, 6, 7, 8].map((level) => (
        <button
          key={level}
          type="button"
          role="radio"
          aria-checked={value === level}
          className={value === level ? 'is-on' : ''}
          onClick={() => onPick(value === level ? undefined : level)}
          title={t('fields.eqfShort', { level })}
        >
          {level}
        </button>
      ))}
    </span>
  );
}

function Choice({ label, field, options, value, onPick }: { label: string; field: FieldName; options: readonly string[]; value: ShownValue; onPick: (v: unknown) => void }) {
  const { t } = useTranslation();
  const name = (option: string) =>
    field === 'bloomLevel' ? t(`bloom.${option}`, { ns: 'rules' }) : field === 'domain' ? t(`domain.${option}`, { ns: 'rules' }) : t(`options.${field}.${option}`, { defaultValue: option });
  return (
    <span className="segmented segmented--wrap" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={value === option}
          className={value === option ? 'is-on' : ''}
          onClick={() => onPick(value === option ? undefined : option)}
          data-option={option}
        >
          {name(option)}
        </button>
      ))}
    </span>
  );
}

function ListEditor({
  nodeId,
  field,
  items,
  label,
  onResult,
}: {
  nodeId: string;
  field: FieldName;
  items: readonly string[];
  label: string;
  onResult: (result: Result<void>) => void;
}) {
  const { t } = useTranslation();
  const editor = useEditor();
  const [fresh, setFresh] = useState('');
  const add = () => {
    if (!fresh.trim()) return;
    onResult(editor.insertListItem(nodeId, field, items.length, fresh.trim()));
    setFresh('');
  };
  return (
    <div className="list-editor">
      <ol>
        {items.map((item, index) => (
          <li key={`${index}:${item}`}>
            <ListItem
              value={item}
              label={`${label} ${index + 1}`}
              onCommit={(text) =>
                onResult(text.trim() ? editor.setListItem(nodeId, field, index, text) : editor.removeListItem(nodeId, field, index))
              }
            />
            <span className="list-editor__buttons">
              <button type="button" aria-label={t('inspector.moveUp')} disabled={index === 0} onClick={() => onResult(editor.moveListItem(nodeId, field, index, index - 1))}>
                ↑
              </button>
              <button
                type="button"
                aria-label={t('inspector.moveDown')}
                disabled={index === items.length - 1}
                onClick={() => onResult(editor.moveListItem(nodeId, field, index, index + 1))}
              >
                ↓
              </button>
              <button type="button" aria-label={t('inspector.remove')} onClick={() => onResult(editor.removeListItem(nodeId, field, index))}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div className="list-editor__add">
        <input
          value={fresh}
          placeholder={t('inspector.addItem')}
          aria-label={`${label}: ${t('inspector.addItem')}`}
          onChange={(event) => setFresh(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" onClick={add} disabled={!fresh.trim()}>
          {t('inspector.add')}
        </button>
      </div>
    </div>
  );
}

function ListItem({ value, label, onCommit }: { value: string; label: string; onCommit: (text: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      value={draft ?? value}
      aria-label={label}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        if (draft !== null && draft !== value) onCommit(draft);
        setDraft(null);
      }}
      onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
    />
  );
}
