/**
 * jsdom puts its own ArrayBuffer and typed arrays on the global object, and Node's WebCrypto refuses a buffer of
 * that realm ("not instance of ArrayBuffer"). The certificate maker of the store's test kit (@peculiar/x509)
 * allocates plain buffers, so tests that make certificates under jsdom get Node's constructors back: structuredClone
 * is Node's, and what it returns belongs to Node's realm. Import this before anything that makes certificates.
 */
const NAMES = [
  "ArrayBuffer",
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
] as const;

const g = globalThis as unknown as Record<string, new (source: ArrayBuffer | number) => object>;
const nodeBuffer = structuredClone(new g["ArrayBuffer"]!(8) as ArrayBuffer);
for (const name of NAMES) {
  const sample = name === "ArrayBuffer" ? nodeBuffer : structuredClone(new g[name]!(nodeBuffer));
  Object.defineProperty(globalThis, name, { value: (sample as object).constructor, configurable: true, writable: true });
}
