import type { Command } from '../args';
import { serve } from './serve';

/** Every CLI command, in the order `tidegauge --help` lists them. Add a command: one file, one line here. */
export const COMMANDS: readonly Command[] = [serve];
