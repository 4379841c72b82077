// Optional persistence (`dataFile`): the store is saved as one JSON document shortly after each
// change (debounced) by writing a temporary file and renaming it over the old one, so a crash
// never leaves half a file; it is loaded on start, so the demo's saved cards survive a restart.
// What is saved is what the store holds: no card number or IBAN, ever.
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { SandboxStore, StoreDocument } from './store';
import type { SandboxTime } from './time';

interface DataFile {
  version: 1;
  /** The test-clock time, as an ISO string, or null for real time. */
  frozenTime: string | null;
  store: StoreDocument;
}

export function loadDataFile(path: string, store: SandboxStore, time: SandboxTime): boolean {
  if (!existsSync(path)) return false;
  let data: DataFile;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as DataFile;
  } catch (error) {
    throw new Error(`Sandbox data file ${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}); move it away to start empty.`);
  }
  if (data.version !== 1) throw new Error(`Sandbox data file ${path} has unknown version ${String(data.version)}.`);
  store.restore(data.store);
  if (data.frozenTime) time.freeze(Date.parse(data.frozenTime));
  return true;
}

export class DataFileWriter {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly store: SandboxStore,
    private readonly time: SandboxTime,
    private readonly delayMs = 250,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  /** Something changed: save soon, once for a burst of changes. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Saves now (after any save under way); used on close. */
  async save(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const frozen = this.time.frozenAt();
    const data: DataFile = { version: 1, frozenTime: frozen === null ? null : new Date(frozen).toISOString(), store: this.store.toJSON() };
    const text = JSON.stringify(data);
    this.writing = this.writing.then(async () => {
      const temporary = `${this.path}.${process.pid}.tmp`;
      try {
        await writeFile(temporary, text, { mode: 0o600 });
        await rename(temporary, this.path);
      } catch (error) {
        this.onError(`sandbox could not save ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    await this.writing;
  }
}
