import { readFileSync } from 'node:fs';

/**
 * CPU time a thread of this machine has spent, in milliseconds: the first field of Linux's
 * schedstat (nanoseconds on a CPU), so waiting for the machine's other work is not counted.
 * `thread` is a path such as `/proc/<pid>/task/<tid>`; read it while the thread is idle, as
 * the kernel brings the count up to date when a thread stops running.
 */
export function threadCpuMs(thread: string): number {
  return Number(readFileSync(`${thread}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}
