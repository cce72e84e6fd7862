import uWS from 'uWebSockets.js';

/**
 * Throws when uWebSockets.js runs its JS fallback instead of the native binary. The package only
 * warns on the console when its prebuilt `.node` does not match this Node ABI (e.g. Node 22), then
 * serves HTTP through node:http + ws: slower, and with different backpressure and abort behaviour
 * than this adapter is written and tested for. The fallback exports neither `SSLApp` nor
 * `getParts`, the native module does.
 */
export function assertNativeUws(module: object = uWS): void {
  const exported = module as Record<string, unknown>;
  if (typeof exported['SSLApp'] !== 'function' || typeof exported['getParts'] !== 'function') {
    throw new Error(
      `uWebSockets.js loaded its JavaScript fallback, not the native binary (no build for ${process.platform}-${process.arch}, ` +
        `Node ABI ${process.versions.modules}). Run on Node 20 (ABI 115) or replace the HTTP adapter.`,
    );
  }
}
