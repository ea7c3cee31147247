import { Grid } from './grid.js';

export class FleetView {
  constructor(model, colours, select) {
    this.model = model;
    this.colours = colours;
    this.summary = document.getElementById('fleet-summary');
    this.canvas = document.getElementById('fleet');
    this.grid = new Grid(this.canvas, {
      maxHeight: 260,
      onPick: i => select({ kind: 'Node', name: model.nodeOrder[i] }),
      describe: i => this.describe(model.nodes.items.get(model.nodeOrder[i])),
    });
  }

  // Cordoning adds this taint itself (kubectl cordon → node lifecycle controller); it is drawn as the cordon mark.
  static visibleTaints(node) {
    return node.taints.filter(t => t.key !== 'node.kubernetes.io/unschedulable');
  }

  describe(node) {
    if (!node) return '';
    const marks = [node.ready === 'True' ? 'Ready' : node.ready === 'False' ? 'NotReady' : 'Unknown'];
    if (node.unschedulable) marks.push('cordoned');
    const taints = FleetView.visibleTaints(node);
    if (taints.length) marks.push('tainted: ' + taints.map(t => `${t.key}:${t.effect}`).join(', '));
    return `${node.name} · ${marks.join(' · ')}`;
  }

  // `changed` names the nodes to repaint (null: all of them); the summary is counted over the whole fleet each time.
  render(changed) {
    const { model, colours } = this;
    const order = model.nodeOrder;
    const nodes = order.map(n => model.nodes.items.get(n));
    const counts = { True: 0, False: 0, Unknown: 0 };
    let cordoned = 0;
    let tainted = 0;
    for (const n of nodes) {
      counts[n.ready in counts ? n.ready : 'Unknown']++;
      if (n.unschedulable) cordoned++;
      if (FleetView.visibleTaints(n).length) tainted++;
    }
    const only = changed && [...changed].map(n => model.nodeIndex.get(n)).filter(i => i !== undefined);
    this.grid.draw(nodes.length, i => colours.ready[nodes[i].ready] || colours.ready.Unknown, (ctx, x, y, size, i) => {
      const n = nodes[i];
      const taints = FleetView.visibleTaints(n);
      if (!n.unschedulable && !taints.length) return;
      if (n.unschedulable) {
        ctx.fillStyle = colours.cordon;
        ctx.beginPath();
        ctx.moveTo(x, y + size);
        ctx.lineTo(x + size, y + size);
        ctx.lineTo(x, y);
        ctx.fill();
      }
      if (taints.length) {
        const corner = Math.max(2, Math.ceil(size / 2.5));
        ctx.fillStyle = colours.taint;
        ctx.fillRect(x + size - corner, y, corner, corner);
      }
    }, only);
    const text = `${nodes.length} nodes: ${counts.True} Ready, ${counts.False} NotReady, ${counts.Unknown} Unknown, ${cordoned} cordoned, ${tainted} tainted`;
    this.summary.textContent = text;
    Object.assign(this.summary.dataset, { nodes: nodes.length, ready: counts.True, notReady: counts.False, unknown: counts.Unknown, cordoned, tainted });
    this.canvas.setAttribute('aria-label', text);
  }
}
