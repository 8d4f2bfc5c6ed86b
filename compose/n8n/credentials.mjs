// Prints the n8n `import:credentials` payload built from the secret files (Docker secrets), for the
// n8n-bootstrap service (the n8n image has Node, not Python). Mirrors workflows/credentials.py:
// tests/ops_infra/test_infra_n8n_bootstrap.py checks both produce the same documents.
import { readFileSync } from "node:fs";

function readSecret(name, fallback) {
  const file = process.env[`${name}_FILE`];
  const raw = file ? readFileSync(file, "utf8") : (process.env[name] ?? fallback);
  if (raw === undefined) throw new Error(`set ${name}_FILE (a Docker secret) or ${name}`);
  return raw.replaceAll("\n", ",").split(",")[0].trim();
}

// n8n's own key: the first `n8n:KEY` line or bare key (compose mounts only n8n's line).
function n8nKey() {
  const file = process.env.API_KEYS_FILE;
  const raw = file ? readFileSync(file, "utf8") : process.env.API_KEYS;
  if (raw === undefined) throw new Error("set API_KEYS_FILE (a Docker secret) or API_KEYS");
  for (const value of raw.replaceAll("\n", ",").split(",")) {
    const entry = value.trim();
    const colon = entry.indexOf(":");
    if (colon < 0 && entry) return entry;
    if (colon > 0 && entry.slice(0, colon) === "n8n" && entry.slice(colon + 1)) {
      return entry.slice(colon + 1).trim();
    }
  }
  throw new Error("API_KEYS holds no n8n key (a line 'n8n:KEY')");
}

const secure = (process.env.SMTP_SECURE ?? "false").toLowerCase() === "true";
const documents = [
  {
    id: "bmcPyNodesApiKey", name: "Python nodes API key", type: "httpHeaderAuth",
    data: { name: "X-API-Key", value: n8nKey() },
  },
  {
    id: "bmcWhatsappGraph", name: "WhatsApp Graph API token", type: "httpBearerAuth",
    data: { token: readSecret("WHATSAPP_ACCESS_TOKEN") },
  },
  {
    id: "bmcTeamSmtp00001", name: "Team e-mail (SMTP)", type: "smtp",
    data: {
      host: process.env.SMTP_HOST ?? "127.0.0.1",
      port: Number.parseInt(process.env.SMTP_PORT ?? "25", 10),
      secure,
      user: readSecret("SMTP_USER", ""),
      password: readSecret("SMTP_PASSWORD", ""),
      disableStartTls: !secure,
    },
  },
];
process.stdout.write(JSON.stringify(documents));
