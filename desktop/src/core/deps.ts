import { randomUUID } from 'node:crypto';

/** What core takes from the outside world, passed in so tests control time and ids. */
export interface CoreClock {
  now(): Date;
}
export interface IdSource {
  uuid(): string;
}

export const systemClock: CoreClock = { now: () => new Date() };
export const randomIds: IdSource = { uuid: () => randomUUID() };
