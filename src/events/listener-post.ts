import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { CallbackPolicy } from "./callback-policy.js";

/** Most of a listener's answer that is read: the status is what counts; the rest is dropped with the connection. */
export const MAX_ANSWER_BYTES = 4096;

/**
 * POSTs a JSON body to a listener and returns an error text, or undefined when it answered 2xx.
 * - The callback is checked and resolved once by the policy, and the connection is pinned to the
 *   checked addresses (`lookup`): no second resolution can send it elsewhere. TLS keeps the host name
 *   for SNI and the certificate check. Redirects are not followed (a 3xx is a failed attempt).
 * - Of the answer, the status counts; at most MAX_ANSWER_BYTES of its body are read, then the
 *   connection is destroyed (no keep-alive: a fresh, pinned connection per delivery).
 * - `timeoutMs` bounds all of it: resolution, connect, the answer's headers and that bounded read.
 *   A 2xx whose body is still coming when the time is up counts as delivered.
 */
export function postToListener(
  policy: CallbackPolicy,
  callback: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    let req: ClientRequest | undefined;
    let status: number | undefined;
    let settled = false;
    const verdict = (code: number) => (code >= 200 && code < 300 ? undefined : `listener answered ${code}`);
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(status === undefined ? (error ?? "listener closed the connection without an answer") : verdict(status));
    };
    const timer = setTimeout(() => finish(`listener did not answer within ${timeoutMs} ms`), timeoutMs);
    policy.target(callback).then(
      (target) => {
        if (settled) return;
        const { url } = target;
        const send = url.protocol === "https:" ? httpsRequest : httpRequest;
        req = send(
          {
            host: target.hostname,
            port: url.port || (url.protocol === "https:" ? 443 : 80),
            path: `${url.pathname}${url.search}`,
            method: "POST",
            headers: { host: url.host, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers },
            lookup: target.lookup,
            agent: false,
          },
          (res: IncomingMessage) => {
            status = res.statusCode ?? 0;
            let read = 0;
            res.on("data", (chunk: Buffer) => {
              read += chunk.length;
              if (read >= MAX_ANSWER_BYTES) finish();
            });
            res.on("end", () => finish());
            res.on("error", () => finish());
          },
        );
        req.on("error", (err) => finish(err.message));
        req.end(body);
      },
      (err: Error) => finish(err.message),
    );
  });
}
