import { COMPETENCES, INSTITUTION_ROLES, institutionName, type Institution, type InstitutionRole, type MapSnapshot } from '@qms/model';
import type { ReviewLinkInfo } from '@qms/protocol';
import { useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shareLink } from '../access';
import { api } from '../api';
import { EditorContext, useEditor } from '../editor/editor-context';

/**
 * The map's partner institutions (model institutions.ts): who sends learners and who hosts them,
 * and what each is competent for. Everyone sees them; the owner adds and removes them (the server
 * takes their changes from the owner only).
 */
export function PartnersSection({ mapId, snapshot, canManage: owner }: { mapId: string; snapshot: MapSnapshot; canManage: boolean }) {
  const { t } = useTranslation();
  // Changed through the open map's editor; shown without one too (a saved version, a static render).
  const editor = useContext(EditorContext);
  const canManage = owner && editor !== null;
  const partners = snapshot.meta.institutions ?? [];
  const [adding, setAdding] = useState(false);
  const name = (institution: Institution) => institutionName(institution, snapshot.meta.language);
  const links = useReviewLinks(mapId, canManage);
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
            {canManage && <PartnerLinks partner={partner} mapId={mapId} links={links} partnerName={name(partner)} />}
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

interface ReviewLinksState {
  list: readonly ReviewLinkInfo[];
  error: string | null;
  reload(): void;
}

/** The map's review links (owner only): which partner has how many. */
function useReviewLinks(mapId: string, enabled: boolean): ReviewLinksState {
  const [list, setList] = useState<readonly ReviewLinkInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    api.reviewLinks(mapId).then(
      (links) => !cancelled && (setList(links), setError(null)),
      (failure: Error) => !cancelled && setError(failure.message),
    );
    return () => {
      cancelled = true;
    };
  }, [mapId, enabled, generation]);
  return { list, error, reload: () => setGeneration((n) => n + 1) };
}

/**
 * A partner's review links: a new one (shown once, to copy and send to the partner: sign-offs made
 * through it speak for this institution only), and stopping those already sent.
 */
function PartnerLinks({ partner, mapId, links, partnerName }: { partner: Institution; mapId: string; links: ReviewLinksState; partnerName: string }) {
  const { t } = useTranslation();
  const [made, setMade] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const own = links.list.filter((link) => link.institutionId === partner.id);
  const issue = async () => {
    setProblem(null);
    try {
      const { token } = await api.newReviewLink(mapId, partner.id);
      setMade(shareLink(mapId, token));
      links.reload();
    } catch (failure) {
      setProblem((failure as Error).message);
    }
  };
  const revokeAll = async () => {
    setProblem(null);
    try {
      for (const link of own) await api.revokeReviewLink(mapId, link.id);
      setMade(null);
    } catch (failure) {
      setProblem((failure as Error).message);
    }
    links.reload();
  };
  const copy = async () => {
    if (!made) return;
    try {
      await navigator.clipboard.writeText(made);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard here: the link is selected in its field, to copy by hand.
    }
  };
  return (
    <span className="partners__links" data-testid="partner-links" data-count={own.length}>
      {' '}
      <button type="button" className="link" onClick={issue} data-testid="issue-review-link" aria-label={t('partners.issueLinkFor', { name: partnerName })}>
        {t('partners.issueLink')}
      </button>
      {own.length > 0 && (
        <>
          {' · '}
          <button type="button" className="link" onClick={revokeAll} data-testid="revoke-review-links">
            {t('partners.revokeLinks', { count: own.length })}
          </button>
        </>
      )}
      {made && (
        <span className="partners__new-link">
          <input readOnly value={made} onFocus={(event) => event.target.select()} data-testid="review-link" aria-label={t('partners.linkFor', { name: partnerName })} />
          <button type="button" onClick={copy}>
            {copied ? t('share.copied') : t('share.copy')}
          </button>
          <span className="muted">{t('partners.linkHint', { name: partnerName })}</span>
        </span>
      )}
      {(problem ?? links.error) && <span className="form-error"> {problem ?? links.error}</span>}
    </span>
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
