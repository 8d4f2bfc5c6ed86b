// Container healthcheck: ping always; with a replica set (prod), initiate it once, then require
// a PRIMARY. The root password is read from the secret file, never passed on a command line.
const fs = require("fs");
const admin = db.getSiblingDB("admin");
if (admin.runCommand({ ping: 1 }).ok !== 1) quit(1);
const replSet = process.env.BMC_MONGO_REPLSET;
if (replSet) {
  const password = fs.readFileSync("/run/secrets/mongo_root_password", "utf8").trim();
  admin.auth(process.env.MONGO_INITDB_ROOT_USERNAME, password);
  let status;
  try {
    status = admin.runCommand({ replSetGetStatus: 1 });
  } catch (error) {
    status = { ok: 0, code: error.code };
  }
  if (status.ok !== 1) {
    const host = process.env.BMC_MONGO_ADVERTISED_HOST || "mongodb:27017";
    admin.runCommand({ replSetInitiate: { _id: replSet, members: [{ _id: 0, host: host }] } });
    quit(1);
  }
  if (!db.hello().isWritablePrimary) quit(1);
}
