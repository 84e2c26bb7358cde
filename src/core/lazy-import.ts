import { DefenderSiemError, errorMessage } from './errors.js';

/**
 * A module that could not be loaded when it was first needed: a broken or partial installation
 * (a package missing from node_modules, a file missing from dist/). The message names what needed
 * it and repeats Node's reason, which names the module.
 */
export class ModuleLoadError extends DefenderSiemError {
  constructor(what: string, cause: unknown) {
    super('ERR_MODULE_LOAD', `cannot load ${what}: ${errorMessage(cause)} (is the installation complete? reinstall defender-siem)`, { cause });
  }
}

/**
 * Loads a module at the point where it turns out to be needed (`load` is `() => import('…')`, so
 * TypeScript still checks what is used), so that a command and a configuration that do not need
 * it never pay its memory and start-up time. A failure becomes a ModuleLoadError.
 */
export async function lazyImport<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new ModuleLoadError(what, error);
  }
}
