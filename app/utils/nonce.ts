import { createContext, useContext } from "react";

/** The per-request Content-Security-Policy nonce, so Remix's inline scripts may run and nothing else. */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
