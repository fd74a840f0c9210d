import type { Command } from '../args';
import { compare } from './compare';
import { exportCommand } from './export';
import { importCommand } from './import';
import { info } from './info';
import { reportCommand } from './report';
import { serve } from './serve';
import { totalsCommand } from './totals';

/** Every CLI command, in the order `tidegauge --help` lists them. Add a command: one file, one line here. */
export const COMMANDS: readonly Command[] = [
  serve,
  info,
  importCommand,
  exportCommand,
  compare,
  reportCommand,
  totalsCommand,
];
