// A one-shot command that reads through the session-reader pool and never closes it: it must
// still exit by itself once the read is done, and not before (a busy pool holds the process).
import { WorkerSessionReader } from '../../../src/main/storage/sessionReaderPool';

const [file, second] = process.argv.slice(2) as [string, string];
const reader = new WorkerSessionReader(2).warm();
const a = await reader.read(file);
// After a pause with only idle workers, a second read still works and is waited for.
await new Promise((r) => setTimeout(r, 200));
const b = await reader.read(second);
console.log(`samples ${a.data.length} ${b.data.length}`);
