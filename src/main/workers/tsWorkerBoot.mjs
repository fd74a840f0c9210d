// Worker threads do not inherit tsx's loader from --import on Node 20: register it here, then load the TS file.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
