import { getDb } from "~/data/db.server";

/** GET /healthz: 200 {"status":"ok"} when the database answers (DESIGN §9), 503 otherwise. */
export async function loader() {
  try {
    await getDb().raw("select 1");
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
