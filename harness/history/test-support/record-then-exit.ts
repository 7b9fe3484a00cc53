// Child process for the recorder's exit-path tests: records events that only the exit flush can
// write (the batch timer is an hour away), then leaves the way argv says.
import { createRecorder } from '../recorder.js';

const [file, how = 'exit', countArg = '1000'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: record-then-exit FILE HOW [COUNT]');

const recorder = createRecorder(file, { flushIntervalMs: 3_600_000, maxBufferBytes: 1 << 30 });
for (let i = 0; i < Number(countArg); i++) {
  recorder.record({ type: 'note', level: 'info', message: `event ${i}` });
}

switch (how) {
  case 'exit':
    process.exit(3);
    break;
  case 'empty-loop':
    break;
  case 'uncaught':
    setTimeout(() => {
      throw new Error('boom');
    }, 0);
    break;
  case 'rejection':
    void Promise.reject(new Error('boom'));
    break;
  case 'signal':
    setInterval(() => {}, 1000);
    process.stdout.write('ready\n');
    break;
  case 'signal-handled-by-app':
    // The app has its own handler: the recorder must flush but not kill the process.
    process.on('SIGTERM', () => {
      recorder.record({ type: 'note', level: 'info', message: 'app saw SIGTERM' });
      void recorder.close().then(() => process.exit(0));
    });
    setInterval(() => {}, 1000);
    process.stdout.write('ready\n');
    break;
  default:
    throw new Error(`unknown way out: ${how}`);
}
