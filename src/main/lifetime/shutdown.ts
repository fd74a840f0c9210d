/*
 * The one way out of a long-running Tidegauge process (`serve`, the desktop app): the steps
 * that close what the process holds run once, in the order they were added, on the first of
 * SIGINT, SIGTERM, SIGHUP, a quit from the shell, or a fatal error at startup. Each step is
 * awaited on its own (one that throws does not stop the next), so the recording is closed
 * before a source that is slow to stop is waited for.
 *
 * The process always ends: a deadline (5 s by default) or a second signal exits at once,
 * naming the step it was stuck in. Once every step is done the process is left to end by
 * itself, which it does when nothing holds the event loop; whatever still does after a short
 * grace (a socket or timer a library did not close) is named under TIDEGAUGE_DEBUG and the
 * process exits anyway.
 */

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Exit code of a process ended by a signal it did not finish handling: 128 + its number. */
const SIGNAL_CODES: Record<(typeof SHUTDOWN_SIGNALS)[number], number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface ShutdownOptions {
  /** From the first signal to a forced exit, in ms (default 5000). */
  readonly deadlineMs?: number;
  /** After the last step, how long the event loop may take to empty before the exit is forced (default 1000). */
  readonly graceMs?: number;
  /**
   * 'drain' (default): once the steps are done the process ends when its event loop is empty.
   * 'exit': call `exit` as soon as the steps are done (Electron's app does not end by itself).
   */
  readonly finish?: 'drain' | 'exit';
  readonly exit?: (code: number) => void;
  /** Where the forced exits say why (default: stderr). */
  readonly log?: (line: string) => void;
  /** Also say how long each step took and what keeps the process alive after them (default: $TIDEGAUGE_DEBUG). */
  readonly debug?: boolean;
}

interface Step {
  readonly name: string;
  readonly run: () => unknown;
}

export class Shutdown {
  private readonly steps: Step[] = [];
  private done: Promise<number> | null = null;
  private current: string | null = null;
  private readonly deadlineMs: number;
  private readonly graceMs: number;
  private readonly exit: (code: number) => void;
  private readonly log: (line: string) => void;
  private untrap: (() => void) | null = null;
  private readonly debug: boolean;
  private resolveEnded: (code: number) => void = () => {};
  /** Resolves with the exit code once every step has run (never, if the exit was forced first). */
  readonly ended = new Promise<number>((resolve) => {
    this.resolveEnded = resolve;
  });

  constructor(
    private readonly name: string,
    private readonly options: ShutdownOptions = {},
  ) {
    this.deadlineMs = options.deadlineMs ?? 5000;
    this.graceMs = options.graceMs ?? 1000;
    this.exit = options.exit ?? ((code) => process.exit(code));
    this.log = options.log ?? ((line) => console.error(line));
    this.debug = options.debug ?? Boolean(process.env.TIDEGAUGE_DEBUG);
  }

  /** Add something to close; steps run in the order added. A step added while stopping is not run. */
  add(name: string, run: () => unknown): this {
    this.steps.push({ name, run });
    return this;
  }

  /** Whether shutting down has begun (startup checks this between its steps). */
  get stopping(): boolean {
    return this.done !== null;
  }

  /**
   * Shut down on SIGINT, SIGTERM and SIGHUP: the first runs the steps, a second one exits
   * at once. Returns a function that removes the handlers.
   */
  trap(onSignal: (signal: NodeJS.Signals) => void = () => {}): () => void {
    const handler = (signal: NodeJS.Signals) => {
      if (this.stopping) {
        this.force(`${signal} again`, SIGNAL_CODES[signal as keyof typeof SIGNAL_CODES] ?? 1);
        return;
      }
      onSignal(signal);
      void this.stop(0);
    };
    for (const s of SHUTDOWN_SIGNALS) process.on(s, handler);
    this.untrap = () => {
      for (const s of SHUTDOWN_SIGNALS) process.off(s, handler);
    };
    return this.untrap;
  }

  /** Run the steps (once; later calls get the same promise) and resolve with `code`. */
  stop(code = 0): Promise<number> {
    this.done ??= this.run(code);
    return this.done;
  }

  private async run(code: number): Promise<number> {
    // Held (not unref'd) while steps run: a step that waits on nothing still ends in time.
    const deadline = setTimeout(
      () => this.force(`the ${this.deadlineMs / 1000} s shutdown deadline passed`, 1),
      this.deadlineMs,
    );
    for (const step of this.steps.slice()) {
      this.current = step.name;
      const t0 = performance.now();
      try {
        await step.run();
      } catch (e) {
        this.log(`${this.name}: while stopping, ${step.name} failed: ${(e as Error).message}`);
      }
      if (this.debug) this.log(`${this.name}: ${step.name}: ${Math.round(performance.now() - t0)} ms`);
    }
    this.current = null;
    clearTimeout(deadline);
    this.resolveEnded(code);
    if (this.options.finish === 'exit') {
      this.untrap?.();
      this.exit(code);
      return code;
    }
    // A second signal may still force the exit while the loop empties; the grace timer does
    // not hold the loop itself.
    setTimeout(() => {
      if (this.debug) this.log(`${this.name}: still held open after stopping by ${heldOpen().join(', ') || 'nothing'}`);
      // The code the process was going to end with (the CLI sets it from what failed).
      this.exit(typeof process.exitCode === 'number' ? process.exitCode : code);
    }, this.graceMs).unref();
    return code;
  }

  private force(why: string, code: number): void {
    const where = this.current ? ` while ${this.current} had not finished` : '';
    this.log(`${this.name}: ${why}${where}; exiting now`);
    this.exit(code);
  }
}

/** What keeps the event loop alive, as Node names it (timers and sockets, not the stdio pipes). */
function heldOpen(): string[] {
  const info = (process as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.() ?? [];
  return info.filter((r) => r !== 'TTYWrap');
}
