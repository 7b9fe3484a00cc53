import type { Template } from '../target.js';

/** The placeholders a socketio-events template may hold. */
export const PLACEHOLDERS = ['correlationId', 'senderSeq', 'user', 'room', 'token', 'body'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Placeholders that only a `send` step has a value for. */
export const SEND_ONLY: readonly Placeholder[] = ['correlationId', 'senderSeq', 'body'];

export type TemplateContext = Partial<Record<Placeholder, string | number>>;

type Part = { text: string } | { placeholder: Placeholder };

const KNOWN = new Set<string>(PLACEHOLDERS);

/** Splits a template string into text and placeholders; throws a message naming the problem. */
export function parseTemplateString(s: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '}') throw new Error(`unbalanced brace: '}' at ${i} closes nothing in ${JSON.stringify(s)}`);
    if (c !== '{') {
      text += c;
      continue;
    }
    const end = s.indexOf('}', i + 1);
    const nextOpen = s.indexOf('{', i + 1);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      throw new Error(`unbalanced brace: '{' at ${i} is never closed in ${JSON.stringify(s)}`);
    }
    const name = s.slice(i + 1, end);
    if (!KNOWN.has(name)) {
      throw new Error(
        `unknown placeholder {${name}} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
      );
    }
    if (text) parts.push({ text });
    text = '';
    parts.push({ placeholder: name as Placeholder });
    i = end;
  }
  if (text) parts.push({ text });
  return parts;
}

/**
 * Every problem of a template, each as `path: message`. `allowed` limits the placeholders that
 * have a value where the template is used (e.g. {body} only in send).
 */
export function templateErrors(
  template: unknown,
  path: string,
  allowed: readonly Placeholder[] = PLACEHOLDERS,
): string[] {
  if (typeof template === 'string') {
    try {
      const bad = parseTemplateString(template)
        .flatMap((p) => ('placeholder' in p ? [p.placeholder] : []))
        .filter((p) => !allowed.includes(p));
      return bad.map((p) => `${path}: placeholder {${p}} has no value here (only in send)`);
    } catch (e) {
      return [`${path}: ${(e as Error).message}`];
    }
  }
  if (Array.isArray(template)) return template.flatMap((t, i) => templateErrors(t, `${path}.${i}`, allowed));
  if (template !== null && typeof template === 'object') {
    return Object.entries(template).flatMap(([k, v]) => templateErrors(v, `${path}.${k}`, allowed));
  }
  return [];
}

/** The placeholders a template uses anywhere inside it. */
export function placeholdersIn(template: unknown): Set<Placeholder> {
  const out = new Set<Placeholder>();
  const walk = (t: unknown) => {
    if (typeof t === 'string') {
      for (const p of parseTemplateString(t)) if ('placeholder' in p) out.add(p.placeholder);
    } else if (Array.isArray(t)) t.forEach(walk);
    else if (t !== null && typeof t === 'object') Object.values(t).forEach(walk);
  };
  walk(template);
  return out;
}

/**
 * Fills a template. A string that is exactly one placeholder keeps the value's type ({senderSeq}
 * stays a number); other strings get the values as text. A placeholder without a value is an error.
 */
export function renderTemplate(template: Template, ctx: TemplateContext): unknown {
  if (typeof template === 'string') {
    const parts = parseTemplateString(template);
    const value = (p: Placeholder) => {
      const v = ctx[p];
      if (v === undefined) throw new Error(`template ${JSON.stringify(template)}: no value for {${p}}`);
      return v;
    };
    const only = parts.length === 1 ? parts[0]! : null;
    if (only && 'placeholder' in only) return value(only.placeholder);
    return parts.map((p) => ('placeholder' in p ? String(value(p.placeholder)) : p.text)).join('');
  }
  if (Array.isArray(template)) return template.map((t) => renderTemplate(t, ctx));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderTemplate(v, ctx)]));
  }
  return template;
}

/** The value at a dotted path (`payload.text`, `items.0.id`); '' or '.' is the value itself. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
