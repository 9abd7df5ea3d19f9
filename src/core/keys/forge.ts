/**
 * node-forge, loaded when first needed. Only old ciphers (3DES, RC2, AES-192 where WebCrypto refuses it), the
 * PKCS #12 key derivation and a PBKDF2 fallback use it, and it is about a third of the engine's code: checking a
 * signature, or opening a store without legacy files, should not have to load and run it. In the task pane the
 * bundler puts it in a chunk of its own, fetched on first use.
 */
import type forgeNamespace from "node-forge";

export type Forge = typeof forgeNamespace;

let loading: Promise<Forge> | undefined;

export function loadForge(): Promise<Forge> {
  loading ??= import(/* webpackChunkName: "legacy-ciphers" */ "node-forge").then((m) => ((m as { default?: Forge }).default ?? (m as unknown as Forge)));
  return loading;
}
