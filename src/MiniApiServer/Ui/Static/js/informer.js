import { get, headers, failure } from './api.js';

// List then watch, as client-go's reflector does: page the LIST so no single JSON parse blocks a frame, watch from
// its resourceVersion with bookmarks, resume from the last seen resourceVersion after a dropped connection (a
// server restart), and relist when the server answers 410 Gone (the version was compacted away).
export class Informer {
  constructor(path, { onReplace, onEvent, onState, mapItem }, pageSize = 500) {
    this.path = path;
    this.mapItem = mapItem || (o => o);
    this.onReplace = onReplace;
    this.onEvent = onEvent;
    this.onState = onState || (() => {});
    this.pageSize = pageSize;
    this.resourceVersion = null;
    this.stopped = false;
    this.abort = null;
    this.listed = new Promise(resolve => { this.resolveListed = resolve; });
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

  async list() {
    const items = [];
    let next = '';
    let resourceVersion = null;
    do {
      const sep = this.path.includes('?') ? '&' : '?';
      const page = await get(`${this.path}${sep}limit=${this.pageSize}${next ? '&continue=' + encodeURIComponent(next) : ''}`);
      for (const item of page.items) items.push(this.mapItem(item));
      resourceVersion = resourceVersion || page.metadata.resourceVersion;
      next = page.metadata.continue || '';
      // Yield between pages so painting and input are not starved by a long list.
      await new Promise(r => setTimeout(r, 0));
    } while (next);
    this.resourceVersion = resourceVersion;
    this.onReplace(items);
    this.resolveListed();
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
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) this.dispatch(JSON.parse(line));
      }
    }
  }

  dispatch(event) {
    if (event.type === 'ERROR') {
      const status = event.object || {};
      const error = new Error(status.message || 'watch error');
      error.code = status.code || 500;
      throw error;
    }
    const rv = event.object && event.object.metadata && event.object.metadata.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (event.type !== 'BOOKMARK') this.onEvent(event.type, event.object);
  }
}
