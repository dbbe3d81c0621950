import { RATING_MAX, RATING_MIN, RATING_SCALES, TRAINING_NEEDS, voteKey, type DecisionRule, type IdeaCard, type MapEditor, type MapSnapshot, type Rating, type RatingScale, type TrainingNeed } from '@qms/model';
import type { RevealWhat } from '@qms/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { api } from '../api';
import * as act from './actions';
import { HEAT_SCALES, type HeatScale } from './canvas';
import { revealFailure, writeIdea, writeRating, type MergedWorkshop } from './private';
import { NEED_CONDITIONS, draftOf, withDraft, withNewRule, withoutRule, type DraftProblem, type NeedCondition, type RuleDraft } from './rules-editor';
import type { PrivateWorkshop } from './use-private-workshop';
import { dotsSpent } from './state';
import { endTimer, everyoneDone, extendTimer, pauseTimer, startTimer } from './timer';
import './workshop.css';

type PromoteKind = 'keyFunction' | 'mainFunction' | 'workAction';
const PROMOTE_KINDS: readonly PromoteKind[] = ['keyFunction', 'mainFunction', 'workAction'];
const NO_RATING: Rating = { criticality: 3, frequency: 3, difficulty: 3, trainingNeed: 'both' };

interface Props {
  doc: Y.Doc;
  mapId: string;
  state: MergedWorkshop;
  privateWorkshop: PrivateWorkshop;
  facilitator: boolean;
  me: string;
  myName: string;
  snapshot: MapSnapshot;
  selectedId: string | null;
  editor: MapEditor;
  heat: boolean;
  onHeat: (on: boolean) => void;
  heatScale: HeatScale;
  onHeatScale: (scale: HeatScale) => void;
  sound: boolean;
  onSound: (on: boolean) => void;
  onClose: () => void;
}

const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The workshop beside the canvas: stages and timer for the facilitator, cards and ratings for everyone. */
export function WorkshopPanel({ doc, mapId, state, privateWorkshop, facilitator, me, myName, snapshot, selectedId, editor, heat, onHeat, heatScale, onHeatScale, sound, onSound, onClose }: Props) {
  const { t } = useTranslation();
  const [idea, setIdea] = useState('');
  const [hint, setHint] = useState<PromoteKind | ''>('');
  const [nameDraft, setNameDraft] = useState(myName);
  const selected = snapshot.nodes.find((n) => n.id === selectedId);
  const workActions = useMemo(() => snapshot.nodes.filter((n) => n.kind === 'workAction').map((n) => n.id), [snapshot.nodes]);
  const selectedWa = selected?.kind === 'workAction' ? selected : undefined;
  const myRating = selectedWa ? state.ratings.find((r) => r.workActionId === selectedWa.id && r.participantId === me)?.rating : undefined;
  const target = privateWorkshop.target!;
  // A write the private document is not open for yet: said, and nothing written anywhere.
  const [unsaved, setUnsaved] = useState(false);
  const rate = (change: Partial<Rating>) => selectedWa && setUnsaved(!writeRating(target, selectedWa.id, me, { ...(myRating ?? NO_RATING), ...change }));
  const reveal = useReveal(mapId, doc, myName);
  // Participants who have rated every work action.
  const raters = useMemo(() => [...state.participants.keys()].filter((p) => everyoneDone([p], workActions, state.ratings)), [state.participants, workActions, state.ratings]);
  const done = everyoneDone([...state.participants.keys()], workActions, state.ratings);
  const stageCount = state.stages.length;

  // 1–5 rate the selected work action's criticality; ] and [ move the stage (facilitators).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const n = Number(event.key);
      if (selectedWa && Number.isInteger(n) && n >= RATING_MIN && n <= RATING_MAX) {
        setUnsaved(!writeRating(target, selectedWa.id, me, { ...(myRating ?? NO_RATING), criticality: n }));
        event.preventDefault();
      } else if (facilitator && state.started && (event.key === ']' || event.key === '[')) {
        act.setStage(doc, state.stage + (event.key === ']' ? 1 : -1), stageCount, myName);
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doc, target, me, myName, myRating, selectedWa, facilitator, state.started, state.stage, stageCount]);

  // Everything this browser reads is its to see: the visible cards, and the private ones it may read.
  const shownIdeas = state.ideas.filter((card) => card.status !== 'merged');
  const openIdeas = shownIdeas.filter((card) => !state.privateCards.has(card.id));
  const spent = dotsSpent(state.votes, me);
  const timerMinutes = state.stages[state.stage]?.minutes ?? 20;

  return (
    <aside className="workshop-panel" aria-label={t('workshop.title')} data-testid="workshop-panel">
      <header className="workshop-panel__head">
        <h2>{t('workshop.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('workshop.close')}>
          ×
        </button>
      </header>
      {!state.started ? (
        facilitator ? (
          <button type="button" className="primary" onClick={() => act.startWorkshop(doc, myName)} data-testid="workshop-start">
            {t('workshop.start')}
          </button>
        ) : (
          <p className="muted">{t('workshop.notStarted')}</p>
        )
      ) : (
        <>
          {!facilitator && !state.participants.has(me) && (
            <form
              className="workshop-name"
              onSubmit={(event) => {
                event.preventDefault();
                act.setName(doc, me, nameDraft);
              }}
            >
              <label>
                {t('workshop.yourName')}
                <input value={nameDraft} onChange={(e) => setNameDraft(e.target.value)} maxLength={100} data-testid="workshop-name" />
              </label>
              <button type="submit" disabled={!nameDraft.trim()} data-testid="workshop-join">
                {t('workshop.join')}
              </button>
            </form>
          )}

          {facilitator && (
            <section>
              <h3>{t('workshop.stages')}</h3>
              <ol className="workshop-stages">
                {state.stages.map((stage, i) => (
                  <li key={i} className={i === state.stage ? 'is-current' : ''}>
                    <input
                      aria-label={t('workshop.stageTitle')}
                      defaultValue={stage.title || t(`workshop.stageKind.${stage.kind}`)}
                      onBlur={(e) => {
                        const title = e.target.value.trim();
                        if (title !== (stage.title || t(`workshop.stageKind.${stage.kind}`))) act.setStages(doc, state.stages.map((s, j) => (j === i ? { ...s, title } : s)), myName);
                      }}
                    />
                    <input
                      type="number"
                      min={1}
                      max={240}
                      aria-label={t('workshop.minutes')}
                      defaultValue={stage.minutes ?? 20}
                      onBlur={(e) => {
                        const minutes = Math.round(Number(e.target.value));
                        if (minutes >= 1 && minutes !== stage.minutes) act.setStages(doc, state.stages.map((s, j) => (j === i ? { ...s, minutes } : s)), myName);
                      }}
                    />
                  </li>
                ))}
              </ol>
              <div className="workshop-row">
                <button type="button" disabled={state.stage === 0} onClick={() => act.setStage(doc, state.stage - 1, stageCount, myName)} title="[">
                  {t('workshop.previous')}
                </button>
                <button type="button" disabled={state.stage >= stageCount - 1} onClick={() => act.setStage(doc, state.stage + 1, stageCount, myName)} title="]" data-testid="workshop-next">
                  {t('workshop.next')}
                </button>
              </div>
              <div className="workshop-row">
                <button type="button" onClick={() => act.setTimer(doc, startTimer(state.timer, Date.now(), timerMinutes), 'start', myName)} disabled={state.timer.status === 'running'} data-testid="timer-start">
                  {t('workshop.timerStart')}
                </button>
                <button type="button" onClick={() => act.setTimer(doc, pauseTimer(state.timer, Date.now()), 'pause', myName)} disabled={state.timer.status !== 'running'} data-testid="timer-pause">
                  {t('workshop.timerPause')}
                </button>
                <button type="button" onClick={() => act.setTimer(doc, extendTimer(state.timer, Date.now()), 'extend', myName)} disabled={state.timer.status === 'idle'} data-testid="timer-extend">
                  {t('workshop.timerExtend')}
                </button>
                <button type="button" onClick={() => act.setTimer(doc, endTimer(state.timer), 'end', myName)} disabled={state.timer.status === 'idle' || state.timer.status === 'ended'} data-testid="timer-end">
                  {t('workshop.timerEnd')}
                </button>
              </div>
              <label className="workshop-check">
                <input type="checkbox" checked={state.structureLocked} onChange={(e) => act.setFlag(doc, 'structureLocked', e.target.checked, myName)} data-testid="workshop-structureLocked" />
                {t('workshop.structureLocked')}
              </label>
              {(['hideRatings', 'privateIdeas'] as const).map((flag) => {
                const what: RevealWhat = flag === 'hideRatings' ? 'ratings' : 'ideas';
                return (
                  <label key={flag} className="workshop-check" title={state[flag] ? t(`workshop.${flag}Off`) : undefined}>
                    <input
                      type="checkbox"
                      checked={state[flag]}
                      disabled={reveal.status[what].state === 'pending'}
                      // Turning it off shows everything hidden: the same as revealing.
                      onChange={(e) => (e.target.checked ? act.setFlag(doc, flag, true, myName) : reveal.run(what))}
                      data-testid={`workshop-${flag}`}
                    />
                    {t(`workshop.${flag}`)}
                  </label>
                );
              })}
              <PrivateSummary state={state} reveal={reveal} open={privateWorkshop.open} />
              <RulesEditor rules={state.rules} onChange={(rules) => act.setRules(doc, rules, myName)} />
              <button type="button" onClick={() => act.endWorkshop(doc, myName)}>
                {t('workshop.end')}
              </button>
            </section>
          )}

          <section>
            <label className="workshop-check">
              <input type="checkbox" checked={heat} onChange={(e) => onHeat(e.target.checked)} data-testid="workshop-heat" />
              {t('workshop.heatMap')}
            </label>
            <label className="workshop-check">
              {t('workshop.heatBy')}
              <select value={heatScale} onChange={(e) => onHeatScale(e.target.value as HeatScale)} data-testid="workshop-heat-scale">
                {HEAT_SCALES.map((scale) => (
                  <option key={scale} value={scale}>
                    {t(`workshop.heatScale.${scale}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="workshop-check">
              <input type="checkbox" checked={sound} onChange={(e) => onSound(e.target.checked)} />
              {t('workshop.sound')}
            </label>
          </section>

          <section>
            <h3>{t('workshop.ideas')}</h3>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const added = writeIdea(target, me, state.participants.get(me) ?? myName, idea, hint || undefined);
                if (added) setIdea('');
                setUnsaved(Boolean(idea.trim()) && !added);
              }}
            >
              <textarea value={idea} onChange={(e) => setIdea(e.target.value)} maxLength={500} rows={2} aria-label={t('workshop.ideaText')} placeholder={t('workshop.ideaText')} data-testid="idea-text" />
              <div className="workshop-row">
                <select value={hint} onChange={(e) => setHint(e.target.value as PromoteKind | '')} aria-label={t('workshop.kindHint')}>
                  <option value="">{t('workshop.anyKind')}</option>
                  {PROMOTE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`kind.${k}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" disabled={!idea.trim()} data-testid="idea-add">
                  {t('workshop.addIdea')}
                </button>
              </div>
            </form>
            {target.privateIdeas && <p className="workshop-private-note" data-testid="ideas-private-note">{t('workshop.ideasPrivateNote')}</p>}
            <p className="muted">{t('workshop.dotsLeft', { left: Math.max(0, state.dotsPerPerson - spent), total: state.dotsPerPerson })}</p>
            <ul className="workshop-ideas">
              {shownIdeas.map((card) => (
                <IdeaItem
                  key={card.id}
                  card={card}
                  others={openIdeas}
                  hidden={state.privateCards.has(card.id)}
                  facilitator={facilitator}
                  dots={[...state.votes].filter(([key]) => key.startsWith(`${card.id}/`)).reduce((a, [, n]) => a + n, 0)}
                  mine={state.votes.get(voteKey(card.id, me)) ?? 0}
                  canVote={spent < state.dotsPerPerson}
                  selected={selected}
                  onVote={(n) => act.setVote(doc, card.id, me, n)}
                  onMerge={(into) => act.mergeIdea(doc, card, into, myName)}
                  onPromote={(kind) => selected && act.promoteIdea(doc, editor, card, kind, selected.id, myName)}
                />
              ))}
            </ul>
          </section>

          <section>
            <h3>{t('workshop.rating')}</h3>
            <p className={done ? 'workshop-done' : 'muted'} data-testid="workshop-everyone-done" data-done={done}>
              {done ? t('workshop.everyoneDone') : t('workshop.ratedBy', { amount: raters.length, total: state.participants.size })}
            </p>
            {target.hideRatings && <p className="workshop-private-note" data-testid="ratings-private-note">{t('workshop.ratingsPrivateNote')}</p>}
            {(unsaved || privateWorkshop.problem) && (
              <p className="workshop-error" role="alert" data-testid="workshop-private-problem">
                {t(privateWorkshop.problem === 'full' ? 'workshop.privateFull' : privateWorkshop.problem === 'refused' ? 'workshop.privateRefused' : 'workshop.privateNotOpen')}
              </p>
            )}
            {selectedWa ? (
              <div className="workshop-rating" data-testid="workshop-rating">
                <p>
                  <strong>{selectedWa.code}</strong> {selectedWa.title}
                  {state.privateRatings.has(`${selectedWa.id}/${me}`) && (
                    <span className="workshop-private-mark" data-testid="my-rating-private">
                      {' '}
                      {t('workshop.privateMark')}
                    </span>
                  )}
                </p>
                {RATING_SCALES.map((scale) => (
                  <div key={scale} className="workshop-row" role="group" aria-label={t(`workshop.scale.${scale}`)}>
                    <span className="workshop-scale">{t(`workshop.scale.${scale}`)}</span>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <button key={n} type="button" className={myRating?.[scale] === n ? 'is-on' : ''} aria-pressed={myRating?.[scale] === n} onClick={() => rate({ [scale]: n })} data-testid={`rate-${scale}-${n}`}>
                        {n}
                      </button>
                    ))}
                  </div>
                ))}
                <label>
                  {t('workshop.trainingNeed')}{' '}
                  <select value={myRating?.trainingNeed ?? ''} onChange={(e) => rate({ trainingNeed: e.target.value as TrainingNeed })} data-testid="rate-need">
                    {!myRating && <option value="">—</option>}
                    {TRAINING_NEEDS.map((need) => (
                      <option key={need} value={need}>
                        {t(`workshop.need.${need}`)}
                      </option>
                    ))}
                  </select>
                </label>
                {state.summaries.get(selectedWa.id) && (
                  <p className="muted">
                    {t('workshop.summary', { amount: state.summaries.get(selectedWa.id)!.count, mean: state.summaries.get(selectedWa.id)!.mean.criticality, spread: state.summaries.get(selectedWa.id)!.spread.criticality })}
                  </p>
                )}
                {facilitator && <DecisionForm key={selectedWa.id} current={state.decisions.get(selectedWa.id)} onDecide={(d, reason) => act.decide(doc, selectedWa.id, d, reason, myName)} />}
              </div>
            ) : (
              <p className="muted">{t('workshop.selectWorkAction')}</p>
            )}
          </section>
        </>
      )}
    </aside>
  );
}

function IdeaItem(props: {
  card: IdeaCard;
  /** Read from a private document: neither voted on, promoted nor merged until revealed. */
  hidden: boolean;
  others: readonly IdeaCard[];
  facilitator: boolean;
  dots: number;
  mine: number;
  canVote: boolean;
  selected: { id: string; kind: string; title: string } | undefined;
  onVote: (n: number) => void;
  onMerge: (into: IdeaCard) => void;
  onPromote: (kind: PromoteKind) => void;
}) {
  const { t } = useTranslation();
  const { card, others, hidden, facilitator, dots, mine, canVote, selected } = props;
  const [kind, setKind] = useState<PromoteKind>(card.kindHint ?? 'workAction');
  return (
    <li className={`workshop-idea workshop-idea--${card.status}${hidden ? ' is-private' : ''}`} data-testid="idea-card" data-status={card.status} data-private={hidden}>
      <p>{card.text}</p>
      {hidden && <span className="workshop-private-mark">{t('workshop.privateMark')} </span>}
      <span className="muted">
        {card.authorName ?? ''} {card.kindHint ? `· ${t(`kind.${card.kindHint}`)}` : ''} · {t('workshop.dots', { amount: dots })}
      </span>
      {!hidden && (
      <div className="workshop-row">
        <button type="button" disabled={!canVote} onClick={() => props.onVote(mine + 1)} aria-label={t('workshop.vote')}>
          +●
        </button>
        {mine > 0 && (
          <button type="button" onClick={() => props.onVote(mine - 1)} aria-label={t('workshop.unvote')}>
            −●
          </button>
        )}
        {facilitator && card.status === 'open' && (
          <>
            <select value={kind} onChange={(e) => setKind(e.target.value as PromoteKind)} aria-label={t('workshop.promoteAs')}>
              {PROMOTE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
            <button type="button" disabled={!selected} title={selected ? selected.title : t('workshop.selectParent')} onClick={() => props.onPromote(kind)} data-testid="idea-promote">
              {t('workshop.promote')}
            </button>
            <select value="" onChange={(e) => { const into = others.find((o) => o.id === e.target.value); if (into) props.onMerge(into); }} aria-label={t('workshop.mergeInto')}>
              <option value="">{t('workshop.mergeInto')}</option>
              {others.filter((o) => o.id !== card.id && o.status === 'open').map((o) => (
                <option key={o.id} value={o.id}>
                  {o.text.slice(0, 40)}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      )}
    </li>
  );
}

function DecisionForm({ current, onDecide }: { current: { decision: 'train' | 'not-trained'; reason: string } | undefined; onDecide: (d: 'train' | 'not-trained', reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState(current?.reason ?? '');
  return (
    <div className="workshop-decision">
      <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder={t('workshop.reason')} aria-label={t('workshop.reason')} />
      <div className="workshop-row">
        <button type="button" className={current?.decision === 'train' ? 'is-on' : ''} onClick={() => onDecide('train', reason)}>
          {t('workshop.train')}
        </button>
        <button type="button" className={current?.decision === 'not-trained' ? 'is-on' : ''} onClick={() => onDecide('not-trained', reason)}>
          {t('workshop.notTrained')}
        </button>
      </div>
    </div>
  );
}

type RevealStatus = { readonly state: 'idle' } | { readonly state: 'pending' } | { readonly state: 'done'; readonly revealed: number } | { readonly state: 'failed'; readonly reason: string };

interface Reveal {
  readonly status: Readonly<Record<RevealWhat, RevealStatus>>;
  run(what: RevealWhat): void;
}

const FLAG_OF: Record<RevealWhat, 'hideRatings' | 'privateIdeas'> = { ratings: 'hideRatings', ideas: 'privateIdeas' };

/**
 * Reveals every participant's private ratings or cards (the server moves them into the review),
 * then turns the flag off, so that what is written from then on is seen at once.
 */
function useReveal(mapId: string, doc: Y.Doc, myName: string): Reveal {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Record<RevealWhat, RevealStatus>>({ ratings: { state: 'idle' }, ideas: { state: 'idle' } });
  const run = useCallback(
    (what: RevealWhat) => {
      setStatus((s) => ({ ...s, [what]: { state: 'pending' } }));
      api.revealWorkshop(mapId, what).then(
        (revealed) => {
          act.setFlag(doc, FLAG_OF[what], false, myName);
          setStatus((s) => ({ ...s, [what]: { state: 'done', revealed } }));
        },
        (error: unknown) => {
          const failure = revealFailure(error);
          const reason = 'reason' in failure ? t(failure.reason === 'offline' ? 'workshop.revealOffline' : 'workshop.revealForbidden') : failure.message;
          setStatus((s) => ({ ...s, [what]: { state: 'failed', reason } }));
        },
      );
    },
    [mapId, doc, myName, t],
  );
  return { status, run };
}

/** For the facilitator: what is hidden from the room, and revealing it. */
function PrivateSummary({ state, reveal, open }: { state: MergedWorkshop; reveal: Reveal; open: number }) {
  const { t } = useTranslation();
  const parts: Array<{ what: RevealWhat; on: boolean; count: string }> = [
    { what: 'ratings', on: state.hideRatings, count: t('workshop.ratedPrivately', { count: state.hidden.raters, ratings: state.hidden.ratings }) },
    { what: 'ideas', on: state.privateIdeas, count: t('workshop.ideasPrivately', { count: state.hidden.authors, ideas: state.hidden.ideas }) },
  ];
  const shown = parts.filter((p) => p.on || reveal.status[p.what].state !== 'idle');
  if (shown.length === 0) return null;
  return (
    <div className="workshop-private" data-testid="workshop-private">
      {(state.hideRatings || state.privateIdeas) && <p className="muted">{t('workshop.privateDocuments', { count: open })}</p>}
      {shown.map(({ what, on, count }) => {
        const status = reveal.status[what];
        return (
          <div key={what} className="workshop-row" data-testid={`private-${what}`}>
            {on && <span data-testid={`private-${what}-count`}>{count}</span>}
            {on && (
              <button type="button" onClick={() => reveal.run(what)} disabled={status.state === 'pending'} data-testid={`reveal-${what}`}>
                {t(`workshop.reveal.${what}`)}
              </button>
            )}
            <span role="status" data-testid={`reveal-${what}-status`} data-state={status.state}>
              {status.state === 'pending' && t('workshop.revealing')}
              {status.state === 'done' && t(`workshop.revealed.${what}`, { count: status.revealed })}
            </span>
            {status.state === 'failed' && (
              <span className="workshop-error" role="alert" data-testid={`reveal-${what}-error`}>
                {t('workshop.revealFailed', { reason: status.reason })}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** The agreed decision rules: bounds on each scale's mean and a condition on the majority training need. */
function RulesEditor({ rules, onChange }: { rules: readonly DecisionRule[]; onChange: (rules: DecisionRule[]) => void }) {
  const { t } = useTranslation();
  return (
    <div className="workshop-rules" data-testid="workshop-rules">
      <h3>{t('workshop.rules')}</h3>
      {rules.length === 0 && <p className="muted">{t('workshop.noRules')}</p>}
      {rules.map((rule) => (
        <RuleRow key={rule.id} rule={rule} onChange={(draft) => {
          const next = withDraft(rules, draft);
          if ('problem' in next) return next.problem;
          onChange(next.rules);
          return null;
        }} onRemove={() => onChange(withoutRule(rules, rule.id))} />
      ))}
      <button type="button" onClick={() => onChange(withNewRule(rules))} data-testid="rule-add">
        {t('workshop.addRule')}
      </button>
    </div>
  );
}

function RuleRow({ rule, onChange, onRemove }: { rule: DecisionRule; onChange: (draft: RuleDraft) => DraftProblem | null; onRemove: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(rule));
  const [problem, setProblem] = useState<DraftProblem | null>(null);
  // The rule as stored changed (here or by another facilitator): the fields read it again.
  const stored = JSON.stringify(rule);
  const [seen, setSeen] = useState(stored);
  if (seen !== stored) {
    setSeen(stored);
    setDraft(draftOf(rule));
  }
  const commit = (next: RuleDraft) => setProblem(onChange(next));
  return (
    <fieldset className="workshop-rule" data-testid="rule-row" data-rule={rule.id}>
      <legend>{t('workshop.ruleLegend', { id: rule.id })}</legend>
      {RATING_SCALES.map((scale: RatingScale) => (
        <label key={scale} className="workshop-check">
          {t('workshop.ruleMin', { scale: t(`workshop.scale.${scale}`) })}
          <input
            type="number"
            min={RATING_MIN}
            max={RATING_MAX}
            step={0.5}
            value={draft.min[scale]}
            placeholder={t('workshop.ruleAny')}
            onChange={(e) => setDraft({ ...draft, min: { ...draft.min, [scale]: e.target.value } })}
            onBlur={() => commit(draft)}
            aria-invalid={problem?.scale === scale}
            data-testid={`rule-min-${scale}`}
          />
        </label>
      ))}
      <label className="workshop-check">
        {t('workshop.trainingNeed')}
        <select
          value={draft.need}
          onChange={(e) => {
            const next = { ...draft, need: e.target.value as NeedCondition };
            setDraft(next);
            commit(next);
          }}
          data-testid="rule-need"
        >
          {NEED_CONDITIONS.map((condition) => (
            <option key={condition} value={condition}>
              {t(`workshop.needCondition.${condition}`)}
            </option>
          ))}
          {draft.need === 'custom' && <option value="custom">{(draft.customNeeds ?? []).map((n) => t(`workshop.need.${n}`)).join(', ')}</option>}
        </select>
      </label>
      {problem && (
        <p className="workshop-error" role="alert" data-testid="rule-problem">
          {t(`workshop.ruleProblem.${problem.problem}`, { scale: t(`workshop.scale.${problem.scale}`), min: RATING_MIN, max: RATING_MAX })}
        </p>
      )}
      <button type="button" onClick={onRemove} data-testid="rule-remove">
        {t('workshop.removeRule')}
      </button>
    </fieldset>
  );
}
