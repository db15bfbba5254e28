import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirectories } from '../util/make-directories.ts';

/**
 * File writes that survive a crash: data is fsynced before the call returns, and a new directory entry is
 * made durable by fsyncing its directory (POSIX leaves a freshly created file's name unsynced otherwise).
 */

/** Appends text and fsyncs; O_APPEND, so writers holding the state lock never overwrite each other. */
export async function appendDurably(file: string, text: string | Buffer): Promise<void> {
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces the file's content in one step: a reader sees the old file or the new one, never half of either. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(file));
}

/** Creates the state directory readable by its owner only: it says who opened which port, and when. */
export async function ensureStateDirectory(dir: string): Promise<void> {
  const created = await makeDirectories(dir, 0o700);
  if (created !== undefined) await syncDirectory(dirname(created));
}

export async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals metadata, so there is nothing to do there.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
