import { findPostgres, preparePostgresTemplate } from '../src/testing/services.js';

/** Makes the template cluster once, so that test files starting clusters in parallel only copy it. */
export default async function setup(): Promise<void> {
  const binaries = findPostgres();
  // Missing binaries are reported (or fail under CI) by the test files themselves.
  if ('missing' in binaries) return;
  await preparePostgresTemplate(binaries);
}
