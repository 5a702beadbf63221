import { buildTemplate } from "./test-databases";

/** The `unit` project's globalSetup: on PostgreSQL, migrate once the template every test database copies. */
export default async function setup(): Promise<void> {
  await buildTemplate();
}
