import { verifyAuditChain } from "../db/queries/audit";
import { openConfiguredDatabase } from "./open-db";

// `npm run audit:verify`: recompute the audit hash chain. Exit 0 when intact, 1 at the first broken link.
const handle = await openConfiguredDatabase();
try {
  const result = await verifyAuditChain(handle.db);
  if (result.ok) {
    console.log(`audit chain OK: ${result.checked} events, head ${result.head}`);
  } else {
    console.error(`audit chain BROKEN at seq ${result.seq} (${result.reason}); ${result.checked} events verified before it`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
