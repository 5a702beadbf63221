import { createDb } from "~/data/db.server";
import { listCycles } from "~/data/cycles.server";
const db = createDb(`file:${process.argv[2]}`);
const qa = await db("users").where({ role: "qa" }).first();
const viewer = { id: qa.id, role: "qa", agencyId: null } as never;
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  for (let i = 0; i < 50; i++) await listCycles(db, viewer);
  console.log("listCycles", ((performance.now() - t) / 50).toFixed(2));
}
const row = await db("cycles").select("selection").first(); console.log(String(row.selection).slice(0, 200), String(row.selection).length);
await db.destroy();
