/**
 * CPU time of another process, for the benches that say where a run's CPU went (server, worker, Redis), read from
 * /proc: Linux only, as CI and these machines are; elsewhere the caller leaves the breakdown out.
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc counts CPU time in ticks of 1/100 s on every Linux architecture, whatever the kernel's HZ. */
const TICKS_PER_SECOND = 100;

/**
 * A process's CPU seconds so far (user + system, every thread); null when there is no such process or no /proc.
 * utime and stime are fields 14 and 15, counted after the parenthesised command name, which may hold spaces.
 */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) {
    return null;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : null;
}
