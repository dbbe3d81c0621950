import {
  compareCodes,
  institutionKey,
  institutionName,
  partnerKey,
  partnerOfKey,
  roundStatus,
  unitFingerprint,
  type Decision,
  type Institution,
  type ReviewResult,
  type DecisionStatus,
  type MapSnapshot,
  type RoundStatus,
  type UnitStatus,
} from '@qms/model';
import { can, type Role } from '@qms/protocol';
import { createContext, useContext, useMemo, useState } from 'react';
import { knownMap } from '../access';
import { useShownLanguage } from '../languages/shown-language';
import { languageName } from '../languages/content-languages';
import { useTranslation } from 'react-i18next';
import { unitBadgeState } from './badges';
import { NameForm } from './CommentsPanel';
import { PartnersSection } from './PartnersSection';
import { formatWhen, nodeLabel } from './format';
import { rememberIdentity, useReviewIdentity, type Identity } from './local-state';
import { functionalBranches, institutionsFromText } from './rounds';
import { useRefusal } from './use-refusal';
import type { Review } from './use-review';
import './review.css';

export interface ReviewPanelProps {
  review: Review;
  snapshot: MapSnapshot;
  role: Role;
  /** Who is using the app; the panel asks (once) for the institution they sign for if it is missing. */
  me: { name: string; institution?: string };
}

/**
 * Review rounds before a mobility: the owner opens a round on some units; each partner institution
 * marks each unit agreed or changes requested, with a comment; the table shows, per unit and
 * institution, who decided what and when — and when the unit changed after an agreement.
 */
/**
 * The language version a decision is about: the one this person reads the map in. A decision on a
 * translation records its language and the unit's fingerprint as read in it.
 */
const DecideIn = createContext<{ language?: string; fingerprint: (unit: UnitStatus) => string | undefined }>({ fingerprint: (unit) => unit.fingerprint });

export function ReviewPanel(props: ReviewPanelProps) {
  const { language, source } = useShownLanguage();
  const { snapshot } = props;
  const decideIn = useMemo(
    () =>
      language && language !== source
        ? { language, fingerprint: (unit: UnitStatus) => (unit.exists ? unitFingerprint(snapshot, unit.unitId, language) : undefined) }
        : { fingerprint: (unit: UnitStatus) => unit.fingerprint },
    [language, source, snapshot],
  );
  return (
    <DecideIn.Provider value={decideIn}>
      <ReviewRounds {...props} />
    </DecideIn.Provider>
  );
}

/** Who signs: the person, the institution they sign for, and the partner institution when their review link was issued to one. */
interface Signer extends Identity {
  institutionId?: string;
}

function ReviewRounds({ review, snapshot, role, me }: ReviewPanelProps) {
  const { t } = useTranslation();
  const { language, source } = useShownLanguage();
  const typed = useReviewIdentity(me);
  // A review link issued to a partner institution signs for it: its name is the map's, not typed.
  const partners = snapshot.meta.institutions ?? [];
  const boundId = knownMap(review.mapId)?.institutionId;
  const bound = boundId ? partners.find((partner) => partner.id === boundId) : undefined;
  const identity: Signer = useMemo(
    () => (bound ? { name: typed.name, institution: institutionName(bound, language || source, source), institutionId: bound.id } : typed),
    [bound, typed, language, source],
  );
  const canManage = can(role, 'manage') && review.writable;
  const canReview = can(role, 'review') && review.writable;
  const [creating, setCreating] = useState(false);
  const [showClosed, setShowClosed] = useState(false);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `review.version` counts the review document's changes
  const status = useMemo(() => (review.doc ? roundStatus(review.doc, snapshot, language || source) : []), [review.doc, review.version, snapshot, language, source]);
  const open = status.filter((round) => round.open);
  const closed = status.filter((round) => !round.open);
  const needsIdentity = canReview && (!identity.name || !identity.institution);

  return (
    <div className="review-panel" data-testid="review-panel">
      {!review.synced && (
        <p className="muted" aria-busy="true">
          {t('comments.loading')}
        </p>
      )}
      {!review.writable && review.doc && <p className="form-error">{t('comments.newerVersion')}</p>}
      <p className="muted">{t('review.intro')}</p>
      <PartnersSection mapId={review.mapId} snapshot={snapshot} canManage={can(role, 'manage')} />
      {needsIdentity ? (
        <NameForm askInstitution={!bound} initial={identity.name ? { name: identity.name } : {}} />
      ) : (
        canReview && <SigningAs identity={identity} fixed={Boolean(bound)} />
      )}
      {canManage && !creating && (
        <button type="button" onClick={() => setCreating(true)} data-testid="open-round">
          + {t('review.openRound')}
        </button>
      )}
      {canManage && creating && identity.name && <NewRoundForm review={review} snapshot={snapshot} identity={identity} onDone={() => setCreating(false)} />}
      {canManage && creating && !identity.name && <NameForm />}
      {status.length === 0 && <p className="muted">{t('review.noRounds')}</p>}
      {open.map((round) => (
        <RoundView key={round.id} round={round} review={review} identity={identity} partners={partners} canManage={canManage} canReview={canReview && !needsIdentity} />
      ))}
      {closed.length > 0 && (
        <section>
          <button type="button" className="link" aria-expanded={showClosed} onClick={() => setShowClosed(!showClosed)}>
            {showClosed ? '▾' : '▸'} {t('review.closedRounds', { count: closed.length })}
          </button>
          {showClosed &&
            closed.map((round) => (
              <RoundView key={round.id} round={round} review={review} identity={identity} partners={partners} canManage={canManage} canReview={false} />
            ))}
        </section>
      )}
    </div>
  );
}

function SigningAs({ identity, fixed }: { identity: Identity; fixed: boolean }) {
  const { t } = useTranslation();
  const [changing, setChanging] = useState(false);
  const [institution, setInstitution] = useState(identity.institution);
  if (!changing) {
    return (
      <p className="review-identity__line" data-testid="signing-as" data-fixed={fixed}>
        {t('review.signingAs', { name: identity.name, institution: identity.institution })}{' '}
        {fixed ? (
          <span className="muted">{t('review.linkIssuedTo')}</span>
        ) : (
          <button type="button" className="link" onClick={() => setChanging(true)}>
            {t('review.changeInstitution')}
          </button>
        )}
      </p>
    );
  }
  return (
    <form
      className="review-identity"
      onSubmit={(event) => {
        event.preventDefault();
        if (!institution.trim()) return;
        rememberIdentity({ name: identity.name, institution: institution.trim() });
        setChanging(false);
      }}
    >
      <label className="field">
        <span className="field__label">{t('review.yourInstitution')}</span>
        <input value={institution} maxLength={100} onChange={(e) => setInstitution(e.target.value)} autoFocus />
      </label>
      <button type="submit" disabled={!institution.trim()}>
        {t('comments.save')}
      </button>
    </form>
  );
}


function NewRoundForm({ review, snapshot, identity, onDone }: { review: Review; snapshot: MapSnapshot; identity: Identity; onDone(): void }) {
  const { t } = useTranslation();
  const units = useMemo(() => snapshot.nodes.filter((n) => n.kind === 'unit').sort((a, b) => compareCodes(a.code, b.code)), [snapshot.nodes]);
  const [title, setTitle] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const branches = useMemo(() => functionalBranches(snapshot), [snapshot]);
  const [pickedBranches, setPickedBranches] = useState<ReadonlySet<string>>(() => new Set());
  const [partners, setPartners] = useState('');
  const known = snapshot.meta.institutions ?? [];
  const [expected, setExpected] = useState<ReadonlySet<string>>(() => new Set(known.map((partner) => partner.id)));
  const { error, check } = useRefusal();
  const toggle = (id: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allPicked = units.length > 0 && units.every((u) => picked.has(u.id));
  const allBranches = branches.length > 0 && branches.every((b) => pickedBranches.has(b.keyFunction.id));
  const toggleBranch = (id: string) =>
    setPickedBranches((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <form
      className="new-round"
      data-testid="new-round"
      onSubmit={(event) => {
        event.preventDefault();
        const unitIds = [
          ...units.filter((u) => picked.has(u.id)).map((u) => u.id),
          ...branches.filter((b) => pickedBranches.has(b.keyFunction.id)).flatMap((b) => b.ids),
        ];
        const institutions = [...known.filter((partner) => expected.has(partner.id)).map((partner) => partnerKey(partner.id)), ...institutionsFromText(partners)];
        if (check(review.actions.openRound({ title, unitIds, institutions }, identity))) onDone();
      }}
    >
      <h3>{t('review.openRound')}</h3>
      <label className="field">
        <span className="field__label">{t('review.roundTitle')}</span>
        <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder={t('review.roundTitlePlaceholder')} autoFocus data-testid="round-title" />
      </label>
      <fieldset className="new-round__units">
        <legend>{t('review.pickUnits')}</legend>
        {units.length === 0 ? (
          <p className="muted">{t('review.noUnitsInMap')}</p>
        ) : (
          <>
            <label className="new-round__all">
              <input type="checkbox" checked={allPicked} onChange={() => setPicked(allPicked ? new Set() : new Set(units.map((u) => u.id)))} /> {t('review.allUnits')}
            </label>
            {units.map((unit) => (
              <label key={unit.id}>
                <input type="checkbox" checked={picked.has(unit.id)} onChange={() => toggle(unit.id)} data-testid="round-unit" /> {nodeLabel(unit) || t('kind.unit')}
              </label>
            ))}
          </>
        )}
      </fieldset>
      {branches.length > 0 && (
        <fieldset className="new-round__units" data-testid="round-functions">
          <legend>{t('review.pickFunctions')}</legend>
          <p className="field__hint">{t('review.pickFunctionsHint')}</p>
          <label className="new-round__all">
            <input
              type="checkbox"
              checked={allBranches}
              onChange={() => setPickedBranches(allBranches ? new Set() : new Set(branches.map((b) => b.keyFunction.id)))}
            />{' '}
            {t('review.allFunctions')}
          </label>
          {branches.map((branch) => (
            <label key={branch.keyFunction.id}>
              <input type="checkbox" checked={pickedBranches.has(branch.keyFunction.id)} onChange={() => toggleBranch(branch.keyFunction.id)} data-testid="round-function" />{' '}
              {nodeLabel(branch.keyFunction) || t('kind.keyFunction')} <span className="muted">({t('review.workActions', { count: branch.workActions })})</span>
            </label>
          ))}
        </fieldset>
      )}
      {known.length > 0 && (
        <fieldset className="new-round__units">
          <legend>{t('review.expectedPartners')}</legend>
          {known.map((partner) => (
            <label key={partner.id}>
              <input
                type="checkbox"
                checked={expected.has(partner.id)}
                onChange={() =>
                  setExpected((current) => {
                    const next = new Set(current);
                    if (next.has(partner.id)) next.delete(partner.id);
                    else next.add(partner.id);
                    return next;
                  })
                }
                data-testid="round-partner"
              />{' '}
              {institutionName(partner, snapshot.meta.language)}
            </label>
          ))}
        </fieldset>
      )}
      <label className="field">
        <span className="field__label">{known.length > 0 ? t('review.otherPartners') : t('review.partners')}</span>
        <textarea className="field-textarea" rows={3} value={partners} onChange={(e) => setPartners(e.target.value)} placeholder={t('review.partnersPlaceholder')} />
        <span className="field__hint">{t('review.partnersHint')}</span>
      </label>
      {error && <p className="form-error">{error}</p>}
      <div className="new-round__actions">
        <button type="submit" disabled={!title.trim() || (picked.size === 0 && pickedBranches.size === 0)} data-testid="start-round">
          {t('review.startRound')}
        </button>{' '}
        <button type="button" className="link" onClick={onDone}>
          {t('comments.cancel')}
        </button>
      </div>
    </form>
  );
}

function RoundView({
  round,
  review,
  identity,
  partners,
  canManage,
  canReview,
}: {
  round: RoundStatus;
  review: Review;
  identity: Signer;
  partners: readonly Institution[];
  canManage: boolean;
  canReview: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { error, check } = useRefusal();
  const [deciding, setDeciding] = useState<string | null>(null);
  const decisive = canReview && round.open;
  const agreed = round.units.filter((u) => u.overall === 'agreed' && !u.stale).length;

  return (
    <section className={`round${round.open ? '' : ' round--closed'}`} data-testid="round" data-round-id={round.id}>
      <header className="round__head">
        <h3>{round.title}</h3>
        <p className="muted">
          {t('review.openedBy', { name: round.openedBy.name, when: formatWhen(round.openedAt, i18n.language) })}
          {!round.open && round.closedAt !== undefined && <> · {t('review.closedBy', { name: round.closedBy?.name ?? '?', when: formatWhen(round.closedAt, i18n.language) })}</>}
        </p>
        <p>{t('review.progress', { agreed, total: round.units.length })}</p>
        {canManage && (
          <button
            type="button"
            onClick={() => check(round.open ? review.actions.closeRound(round.id, identity) : review.actions.reopenRound(round.id))}
            data-testid={round.open ? 'close-round' : 'reopen-round'}
          >
            {round.open ? t('review.closeRound') : t('review.reopenRound')}
          </button>
        )}
      </header>
      {error && <p className="form-error">{error}</p>}
      <div className="round__table-wrap">
        <table className="round__table">
          <thead>
            <tr>
              <th scope="col">{round.units.every((u) => u.kind === 'unit' || !u.exists) ? t('kind.unit') : t('review.item')}</th>
              {round.columnKeys.map((key, i) => (
                <th scope="col" key={key} data-partner={partnerOfKey(key) !== undefined}>
                  {round.columns[i]}
                  {canManage && partnerOfKey(key) === undefined && partners.length > 0 && (
                    <AttachColumn name={round.columns[i]!} partners={partners} onAttach={(partnerId) => check(review.actions.attachSignOffs(round.columns[i]!, partnerId))} />
                  )}
                </th>
              ))}
              <th scope="col">{t('review.overall')}</th>
              {decisive && <th scope="col">{t('review.yourDecision')}</th>}
            </tr>
          </thead>
          <tbody>
            {round.units.map((unit) => (
              <UnitRow
                key={unit.unitId}
                unit={unit}
                round={round}
                review={review}
                identity={identity}
                decisive={decisive}
                deciding={deciding === unit.unitId}
                onDecide={(open) => setDeciding(open ? unit.unitId : null)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function UnitRow({
  unit,
  round,
  review,
  identity,
  decisive,
  deciding,
  onDecide,
}: {
  unit: UnitStatus;
  round: RoundStatus;
  review: Review;
  identity: Signer;
  decisive: boolean;
  deciding: boolean;
  onDecide(open: boolean): void;
}) {
  const { t } = useTranslation();
  const decideIn = useContext(DecideIn);
  const byKey = new Map(unit.decisions.map((d) => [d.key, d]));
  const mine = byKey.get(identity.institutionId ? partnerKey(identity.institutionId) : institutionKey(identity.institution));
  const state = unitBadgeState(unit);
  const span = round.columns.length + 2 + (decisive ? 1 : 0);
  return (
    <>
      <tr data-testid="round-unit-row" data-unit-id={unit.unitId} data-state={state}>
        <th scope="row" className="round__unit">
          {unit.exists ? nodeLabel(unit, 50) || t(`kind.${unit.kind}`) : <span className="muted">{t('review.unitRemoved')}</span>}
        </th>
        {round.columnKeys.map((key) => {
          const decision = byKey.get(key);
          return <td key={key}>{decision ? <DecisionCell decision={decision} /> : <span className="muted">{t('review.state.pending')}</span>}</td>;
        })}
        <td>
          <span className={`review-state review-state--${state}`}>{t(`review.state.${state}`)}</span>
        </td>
        {decisive && (
          <td>
            {unit.exists && unit.fingerprint !== undefined && (
              <button type="button" onClick={() => onDecide(!deciding)} aria-expanded={deciding} data-testid="decide">
                {mine ? t('review.changeDecision') : t('review.decide')}
              </button>
            )}
          </td>
        )}
      </tr>
      {deciding && unit.fingerprint !== undefined && (
        <tr className="round__decide-row">
          <td colSpan={span}>
            <DecisionForm
              initial={mine}
              onCancel={() => onDecide(false)}
              onSubmit={(decision, comment) =>
                review.actions.signOff(round.id, unit.unitId, decision, comment, identity, decideIn.fingerprint(unit) ?? unit.fingerprint!, {
                  ...(decideIn.language ? { language: decideIn.language } : {}),
                  ...(identity.institutionId ? { institutionId: identity.institutionId } : {}),
                })
              }
              onDone={() => onDecide(false)}
              institution={identity.institution}
            />
          </td>
        </tr>
      )}
    </>
  );
}

/** The owner's way to count a column of decisions signed with a typed name for a partner institution. */
function AttachColumn({ name, partners, onAttach }: { name: string; partners: readonly Institution[]; onAttach(partnerId: string): void }) {
  const { t } = useTranslation();
  return (
    <select
      className="round__attach"
      value=""
      aria-label={t('review.attachTo', { name })}
      onChange={(event) => event.target.value && onAttach(event.target.value)}
      data-testid="attach-column"
    >
      <option value="">{t('review.attach')}</option>
      {partners.map((partner) => (
        <option key={partner.id} value={partner.id}>
          {institutionName(partner, '')}
        </option>
      ))}
    </select>
  );
}

function DecisionCell({ decision }: { decision: DecisionStatus }) {
  const { t, i18n } = useTranslation();
  return (
    <div className={`decision decision--${decision.status}`} data-testid="decision" data-status={decision.status} data-stale={decision.stale}>
      <span className={`review-state review-state--${decision.status}`}>
        {decision.status === 'agreed' ? '✓ ' : '✎ '}
        {t(`review.state.${decision.status}`)}
      </span>
      <span className="decision__who muted">
        {decision.by.name}, {formatWhen(decision.at, i18n.language)}
        {decision.language && (
          <span className="decision__language" data-testid="decision-language" data-language={decision.language}>
            {' · '}
            {t('review.inLanguage', { language: languageName(decision.language, i18n.language) })}
          </span>
        )}
      </span>
      {decision.comment && <q className="decision__comment">{decision.comment}</q>}
      {decision.stale && (
        <span className="decision__stale" role="note" data-testid="stale">
          ⚠ {decision.status === 'agreed' ? t('review.stale') : t('review.staleChanges')}
        </span>
      )}
    </div>
  );
}

function DecisionForm({
  initial,
  institution,
  onSubmit,
  onCancel,
  onDone,
}: {
  initial: DecisionStatus | undefined;
  institution: string;
  onSubmit(decision: Decision, comment: string): ReviewResult<void>;
  onCancel(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<Decision>(initial?.status ?? 'agreed');
  const [comment, setComment] = useState(initial?.comment ?? '');
  const { error, check } = useRefusal();
  const missingComment = decision === 'changes-requested' && !comment.trim();
  return (
    <form
      className="decision-form"
      data-testid="decision-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (check(onSubmit(decision, comment))) onDone();
      }}
    >
      <p>{t('review.decideFor', { institution })}</p>
      <span className="segmented">
        <button type="button" className={decision === 'agreed' ? 'is-on' : ''} aria-pressed={decision === 'agreed'} onClick={() => setDecision('agreed')} data-testid="decision-agreed">
          ✓ {t('review.state.agreed')}
        </button>
        <button
          type="button"
          className={decision === 'changes-requested' ? 'is-on' : ''}
          aria-pressed={decision === 'changes-requested'}
          onClick={() => setDecision('changes-requested')}
          data-testid="decision-changes"
        >
          ✎ {t('review.state.changes-requested')}
        </button>
      </span>
      <label className="field">
        <span className="field__label">{decision === 'changes-requested' ? t('review.commentRequired') : t('review.commentOptional')}</span>
        <textarea
          className="field-textarea"
          rows={3}
          maxLength={5000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          onKeyDown={(e) => e.stopPropagation()}
          data-testid="decision-comment"
        />
      </label>
      {error && <p className="form-error">{error}</p>}
      <button type="submit" disabled={missingComment} data-testid="save-decision">
        {t('review.saveDecision')}
      </button>{' '}
      <button type="button" className="link" onClick={onCancel}>
        {t('comments.cancel')}
      </button>
    </form>
  );
}
