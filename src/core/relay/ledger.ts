import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Exactly once in the store although the relay delivers at least once. Events come in relay order and
 * are stored one at a time, so one small file per channel and listener name is enough: before storing an
 * event, it records the event's relay id and the capture id it will be stored under. On start, the
 * events before that one are stored, and that one is stored iff its capture exists. The channel's epoch
 * (new when its storage is new, e.g. a fresh deployment) resets the ledger, as ids start again.
 *
 * The file is rewritten in place, one `pwrite` of a fixed-size record at offset 0 per event (a temporary
 * file and a rename cost four times as many system calls, on every relay event): a write that small is
 * never torn by a kill of the process, and the padding leaves no tail of a longer earlier record. Like
 * the store, it is durable against SIGKILL, not against power loss.
 */
/** Epoch (a UUID), relay id and capture id with their JSON: well under this; padded to it. */
const RECORD_BYTES = 256;

export interface LedgerEntry {
  epoch: string;
  relayId: string;
  captureId: string;
}

export class RelayLedger {
  private lastStored = 0;
  private epoch = '';
  /**
   * The capture the last run was storing when it stopped, if it did store it: its forward may have been
   * cut off, so the client forwards it now unless it was.
   */
  recovered: string | null = null;

  private handle: FileHandle | null = null;

  private constructor(private readonly file: string) {}

  /** The ledger of `channelUrl` for listener `name`, kept in the store's `relay/` folder. */
  static async open(
    storeDir: string,
    channelUrl: string,
    name: string,
    captureExists: (id: string) => Promise<boolean>,
  ): Promise<RelayLedger> {
    const key = createHash('sha256').update(`${channelUrl}\n${name}`).digest('hex').slice(0, 24);
    const dir = path.join(storeDir, 'relay');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const ledger = new RelayLedger(path.join(dir, `${key}.json`));
    let entry: LedgerEntry | null = null;
    try {
      entry = JSON.parse(await readFile(ledger.file, 'utf8')) as LedgerEntry;
    } catch {}
    if (entry !== null && typeof entry.relayId === 'string') {
      ledger.epoch = entry.epoch;
      const seq = Number(entry.relayId.slice(1));
      const stored = await captureExists(entry.captureId);
      ledger.lastStored = stored ? seq : seq - 1;
      if (stored) ledger.recovered = entry.captureId;
    }
    return ledger;
  }

  /** Called with each hello: a channel with another epoch has new ids, so nothing of it is stored yet. */
  useEpoch(epoch: string): void {
    if (epoch !== this.epoch) {
      this.epoch = epoch;
      this.lastStored = 0;
    }
  }

  isStored(relayId: string): boolean {
    return Number(relayId.slice(1)) <= this.lastStored;
  }

  /** Before storing: written in place (see above) so a crash in between is recognised on start. */
  async storing(relayId: string, captureId: string): Promise<void> {
    const entry: LedgerEntry = { epoch: this.epoch, relayId, captureId };
    const record = Buffer.alloc(RECORD_BYTES, ' ');
    record.write(JSON.stringify(entry));
    if (this.handle === null) {
      // 'a' creates it without truncating; positioned writes need a handle opened without O_APPEND.
      await (await open(this.file, 'a', 0o600)).close();
      this.handle = await open(this.file, 'r+');
    }
    await this.handle.write(record, 0, RECORD_BYTES, 0);
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }

  stored(relayId: string): void {
    this.lastStored = Math.max(this.lastStored, Number(relayId.slice(1)));
  }
}
