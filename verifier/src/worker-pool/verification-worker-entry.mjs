// Piscina's entry for a verification worker thread: the services run their TypeScript sources through tsx, whose
// loader worker threads do not inherit, so the thread registers tsx first, then loads the worker's module.
const { register } = await import('tsx/esm/api');
register();
const worker = await import(new URL('./verification-worker.ts', import.meta.url).href);

export default worker.default;
