// Validation of what SessionCounters is given (src/shared/counters.ts): only its slow paths
// call these, so they live apart from the hot code.
const NUM_METRICS = 99;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

export function badIndex(index: unknown): RangeError {
  return new RangeError(`metric index must be an integer in 0..${NUM_METRICS - 1}, got ${String(index)}`);
}

function badValue(value: unknown): TypeError {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return new TypeError(`value ${value} is past 2^53 and not exact as a number; pass a bigint`);
  }
  return new TypeError(`value must be an integer (number or bigint), got ${typeof value} ${String(value)}`);
}

function checkI64(v: bigint): void {
  if (v > I64_MAX || v < I64_MIN) throw new RangeError(`value ${v} does not fit in 64 bits`);
}

export function toI64(value: number | bigint): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw badValue(value);
    return BigInt(value);
  }
  if (typeof value !== 'bigint') throw badValue(value);
  checkI64(value);
  return value;
}
