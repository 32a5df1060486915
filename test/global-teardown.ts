export default async function globalTeardown(): Promise<void> {
  // Named by more than one project: the embedded database is stopped once.
  const embedded = globalThis.__EMBEDDED_PG__;
  globalThis.__EMBEDDED_PG__ = undefined;
  await embedded?.stop();
}
