/** One structured log entry; the server logs API changes and connection ends through this. */
export type LogFn = (entry: { msg: string } & Record<string, unknown>) => void;

export const silent: LogFn = () => {};
