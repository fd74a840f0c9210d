import { APP_VERSION } from '../version';
import { InputError, UsageError } from './args';
import { COMMANDS } from './commands/index';
import { warn } from './output';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: tidegauge <command> [options]',
    '',
    'Watch, record, compare and report the session statistics of a BitTorrent engine.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `tidegauge <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    console.log(APP_VERSION);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(`tidegauge: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  try {
    // Only now is the command's module (and what it needs: the engine, Arrow, a renderer) loaded.
    const cmd = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(cmd.help);
      return 0;
    }
    return await cmd.run(rest);
  } catch (e) {
    // Messages name files and quote their contents: printed with control characters escaped.
    if (e instanceof UsageError) {
      warn(`tidegauge ${name}: ${e.message}`);
      console.error(`Run \`tidegauge ${name} --help\` for usage.`);
      return 2;
    }
    if (e instanceof InputError) {
      warn(`tidegauge ${name}: ${e.message}`);
      return 1;
    }
    // A bug, not a bad input: say so in one line; the stack is for a bug report.
    warn(`tidegauge ${name}: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.TIDEGAUGE_DEBUG) console.error((e as Error).stack);
    else console.error('Set TIDEGAUGE_DEBUG=1 to print the stack trace for a bug report.');
    return 1;
  }
}

// The command list, for bench/cli-start.ts (which loads every command up front, as the CLI once did).
export { COMMANDS };

// Run when loaded as the CLI entry (bin/tidegauge.js imports this file and calls main itself).
export default main;
