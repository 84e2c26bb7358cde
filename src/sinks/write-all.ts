/** What writeAll needs of a FileHandle. */
export interface GatheringWriter {
  writev(buffers: Uint8Array[]): Promise<{ bytesWritten: number }>;
}

/**
 * One gathering write of every piece; a short write (a full disk, a signal) goes on with what is
 * left, so that a batch is acknowledged only once all of it is in the file.
 */
export async function writeAll(handle: GatheringWriter, parts: readonly Uint8Array[]): Promise<void> {
  let pending = parts.filter((part) => part.length > 0);
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    if (bytesWritten <= 0) throw new Error('the file took none of the bytes written to it');
    let next = 0;
    while (next < pending.length && bytesWritten >= pending[next]!.length) bytesWritten -= pending[next++]!.length;
    pending = next < pending.length ? [pending[next]!.subarray(bytesWritten), ...pending.slice(next + 1)] : [];
  }
}
