// A real OpenID Connect provider for the sign-in browser tests: oauth2-mock-server from the npm
// registry (version pinned in tests/oidc.py, installed into var/oidc-provider/ by it).
// Usage: node oidc_provider.cjs <install folder> <port> '<extra id-token claims as JSON>'
// It signs every token with a fresh RS256 key and adds the given claims (email, name, ...), so
// the app sees the identity a real provider would send. Prints "ready <issuer url>" when up.
const path = require("node:path");

const [folder, port, claims] = process.argv.slice(2);
const { OAuth2Server } = require(path.join(folder, "node_modules", "oauth2-mock-server"));

(async () => {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  const extra = JSON.parse(claims || "{}");
  server.service.on("beforeTokenSigning", (token) => {
    Object.assign(token.payload, extra);
  });
  await server.start(Number(port), "127.0.0.1");
  console.log(`ready ${server.issuer.url}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
})();
