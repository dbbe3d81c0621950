import { COMPETENCES, INSTITUTION_ROLES, institutionName, type Institution, type InstitutionRole, type MapSnapshot } from '@qms/model';
import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContext, useEditor } from '../editor/editor-context';

/**
 * The map's partner institutions (model institutions.ts): who sends learners and who hosts them,
 * and what each is competent for. Everyone sees them; the owner adds and removes them (the server
 * takes their changes from the owner only).
 */
export function PartnersSection({ snapshot, canManage: owner }: { snapshot: MapSnapshot; canManage: boolean }) {
  const { t } = useTranslation();
  // Changed through the open map's editor; shown without one too (a saved version, a static render).
  const editor = useContext(EditorContext);
  const canManage = owner && editor !== null;
  const partners = snapshot.meta.institutions ?? [];
  const [adding, setAdding] = useState(false);
  const name = (institution: Institution) => institutionName(institution, snapshot.meta.language);
  return (
    <section className="partners" data-testid="partners">
      <h3>{t('partners.title', { count: partners.length })}</h3>
      {partners.length === 0 && <p className="muted">{t('partners.none')}</p>}
      <ul className="partners__list">
        {partners.map((partner) => (
          <li key={partner.id} data-testid="partner" data-role={partner.role}>
            <strong>{name(partner)}</strong> <span className="muted">{[partner.city, partner.country].filter(Boolean).join(', ')}</span>{' '}
            <span className="chip">{t(`partners.role_${partner.role}`)}</span>
            {partner.competences.length > 0 && <span className="muted"> · {partner.competences.map((c) => t(`partners.competence_${c}`)).join(', ')}</span>}
            {partner.contact.name && (
              <span className="muted">
                {' '}
                · {partner.contact.name}
                {partner.contact.email ? ` <${partner.contact.email}>` : ''}
              </span>
            )}
            {canManage && (
              <button type="button" className="link-button" onClick={() => editor?.removeInstitution(partner.id)} data-testid="remove-partner" aria-label={t('partners.remove', { name: name(partner) })}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      {canManage && !adding && (
        <button type="button" onClick={() => setAdding(true)} data-testid="add-partner">
          {t('partners.add')}
        </button>
      )}
      {canManage && adding && <PartnerForm language={snapshot.meta.language} onDone={() => setAdding(false)} />}
    </section>
  );
}

function PartnerForm({ language, onDone }: { language: string; onDone: () => void }) {
  const { t } = useTranslation();
  const editor = useEditor();
  const [form, setForm] = useState({ name: '', country: '', city: '', role: 'host' as InstitutionRole, competences: [] as string[], contactName: '', email: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));
  const submit = () => {
    const result = editor.addInstitution({
      name: { [language]: form.name },
      country: form.country,
      city: form.city,
      role: form.role,
      competences: form.competences,
      contact: { name: form.contactName, email: form.email },
    });
    if (!result.ok) return setProblem(result.message);
    onDone();
  };
  return (
    <form
      className="partners__form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      data-testid="partner-form"
    >
      <label>
        {t('partners.name')}
        <input value={form.name} onChange={(e) => set({ name: e.target.value })} maxLength={200} required autoFocus data-testid="partner-name" />
      </label>
      <label>
        {t('partners.country')}
        <input value={form.country} onChange={(e) => set({ country: e.target.value })} maxLength={2} placeholder="LT" required data-testid="partner-country" />
      </label>
      <label>
        {t('partners.city')}
        <input value={form.city} onChange={(e) => set({ city: e.target.value })} maxLength={100} data-testid="partner-city" />
      </label>
      <label>
        {t('partners.role')}
        <select value={form.role} onChange={(e) => set({ role: e.target.value as InstitutionRole })} data-testid="partner-role">
          {INSTITUTION_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`partners.role_${role}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('partners.competences')}</legend>
        {COMPETENCES.map((competence) => (
          <label key={competence} className="partners__competence">
            <input
              type="checkbox"
              checked={form.competences.includes(competence)}
              onChange={(e) => set({ competences: e.target.checked ? [...form.competences, competence] : form.competences.filter((c) => c !== competence) })}
              data-testid={`partner-competence-${competence}`}
            />
            {t(`partners.competence_${competence}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('partners.contactName')}
        <input value={form.contactName} onChange={(e) => set({ contactName: e.target.value })} maxLength={120} data-testid="partner-contact" />
      </label>
      <label>
        {t('partners.email')}
        <input type="email" value={form.email} onChange={(e) => set({ email: e.target.value })} maxLength={200} data-testid="partner-email" />
      </label>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="partners__actions">
        <button type="submit" className="primary" data-testid="save-partner">
          {t('partners.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('partners.cancel')}
        </button>
      </div>
    </form>
  );
}
