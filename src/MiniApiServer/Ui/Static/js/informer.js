import { get, headers, failure } from './api.js';

// List then watch, as client-go's reflector does: page the LIST, watch from its resourceVersion with bookmarks,
// resume from the last seen resourceVersion after a dropped connection (a server restart), and relist when the server
// answers 410 Gone (the version was compacted away). It runs in informer-worker.js, off the page's main thread, and
// hands on each list page and each chunk of watch events already mapped (slimmed) by mapItem.
// Pages are of 5,000, not client-go's 500: they were small so that one JSON parse would not block a frame, which off
// the main thread it cannot; on a busy server every extra page is another round trip before the first paint.
export class Informer {
  constructor(path, { onListStart, onPage, onReplace, onEvents, onState, mapItem }, pageSize = 5000) {
    this.path = path;
    this.mapItem = mapItem || (o => o);
    this.onListStart = onListStart || (() => {});
    this.onPage = onPage;
    this.onReplace = onReplace;
    this.onEvents = onEvents;
    this.onState = onState || (() => {});
    this.pageSize = pageSize;
    this.resourceVersion = null;
    this.stopped = false;
    this.abort = null;
  }

  start() { this.run(); return this; }

  stop() {
    this.stopped = true;
    if (this.abort) this.abort.abort();
  }

  async run() {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.list();
        failures = 0;
        await this.watch();
      } catch (e) {
        if (this.stopped) return;
        if (e.code === 410) {
          this.resourceVersion = null;
          continue;
        }
        // A watch the server ended cleanly (its timeout) resumes at once; a failed connection backs off.
        if (e.code === 0) continue;
        failures++;
        this.onState(e.code === 401 ? 'unauthorized' : 'reconnecting', e);
        await new Promise(r => setTimeout(r, Math.min(5000, 250 * 2 ** Math.min(failures, 5))));
      }
    }
  }

  // The pages of one list are a consistent snapshot (continue keeps the first page's resourceVersion); the consumer
  // replaces its cache with them when onReplace says the list is complete, and forgets them when a new list starts.
  async list() {
    let next = '';
    let resourceVersion = null;
    this.onListStart();
    do {
      const sep = this.path.includes('?') ? '&' : '?';
      const page = await get(`${this.path}${sep}limit=${this.pageSize}${next ? '&continue=' + encodeURIComponent(next) : ''}`);
      this.onPage(page.items.map(this.mapItem));
      resourceVersion = resourceVersion || page.metadata.resourceVersion;
      next = page.metadata.continue || '';
    } while (next);
    this.resourceVersion = resourceVersion;
    this.onReplace();
  }

  async watch() {
    this.abort = new AbortController();
    const sep = this.path.includes('?') ? '&' : '?';
    const url = `${this.path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(this.resourceVersion)}`;
    const response = await fetch(url, { headers: headers(), signal: this.abort.signal });
    if (!response.ok) throw await failure(response);
    this.onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        const error = new Error('watch closed');
        error.code = 0;
        throw error;
      }
      buffered += value;
      // One message per chunk read, not per event: a rollout sends thousands of events a second.
      const events = [];
      let newline;
      try {
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line.trim()) this.dispatch(JSON.parse(line), events);
        }
      } finally {
        if (events.length) this.onEvents(events);
      }
    }
  }

  dispatch(event, events) {
    if (event.type === 'ERROR') {
      const status = event.object || {};
      const error = new Error(status.message || 'watch error');
      error.code = status.code || 500;
      throw error;
    }
    const rv = event.object && event.object.metadata && event.object.metadata.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (event.type !== 'BOOKMARK') events.push([event.type, this.mapItem(event.object)]);
  }
}
