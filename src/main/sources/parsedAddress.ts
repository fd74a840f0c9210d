import type { SourceCredentials } from '../../shared/api';
import type { DefaultSourceOptions } from './default';

/*
 * What a parsed source address is, and the error a bad one raises: apart from the kinds table
 * in addresses.ts, which loads each kind's module on demand, so those modules can import these
 * without importing the table that imports them (no import circle).
 */

/** An address that cannot be used, with what to write instead. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
}

export interface ParsedAddress {
  /** 'engine', 'irontide', … */
  readonly scheme: string;
  /** host:port ('' for engine:), IPv6 in brackets */
  readonly authority: string;
  readonly host: string;
  readonly port: number;
  /** query parameters (token=… among them) */
  readonly params: URLSearchParams;
  /** the address without query or user info: safe to show and log */
  readonly shown: string;
  /** user:password@ of the address, if any (kept apart, never shown) */
  readonly username?: string;
  readonly password?: string;
}

export interface SourceContext {
  /** Options of the embedded engine (serve's --seeders …), for `engine:`. */
  readonly engine?: DefaultSourceOptions;
  /** Credentials given apart from the address (the Connect… dialog, a saved connection). */
  readonly credentials?: SourceCredentials;
}
