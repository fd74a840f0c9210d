/*
 * rencode, the serialisation of Deluge's daemon RPC (deluge/rencode.py): bencode-like, with
 * one-byte forms for small ints, short strings, lists and dicts. What the RPC needs: ints,
 * floats (32 and 64 bit), strings (UTF-8; bytes that are not are kept as Uint8Array), bools,
 * None (null), lists and dicts. Pure code; a malformed message throws a RangeError.
 */

const CHR_LIST = 59;
const CHR_DICT = 60;
const CHR_INT = 61;
const CHR_INT1 = 62;
const CHR_INT2 = 63;
const CHR_INT4 = 64;
const CHR_INT8 = 65;
const CHR_FLOAT32 = 66;
const CHR_TRUE = 67;
const CHR_FALSE = 68;
const CHR_NONE = 69;
const CHR_FLOAT64 = 44;
const CHR_TERM = 127;
const INT_POS_FIXED = 44; // 0..43 are one byte
const INT_NEG_FIXED_START = 70; // -1..-32
const INT_NEG_FIXED = 32;
const DICT_FIXED_START = 102;
const DICT_FIXED = 25;
const STR_FIXED_START = 128;
const STR_FIXED = 64;
const LIST_FIXED_START = STR_FIXED_START + STR_FIXED;
const LIST_FIXED = 64;

export type RValue = number | bigint | string | boolean | null | Uint8Array | RValue[] | { [k: string]: RValue };

const utf8 = new TextEncoder();

export function rencode(v: RValue): Uint8Array {
  const out: number[] = [];
  const bytes = (b: ArrayLike<number>) => {
    for (let i = 0; i < b.length; i++) out.push(b[i] as number);
  };
  const str = (b: Uint8Array) => {
    if (b.length < STR_FIXED) out.push(STR_FIXED_START + b.length);
    else bytes(utf8.encode(`${b.length}:`));
    bytes(b);
  };
  const walk = (x: RValue): void => {
    if (x === null) out.push(CHR_NONE);
    else if (x === true) out.push(CHR_TRUE);
    else if (x === false) out.push(CHR_FALSE);
    else if (typeof x === 'string') str(utf8.encode(x));
    else if (x instanceof Uint8Array) str(x);
    else if (typeof x === 'number' && !Number.isInteger(x)) {
      const b = new DataView(new ArrayBuffer(8));
      b.setFloat64(0, x);
      out.push(CHR_FLOAT64);
      bytes(new Uint8Array(b.buffer));
    } else if (typeof x === 'number' || typeof x === 'bigint') {
      const n = BigInt(x);
      if (n >= 0n && n < BigInt(INT_POS_FIXED)) out.push(Number(n));
      else if (n < 0n && n >= -BigInt(INT_NEG_FIXED)) out.push(INT_NEG_FIXED_START - 1 - Number(n));
      else if (n >= -128n && n < 128n) out.push(CHR_INT1, Number(n) & 0xff);
      else if (n >= -32768n && n < 32768n) out.push(CHR_INT2, (Number(n) >> 8) & 0xff, Number(n) & 0xff);
      else if (n >= -(2n ** 31n) && n < 2n ** 31n) {
        const b = new DataView(new ArrayBuffer(4));
        b.setInt32(0, Number(n));
        out.push(CHR_INT4);
        bytes(new Uint8Array(b.buffer));
      } else if (n >= -(2n ** 63n) && n < 2n ** 63n) {
        const b = new DataView(new ArrayBuffer(8));
        b.setBigInt64(0, n);
        out.push(CHR_INT8);
        bytes(new Uint8Array(b.buffer));
      } else {
        out.push(CHR_INT);
        bytes(utf8.encode(n.toString()));
        out.push(CHR_TERM);
      }
    } else if (Array.isArray(x)) {
      if (x.length < LIST_FIXED) out.push(LIST_FIXED_START + x.length);
      else out.push(CHR_LIST);
      for (const y of x) walk(y);
      if (x.length >= LIST_FIXED) out.push(CHR_TERM);
    } else {
      const entries = Object.entries(x);
      if (entries.length < DICT_FIXED) out.push(DICT_FIXED_START + entries.length);
      else out.push(CHR_DICT);
      for (const [k, y] of entries) {
        walk(k);
        walk(y);
      }
      if (entries.length >= DICT_FIXED) out.push(CHR_TERM);
    }
  };
  walk(v);
  return Uint8Array.from(out);
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decode one rencoded value that fills `buf`. Ints beyond 2^53 stay bigints. */
export function rdecode(buf: Uint8Array): RValue {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > buf.length) throw new RangeError(`rencode: message ends at byte ${buf.length}, needed ${at + n}`);
  };
  const text = (b: Uint8Array): string | Uint8Array => {
    try {
      return strict.decode(b);
    } catch {
      return b.slice();
    }
  };
  const int = (n: bigint): number | bigint => (n >= -(2n ** 53n) && n <= 2n ** 53n ? Number(n) : n);
  const key = (k: RValue): string => (typeof k === 'string' ? k : String(k));
  /** The next byte without taking it (a list or dict ends at CHR_TERM). */
  const peek = (): number => {
    need(1);
    return buf[at] as number;
  };
  const walk = (): RValue => {
    need(1);
    const c = buf[at++] as number;
    if (c < INT_POS_FIXED) return c;
    if (c >= INT_NEG_FIXED_START && c < INT_NEG_FIXED_START + INT_NEG_FIXED) return INT_NEG_FIXED_START - 1 - c;
    if (c >= STR_FIXED_START && c < STR_FIXED_START + STR_FIXED) {
      const n = c - STR_FIXED_START;
      need(n);
      at += n;
      return text(buf.subarray(at - n, at));
    }
    if (c >= LIST_FIXED_START) {
      const n = c - LIST_FIXED_START;
      return Array.from({ length: n }, () => walk());
    }
    if (c >= DICT_FIXED_START && c < DICT_FIXED_START + DICT_FIXED) {
      const o: Record<string, RValue> = {};
      for (let i = c - DICT_FIXED_START; i > 0; i--) {
        const k = key(walk());
        o[k] = walk();
      }
      return o;
    }
    if (c >= 48 && c <= 57) {
      const colon = buf.indexOf(58, at);
      if (colon < 0) throw new RangeError('rencode: a string length without its colon');
      const n = Number(new TextDecoder().decode(buf.subarray(at - 1, colon)));
      at = colon + 1;
      need(n);
      at += n;
      return text(buf.subarray(at - n, at));
    }
    switch (c) {
      case CHR_NONE:
        return null;
      case CHR_TRUE:
        return true;
      case CHR_FALSE:
        return false;
      case CHR_INT1:
        need(1);
        return view.getInt8(at++);
      case CHR_INT2:
        need(2);
        at += 2;
        return view.getInt16(at - 2);
      case CHR_INT4:
        need(4);
        at += 4;
        return view.getInt32(at - 4);
      case CHR_INT8:
        need(8);
        at += 8;
        return int(view.getBigInt64(at - 8));
      case CHR_FLOAT32:
        need(4);
        at += 4;
        return view.getFloat32(at - 4);
      case CHR_FLOAT64:
        need(8);
        at += 8;
        return view.getFloat64(at - 8);
      case CHR_INT: {
        const end = buf.indexOf(CHR_TERM, at);
        if (end < 0) throw new RangeError('rencode: a long int without its end');
        const n = BigInt(new TextDecoder().decode(buf.subarray(at, end)));
        at = end + 1;
        return int(n);
      }
      case CHR_LIST: {
        const l: RValue[] = [];
        while (peek() !== CHR_TERM) l.push(walk());
        at++;
        return l;
      }
      case CHR_DICT: {
        const o: Record<string, RValue> = {};
        while (peek() !== CHR_TERM) {
          const k = key(walk());
          o[k] = walk();
        }
        at++;
        return o;
      }
      default:
        throw new RangeError(`rencode: unknown type byte ${c} at ${at - 1}`);
    }
  };
  const v = walk();
  if (at !== buf.length) throw new RangeError(`rencode: ${buf.length - at} bytes after the value`);
  return v;
}
