/**
 * ECS `file.directory` and `file.extension` from a full path, for Windows (`C:\a\b.dll`) and
 * POSIX (`/usr/bin/tar`) paths alike: the directory is everything before the last separator,
 * the extension what follows the last dot of the file name (none for `tar` or `dir.d/`).
 */
export function pathDirectory(path: string): string | undefined {
  const separator = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return separator > 0 ? path.slice(0, separator) : undefined;
}

export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

export function fileExtension(name: string): string | undefined {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot >= 0 && dot < base.length - 1 ? base.slice(dot + 1) : undefined;
}
