// A plain YAML rendering of a JSON object for reading (as kubectl get -o yaml prints it); the result is only ever
// put into the page as text.
const PLAIN = /^[A-Za-z_/.][\w./-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value) {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  return PLAIN.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s);
}

function isEmpty(value) {
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

function emit(value, indent, lines) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !isEmpty(item)) {
        const nested = [];
        emit(item, indent + 2, nested);
        nested[0] = pad + '- ' + nested[0].slice(indent + 2);
        lines.push(...nested);
      } else {
        lines.push(pad + '- ' + (isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)));
      }
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const name = scalar(k);
    if (v !== null && typeof v === 'object' && !isEmpty(v)) {
      lines.push(pad + name + ':');
      emit(v, Array.isArray(v) ? indent : indent + 2, lines);
    } else {
      lines.push(pad + name + ': ' + (isEmpty(v) ? (Array.isArray(v) ? '[]' : '{}') : scalar(v)));
    }
  }
}

export function toYaml(object) {
  const lines = [];
  emit(object, 0, lines);
  return lines.join('\n') + '\n';
}
