// One XMPP account played by xmpp.js (@xmpp/client), an XMPP library nobody in this project
// wrote, so that tests check our thing and service against an independent implementation.
// Configuration comes from the environment; the test talks to it in JSON lines:
//   stdin:  {"send": "<xml/>"} writes raw XML to the stream; {"stop": true} closes and exits.
//   stdout: {"online": "jid"}, {"stanza": "<xml/>"} for every stanza received, {"error": "..."}.
// TLS is verified against the test CA given in NODE_EXTRA_CA_CERTS.
import { client } from "@xmpp/client";
import readline from "node:readline";

const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");

const xmpp = client({
  service: process.env.XMPP_SERVICE,
  domain: process.env.XMPP_DOMAIN,
  username: process.env.XMPP_USERNAME,
  password: process.env.XMPP_PASSWORD,
  resource: process.env.XMPP_RESOURCE || "party",
  // Each step of the login (stream open, TLS, SASL, bind) gets this long; xmpp.js's default of
  // 2 s failed logins with "TimeoutError" on a loaded 2-core machine. The tests have their own
  // patience for what they wait for.
  timeout: 20000,
});

// A test decides when to connect again; the library must not hide a lost connection.
xmpp.reconnect.stop();
xmpp.on("error", (error) => emit({ error: String(error) }));
xmpp.on("offline", () => emit({ offline: true }));
xmpp.on("online", (jid) => emit({ online: jid.toString() }));
xmpp.on("stanza", (stanza) => emit({ stanza: stanza.toString() }));

const input = readline.createInterface({ input: process.stdin });
input.on("line", async (line) => {
  try {
    const command = JSON.parse(line);
    if (command.send) {
      await xmpp.write(command.send);
    }
    if (command.stop) {
      await xmpp.stop().catch(() => {});
      process.exit(0);
    }
  } catch (error) {
    emit({ error: String(error) });
  }
});
input.on("close", () => process.exit(0));

try {
  await xmpp.start();
} catch (error) {
  emit({ error: String(error) });
  process.exit(1);
}
