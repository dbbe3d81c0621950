import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkshopState } from './state';
import { formatRemaining, timerDone, timerRemaining } from './timer';

/** The clock, ticking while a timer runs. */
export function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [running]);
  return running ? now : Date.now();
}

/** A short beep (Web Audio), for the end signal when this person turned sound on. */
function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.connect(audio.destination);
    tone.frequency.value = 880;
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  } catch {
    // No audio here: the visual signal stays.
  }
}

/** Above the canvas for everyone: the current stage, its countdown, and the end signal. */
export function WorkshopBanner({ state, sound }: { state: WorkshopState; sound: boolean }) {
  const { t } = useTranslation();
  const now = useNow(state.timer.status === 'running');
  const stage = state.stages[state.stage];
  const done = timerDone(state.timer, now);
  const signalled = useRef(false);
  useEffect(() => {
    if (done && !signalled.current && sound) beep();
    signalled.current = done;
  }, [done, sound]);
  if (!stage) return null;
  return (
    <div className={`workshop-banner${done ? ' is-done' : ''}`} role="status" data-testid="workshop-banner">
      <span>{t('workshop.stageOf', { n: state.stage + 1, total: state.stages.length })}</span>
      <strong data-testid="workshop-stage">{stage.title || t(`workshop.stageKind.${stage.kind}`)}</strong>
      {state.timer.status !== 'idle' && (
        <span className="workshop-banner__timer" data-testid="workshop-countdown" data-status={state.timer.status}>
          {done ? t('workshop.timeUp') : formatRemaining(timerRemaining(state.timer, now))}
          {state.timer.status === 'paused' && ` (${t('workshop.paused')})`}
        </span>
      )}
      {state.structureLocked && <span className="workshop-banner__lock">{t('workshop.locked')}</span>}
    </div>
  );
}
