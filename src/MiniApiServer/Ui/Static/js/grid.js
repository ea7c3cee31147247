// One cell per node on a canvas: 5,000 DOM elements would cost far more per frame than 5,000 fillRects.
// Every grid on the page lays nodes out alike, so a node sits at the same place in the fleet and in each coverage row.
export class Grid {
  constructor(canvas, { maxHeight, onPick, describe }) {
    this.canvas = canvas;
    this.maxHeight = maxHeight;
    this.count = 0;
    this.cell = 16;
    this.cols = 1;
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

  // The largest cell (up to 22 px) that fits the grid in maxHeight, never below 3 px.
  layout(count) {
    const width = Math.max(100, this.canvas.clientWidth || this.canvas.parentElement.clientWidth);
    let cell = 22;
    while (cell > 3 && Math.ceil(count / Math.floor(width / cell)) * cell > this.maxHeight) cell--;
    this.cell = cell;
    this.cols = Math.max(1, Math.floor(width / cell));
    this.count = count;
    const rows = Math.max(1, Math.ceil(count / this.cols));
    const dpr = window.devicePixelRatio || 1;
    const cssHeight = rows * cell;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(cssHeight * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(cssHeight * dpr);
      this.canvas.style.height = cssHeight + 'px';
    }
  }

  // fill(i) gives a cell's colour; mark(ctx, x, y, size, i) may draw on top of it.
  draw(count, fill, mark) {
    this.layout(count);
    const ctx = this.canvas.getContext('2d');
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const gap = this.cell >= 6 ? 1 : 0;
    const size = this.cell - gap;
    let last = null;
    for (let i = 0; i < count; i++) {
      const colour = fill(i);
      if (colour !== last) { ctx.fillStyle = colour; last = colour; }
      ctx.fillRect((i % this.cols) * this.cell, Math.floor(i / this.cols) * this.cell, size, size);
    }
    if (mark) {
      for (let i = 0; i < count; i++) {
        if (mark(ctx, (i % this.cols) * this.cell, Math.floor(i / this.cols) * this.cell, size, i)) last = null;
      }
    }
  }
}
