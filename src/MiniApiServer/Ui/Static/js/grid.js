// One cell per node on a canvas: 5,000 DOM elements would cost far more per frame than 5,000 fillRects.
// Every grid on the page lays nodes out alike, so a node sits at the same place in the fleet and in each coverage row.
const resizeListeners = [];

// Called when any grid's width changed (window resize, a scrollbar, the details panel), so the page draws again.
export function onGridResize(listener) { resizeListeners.push(listener); }

export class Grid {
  constructor(canvas, { maxHeight, onPick, describe }) {
    this.canvas = canvas;
    this.maxHeight = maxHeight;
    this.count = 0;
    this.cell = 16;
    this.cols = 1;
    // The width is measured once and then only after the ResizeObserver saw it change: reading clientWidth after the
    // page wrote the tables' text forces a synchronous layout, once per grid per frame.
    this.width = 0;
    this.stale = true;
    new ResizeObserver(entries => {
      const width = Math.max(100, Math.round(entries[entries.length - 1].contentRect.width));
      if (width !== this.width) {
        this.stale = true;
        for (const listener of resizeListeners) listener();
      }
    }).observe(canvas);
    canvas.addEventListener('click', e => {
      const i = this.indexAt(e);
      if (i >= 0) onPick(i);
    });
    canvas.addEventListener('mousemove', e => {
      const i = this.indexAt(e);
      canvas.title = i >= 0 ? describe(i) : '';
    });
  }

  indexAt(e) {
    const rect = this.canvas.getBoundingClientRect();
    const col = Math.floor((e.clientX - rect.left) / this.cell);
    const row = Math.floor((e.clientY - rect.top) / this.cell);
    const i = row * this.cols + col;
    return col < this.cols && i >= 0 && i < this.count ? i : -1;
  }

  // The largest cell (up to 22 px) that fits the grid in maxHeight, never below 3 px. True when the geometry changed
  // (then every cell must be drawn again).
  layout(count) {
    if (!this.stale && count === this.count) return false;
    const width = this.stale ? Math.max(100, this.canvas.clientWidth || this.canvas.parentElement.clientWidth) : this.width;
    this.stale = false;
    let cell = 22;
    while (cell > 3 && Math.ceil(count / Math.floor(width / cell)) * cell > this.maxHeight) cell--;
    this.cell = cell;
    this.cols = Math.max(1, Math.floor(width / cell));
    this.count = count;
    this.width = width;
    const rows = Math.max(1, Math.ceil(count / this.cols));
    const dpr = window.devicePixelRatio || 1;
    const cssHeight = rows * cell;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(cssHeight * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(cssHeight * dpr);
      this.canvas.style.height = cssHeight + 'px';
    }
    return true;
  }

  // fill(i) gives a cell's colour; mark(ctx, x, y, size, i) may draw on top of it. With `only` (cell indexes) and an
  // unchanged geometry, just those cells are cleared and drawn again: during a rollout a frame changes a few dozen of
  // 5,000 cells, and repainting every cell of six grids is 30,000 fillRects a frame.
  draw(count, fill, mark, only) {
    const whole = this.layout(count) || !only;
    const ctx = this.canvas.getContext('2d');
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (whole) ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const gap = this.cell >= 6 ? 1 : 0;
    const size = this.cell - gap;
    const x = i => (i % this.cols) * this.cell;
    const y = i => Math.floor(i / this.cols) * this.cell;
    const cells = whole ? { length: count } : only;
    const at = whole ? (_, k) => k : (list, k) => list[k];
    let last = null;
    for (let k = 0; k < cells.length; k++) {
      const i = at(cells, k);
      if (i >= count) continue;
      if (!whole) ctx.clearRect(x(i), y(i), this.cell, this.cell);
      const colour = fill(i);
      if (colour !== last) { ctx.fillStyle = colour; last = colour; }
      ctx.fillRect(x(i), y(i), size, size);
    }
    if (mark) {
      for (let k = 0; k < cells.length; k++) {
        const i = at(cells, k);
        if (i < count) mark(ctx, x(i), y(i), size, i);
      }
    }
  }
}
