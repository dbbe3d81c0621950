import { compareCodes, institutionName, type MapSnapshot } from '@qms/model';
import { MOBILITY_LIMITS, RECOGNITION_DECISIONS, can, type Learner, type LearnerResult, type Mobility, type MobilityPartner, type MobilitySummary, type RecognitionDecision, type Role } from '@qms/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShownLanguage } from '../languages/shown-language';
import { mobilityChecklist } from './checklist';
import { documentPath, downloadDocument, mobilityApi, type MobilityDocument } from './mobility-api';
import './mobility.css';

interface PanelProps {
  mapId: string;
  snapshot: MapSnapshot;
  role: Role;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The mobility workspace (owners and editors): mobilities between the map's partners, their
 * learners, results and recognition, the three documents, and where each mobility stands. The
 * learners' personal data comes from the server on demand and is never written into the map.
 */
export function MobilityPanel({ mapId, snapshot, role }: PanelProps) {
  const { t } = useTranslation();
  const [list, setList] = useState<MobilitySummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const reload = useCallback(() => {
    mobilityApi.list(mapId).then(setList, (error: unknown) => setProblem(message(error)));
  }, [mapId]);
  useEffect(reload, [reload]);
  if (!can(role, 'edit')) return <p className="muted">{t('mobility.onlyEditors')}</p>;
  return (
    <div className="mobility-panel" data-testid="mobility-panel">
      <p className="muted">{t('mobility.intro')}</p>
      {problem && <p className="form-error">{problem}</p>}
      {list === null && !problem && <p className="muted" aria-busy="true">{t('mobility.loading')}</p>}
      {list && list.length === 0 && !creating && <p className="muted">{t('mobility.none')}</p>}
      <ul className="mobility-list">
        {list?.map((mobility) => (
          <li key={mobility.id}>
            <button type="button" className={`link-button${selected === mobility.id ? ' is-on' : ''}`} onClick={() => setSelected(selected === mobility.id ? null : mobility.id)} data-testid="mobility-item">
              {mobility.title}
            </button>{' '}
            <span className="muted">
              {mobility.start} – {mobility.end} · {t('mobility.learnerCount', { count: mobility.learners })}
              {mobility.draft ? ` · ${t('mobility.draft')}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {!creating ? (
        <button type="button" onClick={() => setCreating(true)} data-testid="new-mobility">
          {t('mobility.new')}
        </button>
      ) : (
        <CreateForm
          mapId={mapId}
          snapshot={snapshot}
          onCancel={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setSelected(id);
            reload();
          }}
        />
      )}
      {selected && <MobilityDetail key={selected} mapId={mapId} mobilityId={selected} snapshot={snapshot} onChanged={reload} onDeleted={() => (setSelected(null), reload())} />}
    </div>
  );
}

function unitsOf(snapshot: MapSnapshot) {
  return snapshot.nodes.filter((node) => node.kind === 'unit').sort((a, b) => compareCodes(a.code, b.code));
}

function PartnerChoice({ snapshot, label, value, onChange, testId }: { snapshot: MapSnapshot; label: string; value: string; onChange: (id: string) => void; testId: string }) {
  const { t } = useTranslation();
  const institutions = snapshot.meta.institutions ?? [];
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} required>
        <option value="">{t('mobility.choosePartner')}</option>
        {institutions.map((institution) => (
          <option key={institution.id} value={institution.id}>
            {institutionName(institution, snapshot.meta.language)} ({institution.country}, {t(`partners.role_${institution.role}`)})
          </option>
        ))}
      </select>
    </label>
  );
}

function CreateForm({ mapId, snapshot, onCancel, onCreated }: { mapId: string; snapshot: MapSnapshot; onCancel: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const institutions = snapshot.meta.institutions ?? [];
  const [form, setForm] = useState({
    title: '',
    home: institutions.find((i) => i.role === 'home')?.id ?? '',
    host: institutions.find((i) => i.role === 'host')?.id ?? '',
    start: '',
    end: '',
    units: [] as string[],
    draft: false,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));
  const units = unitsOf(snapshot);
  return (
    <form
      className="mobility-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setProblem(null);
        const home: MobilityPartner = form.home;
        const host: MobilityPartner = form.host;
        mobilityApi
          .create(mapId, { title: form.title.trim(), home, host, start: form.start, end: form.end, units: form.units, ...(form.draft ? { draft: true } : {}) })
          .then(({ id }) => onCreated(id), (error: unknown) => setProblem(message(error)))
          .finally(() => setBusy(false));
      }}
    >
      {institutions.length < 2 && <p className="muted">{t('mobility.needPartners')}</p>}
      <label>
        {t('mobility.title')}
        <input value={form.title} maxLength={MOBILITY_LIMITS.title} required onChange={(e) => set({ title: e.target.value })} data-testid="mobility-title" />
      </label>
      <PartnerChoice snapshot={snapshot} label={t('mobility.home')} value={form.home} onChange={(home) => set({ home })} testId="mobility-home" />
      <PartnerChoice snapshot={snapshot} label={t('mobility.host')} value={form.host} onChange={(host) => set({ host })} testId="mobility-host" />
      <div className="mobility-form__row">
        <label>
          {t('mobility.start')}
          <input type="date" value={form.start} required onChange={(e) => set({ start: e.target.value })} data-testid="mobility-start" />
        </label>
        <label>
          {t('mobility.end')}
          <input type="date" value={form.end} min={form.start || undefined} required onChange={(e) => set({ end: e.target.value })} data-testid="mobility-end" />
        </label>
      </div>
      <fieldset>
        <legend>{t('mobility.units')}</legend>
        {units.length === 0 && <p className="muted">{t('mobility.noUnits')}</p>}
        {units.map((unit) => (
          <label key={unit.id} className="mobility-form__check">
            <input
              type="checkbox"
              checked={form.units.includes(unit.id)}
              onChange={(e) => set({ units: e.target.checked ? [...form.units, unit.id] : form.units.filter((id) => id !== unit.id) })}
              data-testid={`mobility-unit-${unit.code}`}
            />
            {unit.code} — {unit.title} {unit.points !== undefined ? `(${unit.points})` : ''}
          </label>
        ))}
      </fieldset>
      <label className="mobility-form__check">
        <input type="checkbox" checked={form.draft} onChange={(e) => set({ draft: e.target.checked })} data-testid="mobility-draft" />
        {t('mobility.saveAsDraft')}
      </label>
      {problem && (
        <p className="form-error" role="alert" data-testid="mobility-error">
          {problem}
        </p>
      )}
      <div className="mobility-form__actions">
        <button type="submit" disabled={busy} data-testid="create-mobility">
          {t('mobility.create')}
        </button>
        <button type="button" className="link-button" onClick={onCancel}>
          {t('mobility.cancel')}
        </button>
      </div>
    </form>
  );
}

function DocumentButtons({ mapId, mobilityId, document, learnerId, label }: { mapId: string; mobilityId: string; document: MobilityDocument; learnerId: string | null; label: string }) {
  const { t } = useTranslation();
  const { language, source } = useShownLanguage();
  const [problem, setProblem] = useState<string | null>(null);
  const get = (format: 'docx' | 'pdf') =>
    downloadDocument(mapId, documentPath(mapId, mobilityId, document, learnerId, format, language && language !== source ? language : undefined)).then(
      () => setProblem(null),
      (error: unknown) => setProblem(message(error)),
    );
  return (
    <span className="mobility-docs">
      {label}:{' '}
      <button type="button" className="link-button" onClick={() => void get('docx')} data-testid={`download-${document}-docx`}>
        {t('mobility.word')}
      </button>{' '}
      <button type="button" className="link-button" onClick={() => void get('pdf')} data-testid={`download-${document}-pdf`}>
        PDF
      </button>
      {problem && <span className="form-error"> {problem}</span>}
    </span>
  );
}

function MobilityDetail({ mapId, mobilityId, snapshot, onChanged, onDeleted }: { mapId: string; mobilityId: string; snapshot: MapSnapshot; onChanged: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const [mobility, setMobility] = useState<Mobility | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(() => {
    mobilityApi.get(mapId, mobilityId).then(setMobility, (error: unknown) => setProblem(message(error)));
  }, [mapId, mobilityId]);
  useEffect(load, [load]);
  const changed = () => (load(), onChanged());
  const nodes = useMemo(() => new Map(snapshot.nodes.map((node) => [node.id, node])), [snapshot]);
  const partnerName = (partner: MobilityPartner) => {
    if (typeof partner !== 'string') return `${partner.name} (${partner.country})`;
    const institution = snapshot.meta.institutions?.find((i) => i.id === partner);
    return institution ? institutionName(institution, snapshot.meta.language) : partner;
  };
  if (!mobility) return problem ? <p className="form-error">{problem}</p> : <p className="muted">{t('mobility.loading')}</p>;
  const checklist = mobilityChecklist(mobility);
  return (
    <section className="mobility-detail" data-testid="mobility-detail">
      <h3>{mobility.title}</h3>
      <p className="muted">
        {partnerName(mobility.home)} → {partnerName(mobility.host)} · {mobility.start} – {mobility.end}
      </p>
      <ol className="mobility-checklist" aria-label={t('mobility.checklist')}>
        {checklist.map((item) => (
          <li key={item.id} className={item.done ? 'is-done' : ''} data-testid="checklist-item" data-id={item.id} data-done={item.done}>
            <span aria-hidden="true">{item.done ? '✓' : '○'}</span> <span className="chip">{t(`mobility.phase_${item.phase}`)}</span> {t(`mobility.check_${item.id}`)}
            {item.count && item.count.of > 0 ? ` (${item.count.done}/${item.count.of})` : ''}
          </li>
        ))}
      </ol>
      {problem && <p className="form-error" data-testid="mobility-error">{problem}</p>}
      {mobility.draft && (
        <button
          type="button"
          onClick={() => mobilityApi.update(mapId, mobility.id, { draft: false }).then(() => (setProblem(null), changed()), (error: unknown) => setProblem(message(error)))}
          data-testid="leave-draft"
        >
          {t('mobility.leaveDraft')}
        </button>
      )}
      <h4>{t('mobility.units')}</h4>
      <ul>
        {mobility.units.map((id) => (
          <li key={id}>{nodes.get(id) ? `${nodes.get(id)!.code} — ${nodes.get(id)!.title}` : t('mobility.unitGone')}</li>
        ))}
      </ul>
      <DocumentButtons mapId={mapId} mobilityId={mobility.id} document="mou" learnerId={null} label={t('mobility.mou')} />
      <h4>{t('mobility.learners', { count: mobility.learners.length })}</h4>
      {mobility.learners.map((learner) => (
        <LearnerCard key={learner.id} mapId={mapId} mobility={mobility} learner={learner} snapshot={snapshot} onChanged={changed} />
      ))}
      <AddLearner mapId={mapId} mobilityId={mobility.id} onAdded={changed} />
      <button
        type="button"
        className="link-button danger"
        onClick={() => {
          if (window.confirm(t('mobility.confirmDelete'))) mobilityApi.remove(mapId, mobility.id).then(onDeleted, (error: unknown) => setProblem(message(error)));
        }}
        data-testid="delete-mobility"
      >
        {t('mobility.delete')}
      </button>
    </section>
  );
}

function AddLearner({ mapId, mobilityId, onAdded }: { mapId: string; mobilityId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ name: '', dateOfBirth: '', email: '' });
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="mobility-form mobility-form--inline"
      onSubmit={(event) => {
        event.preventDefault();
        mobilityApi
          .addLearner(mapId, mobilityId, { name: form.name.trim(), ...(form.dateOfBirth ? { dateOfBirth: form.dateOfBirth } : {}), ...(form.email.trim() ? { email: form.email.trim() } : {}) })
          .then(() => (setForm({ name: '', dateOfBirth: '', email: '' }), setProblem(null), onAdded()), (error: unknown) => setProblem(message(error)));
      }}
    >
      <label>
        {t('mobility.learnerName')}
        <input value={form.name} required maxLength={MOBILITY_LIMITS.learnerName} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="learner-name" />
      </label>
      <label>
        {t('mobility.dateOfBirth')}
        <input type="date" value={form.dateOfBirth} onChange={(e) => setForm({ ...form, dateOfBirth: e.target.value })} data-testid="learner-dob" />
      </label>
      <label>
        {t('mobility.email')}
        <input type="email" value={form.email} maxLength={MOBILITY_LIMITS.email} onChange={(e) => setForm({ ...form, email: e.target.value })} data-testid="learner-email" />
      </label>
      <button type="submit" data-testid="add-learner">
        {t('mobility.addLearner')}
      </button>
      {problem && <p className="form-error">{problem}</p>}
      <p className="muted">{t('mobility.personalData')}</p>
    </form>
  );
}

type Row = { result: '' | LearnerResult['result']; assessor: string; date: string; evidence: string };

function LearnerCard({ mapId, mobility, learner, snapshot, onChanged }: { mapId: string; mobility: Mobility; learner: Learner; snapshot: MapSnapshot; onChanged: () => void }) {
  const { t } = useTranslation();
  const nodes = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const initial = () =>
    Object.fromEntries(
      mobility.units.map((unit) => {
        const found = learner.results.find((r) => r.unit === unit && !r.outcome);
        return [unit, { result: found?.result ?? '', assessor: found?.assessor ?? '', date: found?.date ?? '', evidence: found?.evidence ?? '' } satisfies Row];
      }),
    ) as Record<string, Row>;
  const [rows, setRows] = useState<Record<string, Row>>(initial);
  const [recognition, setRecognition] = useState({
    decision: (learner.recognition?.decision ?? 'recognised') as RecognitionDecision,
    by: learner.recognition?.by ?? '',
    date: learner.recognition?.date ?? '',
    points: String(learner.recognition?.points ?? mobility.units.reduce((sum, id) => sum + (nodes.get(id)?.points ?? 0), 0)),
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (what: string) => () => (setProblem(null), setSaved(what), onChanged());
  const fail = (error: unknown) => (setSaved(null), setProblem(message(error)));
  const setRow = (unit: string, patch: Partial<Row>) => setRows((current) => ({ ...current, [unit]: { ...current[unit]!, ...patch } }));
  // Results on outcomes (entered through the API) are kept as they are.
  const outcomeResults = learner.results.filter((r) => r.outcome);
  return (
    <article className="learner" data-testid="learner">
      <header>
        <strong data-testid="learner-title">{learner.name}</strong>
        {learner.dateOfBirth && <span className="muted"> · {learner.dateOfBirth}</span>}
        {learner.email && <span className="muted"> · {learner.email}</span>}
      </header>
      <DocumentButtons mapId={mapId} mobilityId={mobility.id} document="learning-agreement" learnerId={learner.id} label={t('mobility.learningAgreement')} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const results: LearnerResult[] = [
            ...outcomeResults,
            ...Object.entries(rows)
              .filter(([, row]) => row.result !== '')
              .map(([unit, row]) => ({ unit, result: row.result as LearnerResult['result'], assessor: row.assessor.trim(), date: row.date, ...(row.evidence.trim() ? { evidence: row.evidence.trim() } : {}) })),
          ];
          mobilityApi.setResults(mapId, mobility.id, learner.id, results).then(done('results'), fail);
        }}
      >
        <div className="learner__results">
          {mobility.units.map((unit) => {
            const row = rows[unit]!;
            const node = nodes.get(unit);
            const code = node?.code ?? unit;
            return (
              <fieldset key={unit} className="learner__result">
                <legend>
                  {code} — {node?.title ?? t('mobility.unitGone')}
                </legend>
                <label>
                  {t('mobility.result')}
                  <select value={row.result} onChange={(e) => setRow(unit, { result: e.target.value as Row['result'] })} data-testid={`result-${code}`}>
                    <option value="">—</option>
                    <option value="achieved">{t('mobility.achieved')}</option>
                    <option value="not-achieved">{t('mobility.notAchieved')}</option>
                  </select>
                </label>
                <label>
                  {t('mobility.date')}
                  <input type="date" value={row.date} required={row.result !== ''} onChange={(e) => setRow(unit, { date: e.target.value })} data-testid={`result-date-${code}`} />
                </label>
                <label>
                  {t('mobility.assessor')}
                  <input value={row.assessor} required={row.result !== ''} maxLength={MOBILITY_LIMITS.assessor} onChange={(e) => setRow(unit, { assessor: e.target.value })} data-testid={`assessor-${code}`} />
                </label>
                <label>
                  {t('mobility.evidence')}
                  <input value={row.evidence} maxLength={MOBILITY_LIMITS.evidence} onChange={(e) => setRow(unit, { evidence: e.target.value })} data-testid={`evidence-${code}`} />
                </label>
              </fieldset>
            );
          })}
        </div>
        <button type="submit" data-testid="save-results">
          {t('mobility.saveResults')}
        </button>
      </form>
      <form
        className="mobility-form mobility-form--inline"
        onSubmit={(event) => {
          event.preventDefault();
          mobilityApi.setRecognition(mapId, mobility.id, learner.id, { decision: recognition.decision, by: recognition.by.trim(), date: recognition.date, points: Number(recognition.points) }).then(done('recognition'), fail);
        }}
      >
        <label>
          {t('mobility.decision')}
          <select value={recognition.decision} onChange={(e) => setRecognition({ ...recognition, decision: e.target.value as RecognitionDecision })} data-testid="recognition-decision">
            {RECOGNITION_DECISIONS.map((decision) => (
              <option key={decision} value={decision}>
                {t(`mobility.decision_${decision}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('mobility.decidedBy')}
          <input value={recognition.by} required maxLength={MOBILITY_LIMITS.recognitionBy} onChange={(e) => setRecognition({ ...recognition, by: e.target.value })} data-testid="recognition-by" />
        </label>
        <label>
          {t('mobility.date')}
          <input type="date" value={recognition.date} required onChange={(e) => setRecognition({ ...recognition, date: e.target.value })} data-testid="recognition-date" />
        </label>
        <label>
          {t('mobility.points')}
          <input type="number" min={0} max={MOBILITY_LIMITS.points} step="any" value={recognition.points} required onChange={(e) => setRecognition({ ...recognition, points: e.target.value })} data-testid="recognition-points" />
        </label>
        <button type="submit" data-testid="save-recognition">
          {t('mobility.saveRecognition')}
        </button>
      </form>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {saved && (
        <p className="muted" role="status" data-testid="learner-saved">
          {t(`mobility.saved_${saved}`)}
        </p>
      )}
      <DocumentButtons mapId={mapId} mobilityId={mobility.id} document="transcript" learnerId={learner.id} label={t('mobility.transcript')} />
      <button
        type="button"
        className="link-button danger"
        onClick={() => {
          if (window.confirm(t('mobility.confirmErase', { name: learner.name }))) mobilityApi.eraseLearner(mapId, mobility.id, learner.id).then(onChanged, fail);
        }}
        data-testid="erase-learner"
      >
        {t('mobility.erase')}
      </button>
    </article>
  );
}
