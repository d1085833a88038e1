import type { CliArgs } from './cli-types';

const BOOLEAN_FLAGS = new Set(['json', 'dry-run', 'force', 'replace', 'help', 'third-party', 'zip', 'by-type', 'accept-conflict']);

/** `a b --x 1 --flag c` → positionals [a, b, c], flags {x: '1', flag: true}; boolean flags never take a value. */
export function parseCliArgs(argv: string[]): CliArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (inline !== undefined) flags[name] = inline;
      else if (BOOLEAN_FLAGS.has(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) flags[name] = true;
      else flags[name] = argv[++i];
    } else positionals.push(a);
  }
  return { positionals, flags, json: flags.json === true };
}

export function stringFlag(args: CliArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function intFlag(args: CliArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`参数 --${name} 应为整数，收到“${v}”`);
  return Number(v);
}
