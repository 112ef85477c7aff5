// Time as a dependency, so tests can move it (token expiry, rate-limit windows) without sleeping.
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
export const isoAt = (ms: number): string => new Date(ms).toISOString();
