// Promise.withResolvers (ES2024, Node ≥ 22) for Node 20: PostGraphile 5 and grafast call it. Loaded
// before anything else in the peer's process: node --import ./bench/peers/with-resolvers.mjs …
// Never loaded by the product.
if (typeof Promise.withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
