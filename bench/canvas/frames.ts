/** Frame-time statistics from requestAnimationFrame timestamps collected in the page. */
export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames that took longer than 50 ms (visible stutter). */
  long: number;
}

/** `wallSeconds`: how long the recording lasted, for a page that drew (almost) nothing meanwhile. */
export function frameStats(timestamps: readonly number[], wallSeconds = 0): FrameStats {
  const deltas: number[] = [];
  for (let i = 1; i < timestamps.length; i++) deltas.push(timestamps[i]! - timestamps[i - 1]!);
  const pick = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  const span = Math.max(timestamps.length > 1 ? timestamps.at(-1)! - timestamps[0]! : 0, wallSeconds * 1000);
  // No frame at all: one frame as long as the whole recording.
  if (deltas.length === 0 && span > 0) deltas.push(span);
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    frames: deltas.length,
    seconds: span / 1000,
    fps: span > 0 ? (deltas.length * 1000) / span : 0,
    p50: pick(0.5),
    p95: pick(0.95),
    max: sorted.at(-1) ?? 0,
    long: deltas.filter((d) => d > 50).length,
  };
}

/**
 * A recorder of frame timestamps for the page (an init script), started and stopped by the bench.
 * A string, not a function: the bench's transpiler may add helpers a page does not have.
 */
export const FRAME_RECORDER = `
window.__frames = {
  times: [],
  running: false,
  start() {
    this.times = [];
    this.running = true;
    const tick = (t) => {
      if (!this.running) return;
      this.times.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  },
  stop() {
    this.running = false;
    return this.times;
  },
};
`;
