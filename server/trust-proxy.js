// @ts-check
import net from "node:net";

/**
 * TRUST_PROXY, read into express's `trust proxy` setting. It decides which address a request came from
 * (the per-address sign-in limit, the login record) and whether X-Forwarded-Host and -Proto are believed.
 * Only the proxies we run may be believed: `true` would believe every hop of X-Forwarded-For, which the
 * client writes itself, so anyone could pose as any address and slip past the per-address limit.
 *
 * - unset, empty, `false` or `0`: no proxy; the address is the connection's.
 * - a number N: N proxies in front of the app; the address is the one the outermost of them saw.
 * - addresses: the proxies' IPs or CIDR ranges (and express's names `loopback`, `linklocal`,
 *   `uniquelocal`), comma-separated; hops from those addresses are skipped.
 * - `true`: read as `1` with a warning. It was the documented setting for one reverse proxy, which is
 *   what `1` means, so an upgrade keeps working (and stops trusting forged hops) rather than failing to start.
 *
 * Anything else is refused: the server does not start, and says what to write.
 * @param {string | undefined} value
 * @returns {{ setting: number | string | false, warning: string | null }}
 */
export function parseTrustProxy(value) {
  const text = (value ?? "").trim();
  if (text === "" || text === "false" || text === "0") return { setting: false, warning: null };
  if (text === "true") {
    return {
      setting: 1,
      warning:
        "TRUST_PROXY=true is read as TRUST_PROXY=1 (one proxy in front of the app). Set the number of proxies, or their addresses, to say so and silence this warning (docs/operations.md).",
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10)
      throw new Error(`TRUST_PROXY=${text}: more than 10 proxies in front of the app is not believable; give their addresses instead`);
    return { setting: hops, warning: null };
  }
  const entries = text.split(",").map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      throw new Error(
        `TRUST_PROXY: "${entry}" is not a number of proxies, an IP address, a CIDR range (like 10.0.0.0/8) or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return { setting: entries.join(","), warning: null };
}

/** @param {string} entry */
function isProxyAddress(entry) {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
