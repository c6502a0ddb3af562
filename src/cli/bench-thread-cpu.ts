import { readFileSync } from 'node:fs';

/**
 * CPU time a thread has spent, in milliseconds: the first field of Linux's schedstat
 * (nanoseconds on a CPU), so waiting for the machine's other work is not counted. `thread`
 * is a path such as `/proc/thread-self` or `/proc/<pid>/task/<tid>`; where there is none, the
 * process's user and system time.
 */
export function threadCpuMs(thread = '/proc/thread-self'): number {
  try {
    return Number(readFileSync(`${thread}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
}
