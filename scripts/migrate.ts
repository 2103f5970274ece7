import { openConfiguredDatabase } from "./open-db";

const handle = await openConfiguredDatabase();
console.log(`migrations applied (${handle.driver})`);
await handle.close();
