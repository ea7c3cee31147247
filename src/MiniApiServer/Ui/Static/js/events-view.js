import { el, age } from './format.js';

const SHOWN = 100;

export function objectLabel(e) { return `${e.kind}/${e.name}`; }

export function matches(e, filter) {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return objectLabel(e).toLowerCase().includes(f) || `${e.namespace}/${e.name}`.toLowerCase().includes(f);
}

export function newestFirst(events) {
  return events.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}

// One event as a list item; messages come from users and controllers, so they are set as text only.
export function eventItem(e, select) {
  const object = el('span', { class: 'object', text: objectLabel(e), title: e.namespace ? `namespace ${e.namespace}` : '' });
  if (select) object.addEventListener('click', () => select({ kind: e.kind, namespace: e.namespace, name: e.name }));
  return el('li', { class: 'type-' + e.type, dataset: { object: objectLabel(e) } },
    el('span', { class: 'age', text: age(e.time) + ' ' }),
    el('span', { class: 'reason', text: e.reason + ' ' }),
    object, ' ',
    el('span', { class: 'message', text: e.message }),
    e.count > 1 ? el('span', { class: 'count', text: ` (×${e.count})` }) : null);
}

export class EventsView {
  constructor(model, select) {
    this.model = model;
    this.select = select;
    this.list = document.getElementById('events');
    this.filter = document.getElementById('events-filter');
    this.filter.addEventListener('input', () => this.render());
    this.lastRender = 0;
  }

  setFilter(text) {
    this.filter.value = text;
    this.render();
  }

  // Under an event storm the list is rebuilt at most four times a second; the canvases keep every frame.
  maybeRender(now) {
    if (now - this.lastRender < 250) return false;
    this.render();
    return true;
  }

  render() {
    this.lastRender = performance.now();
    const filter = this.filter.value.trim();
    const shown = newestFirst([...this.model.events.items.values()].filter(e => matches(e, filter))).slice(0, SHOWN);
    this.list.replaceChildren(...shown.map(e => eventItem(e, this.select)));
  }
}
