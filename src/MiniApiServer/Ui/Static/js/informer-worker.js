import { setToken } from './api.js';
import { Informer } from './informer.js';
import { slimmers } from './slim.js';

// The informers, off the page's main thread: the JSON of lists and watch events (a rollout over 5,000 nodes sends
// tens of megabytes) is parsed and slimmed here, and the page receives only the slim objects, so parsing never
// lengthens one of its frames. Messages: { token } and { start: { source: path } } in; { source, kind, ... } out.
self.onmessage = ({ data }) => {
  if ('token' in data) setToken(data.token);
  if (data.start) for (const [source, path] of Object.entries(data.start)) start(source, path);
};

function start(source, path) {
  const post = message => self.postMessage({ source, ...message });
  new Informer(path, {
    mapItem: slimmers[source],
    onListStart: () => post({ kind: 'list-start' }),
    onPage: items => post({ kind: 'page', items }),
    onReplace: () => post({ kind: 'replace' }),
    onEvents: events => post({ kind: 'events', events }),
    onState: (state, error) => post({ kind: 'state', state, message: error ? error.message : '' }),
  }).start();
}
