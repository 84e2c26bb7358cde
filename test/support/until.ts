/** Resolves once `condition()` holds, checking every `intervalMs`; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, intervalMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for a condition`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
