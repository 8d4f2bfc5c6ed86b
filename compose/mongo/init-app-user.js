// First start only (docker-entrypoint-initdb.d): create the application user named in the
// mongodb_uri secret, with readWrite on the application database. Nothing secret lives here.
const fs = require("fs");
const uri = fs.readFileSync("/run/secrets/mongodb_uri", "utf8").trim();
const match = uri.match(/^mongodb(?:\+srv)?:\/\/([^:@\/]+):([^@\/]+)@/);
if (!match) {
  throw new Error("mongodb_uri must be mongodb://USER:PASSWORD@HOST/... (see secrets/README.md)");
}
const appDb = process.env.MONGO_INITDB_DATABASE || "bmc_bot";
const user = decodeURIComponent(match[1]);
const target = db.getSiblingDB(appDb);
if (target.getUser(user) === null) {
  target.createUser({
    user: user,
    pwd: decodeURIComponent(match[2]),
    roles: [{ role: "readWrite", db: appDb }],
  });
  print(`created MongoDB user ${user} on ${appDb}`);
}
