import { PLACEHOLDERS as ENV_TEMPLATE_PLACEHOLDERS } from '../targets/env-template.js';
import { PLACEHOLDERS } from '../targets/socketio-events/template.js';

// The placeholders a target's templates may hold (harness/targets/target.ts), and the check that a
// template parses and names only those.

/** Environment templates of a pod (local.env, image.env), filled per pod by the provider. */
export const ENV_PLACEHOLDERS: readonly string[] = ENV_TEMPLATE_PLACEHOLDERS;

/** The socketio-events adapter's payload templates, filled per user and per message. */
export const ADAPTER_PLACEHOLDERS: readonly string[] = PLACEHOLDERS;

/** `--target URL` hook commands, acting on one pod of the running system. */
export const HOOK_PLACEHOLDERS = ['pod', 'zone', 'host', 'port', 'url', 'signal'] as const;

const PLACEHOLDER = /^\{([A-Za-z][A-Za-z0-9]*)\}/;

/**
 * What is wrong with a template string: a brace that opens no `{name}` placeholder (it does not
 * parse), or a placeholder not in `known`. Empty: fine.
 */
export function templateProblems(text: string, known: readonly string[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') {
      const m = PLACEHOLDER.exec(text.slice(i));
      if (!m) {
        problems.push(
          `${JSON.stringify(text)} does not parse: the "{" at position ${i} opens no {name} placeholder`,
        );
        break;
      }
      const name = m[1]!;
      if (!known.includes(name))
        problems.push(
          `${JSON.stringify(text)} has an unknown placeholder {${name}}; known: ${known.map((k) => `{${k}}`).join(' ')}`,
        );
      i += m[0].length - 1;
    } else if (ch === '}') {
      problems.push(`${JSON.stringify(text)} does not parse: the "}" at position ${i} closes nothing`);
      break;
    }
  }
  return problems;
}
