// kubectl's AGE column (k8s.io/apimachinery/pkg/util/duration HumanDuration), coarsened the same way.
export function age(timestamp, now = Date.now()) {
  if (!timestamp) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return seconds + 's';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 ? `${minutes}m${seconds % 60}s` : `${minutes}m`;
  if (minutes < 180) return minutes + 'm';
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 ? `${hours}h${minutes % 60}m` : `${hours}h`;
  if (hours < 48) return hours + 'h';
  const days = Math.floor(hours / 24);
  return hours % 24 && days < 8 ? `${days}d${hours % 24}h` : `${days}d`;
}

export function selectorText(selector) {
  const entries = Object.entries(selector || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

// Builds an element with text only: nothing from the cluster is ever parsed as HTML.
export function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}
