/**
 * What the canvas benchmark asks the page. Written as strings: the bench's transpiler may add
 * helpers to functions that a page does not have.
 */

/** The pane's box and the viewport's zoom, read from React Flow's transform. */
export const VIEW = `(() => {
  const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
  const transform = document.querySelector('.react-flow__viewport').style.transform;
  const match = /scale\\(([0-9.e-]+)\\)/.exec(transform);
  return { x: pane.x, y: pane.y, width: pane.width, height: pane.height, zoom: match ? Number(match[1]) : 1 };
})()`;

/** A point of the empty pane (no node, edge or panel under it), nearest the pane's centre. */
export const EMPTY_POINT = `(() => {
  const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
  const cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;
  let best = null;
  for (let dy = -pane.height / 2 + 40; dy < pane.height / 2 - 40; dy += 12) {
    for (let dx = -pane.width / 2 + 40; dx < pane.width / 2 - 40; dx += 12) {
      const el = document.elementFromPoint(cx + dx, cy + dy);
      if (!el || !el.classList.contains('react-flow__pane')) continue;
      const d = dx * dx + dy * dy;
      if (!best || d < best.d) best = { x: cx + dx, y: cy + dy, d };
    }
  }
  return best;
})()`;

/**
 * Nodes fully inside the pane, nearest the centre first, with a point on each that hits the node
 * itself (not a handle, not an outcome inside a unit's block).
 */
export const VISIBLE_NODES = `(() => {
  const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
  const cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;
  const found = [];
  for (const el of document.querySelectorAll('.react-flow__node')) {
    const r = el.getBoundingClientRect();
    if (r.width < 4 || r.left < pane.left + 10 || r.right > pane.right - 10 || r.top < pane.top + 10 || r.bottom > pane.bottom - 10) continue;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || hit.closest('.react-flow__node') !== el || hit.closest('.react-flow__handle')) continue;
    found.push({ id: el.getAttribute('data-id'), x, y, d: (x - cx) ** 2 + (y - cy) ** 2 });
  }
  return found.sort((a, b) => a.d - b.d);
})()`;

export const COUNTS = `(() => ({
  rendered: document.querySelectorAll('.react-flow__node').length,
  edges: document.querySelectorAll('.react-flow__edge').length,
  selected: document.querySelectorAll('.react-flow__node.selected').length,
  dom: document.getElementsByTagName('*').length,
}))()`;

/**
 * True once the map is drawn and saved: the sync indicator says "saved" and nodes are on the
 * screen, measured (React Flow hides a node until it knows its size).
 */
export const DRAWN = `(() => {
  const status = document.querySelector('[data-testid=sync-status]');
  if (!status || status.getAttribute('data-status') !== 'saved') return false;
  const nodes = document.querySelectorAll('.react-flow__node');
  if (nodes.length === 0) return false;
  for (const node of nodes) if (node.style.visibility !== 'hidden') return performance.now();
  return false;
})()`;
