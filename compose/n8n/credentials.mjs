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

const secure = (process.env.SMTP_SECURE ?? "false").toLowerCase() === "true";
const documents = [
  {
    id: "bmcPyNodesApiKey", name: "Python nodes API key", type: "httpHeaderAuth",
    data: { name: "X-API-Key", value: readSecret("API_KEYS") },
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
