/*
 * Which of a connection's bytes are payload (block data of piece messages), found at the moment
 * those bytes cross the byte taps, so that payload and wire bytes are counted on one path and
 * at one time. Counting payload from the wire's own events instead, as before, ran ahead of the
 * socket on upload (the wire reports a block the moment it queues it, before the upload
 * throttle, which can hold seconds of data) and behind it on download (a block is reported only
 * once its whole message is parsed): payload rates above the wire rates were the result.
 *
 * The streams cannot be read at the socket itself: webtorrent encrypts connections by default
 * (BEP 8 style, RC4), so these follow the wire's plaintext side, byte for byte (RC4 keeps
 * lengths, so stream offsets on both sides of the cipher are the same).
 */

/** Called when the last byte of a block of piece `index` has gone to the socket. */
export type BlockSent = (index: number, length: number) => void;

interface Queued {
  readonly index: number;
  readonly length: number;
  /** Offset in the outgoing stream just after the block's last byte. */
  readonly end: number;
}

/**
 * Outgoing: the wire pushes its bytes (encrypted or not) into the upload throttle; the throttle
 * hands them, in order, to the socket. Offsets in that one stream tell which socket bytes are
 * which block.
 */
export class OutboundPayload {
  private pushed = 0;
  private sent = 0;
  private readonly queue: Queued[] = [];
  private head = 0;

  constructor(private readonly onBlock: BlockSent) {}

  get pushedTotal(): number {
    return this.pushed;
  }

  /** The wire pushed `n` bytes into its readable side. */
  pushedBytes(n: number): void {
    this.pushed += n;
  }

  /** The last `length` bytes pushed are the block of piece `index` (call right after the push). */
  block(index: number, length: number): void {
    if (length > 0) this.queue.push({ index, length, end: this.pushed });
  }

  /** `n` more bytes went to the socket; returns how many of them are block bytes. */
  sentBytes(n: number): number {
    const from = this.sent;
    const to = from + n;
    this.sent = to;
    let payload = 0;
    while (this.head < this.queue.length) {
      const b = this.queue[this.head] as Queued;
      const start = b.end - b.length;
      if (start >= to) break;
      payload += Math.min(b.end, to) - Math.max(start, from);
      if (b.end > to) break;
      this.head++;
      this.onBlock(b.index, b.length);
    }
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return payload;
  }
}

/**
 * Incoming: block bytes already in the wire's buffer (a piece message it is still assembling)
 * count as payload as they arrive, delivered blocks as a whole; bytes that were counted and then
 * dropped without delivery (the connection closed mid-block) are reported as lost.
 */
export class InboundPayload {
  /** Block bytes the wire delivered (its 'download' events). */
  delivered = 0;
  private counted = 0;
  private lost = 0;

  /**
   * The wire's state after a write: `partial` block bytes of a message not yet complete.
   * Returns the payload bytes to count now, or a negative number: bytes lost (waste).
   */
  update(partial: number): number {
    const target = this.delivered + partial + this.lost;
    const d = target - this.counted;
    if (d >= 0) {
      this.counted = target;
      return d;
    }
    this.lost -= d;
    return d;
  }
}
