import { CellState } from './model.js';

// Read from the stylesheet once, so the legend and the canvases cannot disagree.
export function loadColours() {
  const css = getComputedStyle(document.documentElement);
  const v = name => css.getPropertyValue(name).trim();
  const cells = [];
  cells[CellState.None] = v('--pod-none');
  cells[CellState.Missing] = v('--pod-missing');
  cells[CellState.Terminating] = v('--pod-terminating');
  cells[CellState.Outdated] = v('--pod-outdated');
  cells[CellState.Pending] = v('--pod-pending');
  cells[CellState.Running] = v('--pod-running');
  cells[CellState.Ready] = v('--pod-ready');
  return {
    ready: { True: v('--ready'), False: v('--notready'), Unknown: v('--unknown') },
    cordon: v('--cordon'),
    taint: v('--taint'),
    cells,
  };
}
