// Its own module so that verdict.ts and headline.ts, which compareSessions.ts imports, can name
// it without importing compareSessions.ts back (no import circle).

/** Which way is good for a metric: coloured green when it moves that way against the baseline. */
export type Better = 'lower' | 'higher' | 'neutral';
