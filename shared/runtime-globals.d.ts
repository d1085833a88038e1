/**
 * Host functions that every runtime of shared/ provides — Node (≥ 17), Electron's renderer and the
 * browsers of browser mode — although ECMAScript does not define them. tsconfig.shared.json compiles
 * shared/ with the ECMAScript library only (no DOM, no Node types), so each one shared/ may use is
 * declared here, deliberately and one by one; anything else DOM- or Node-specific is a type error.
 */

/** Deep copy of plain data (HTML structured clone; `globalThis.structuredClone` in Node and browsers). */
declare function structuredClone<T>(value: T): T;
