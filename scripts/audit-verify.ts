import { verifyAuditChain } from "../db/queries/audit";
import { checkpointDir, verifyAgainstCheckpoint } from "../lib/server/audit-checkpoint";
import { openConfiguredDatabase } from "./open-db";

// `npm run audit:verify`: recompute the audit hash chain, then compare its head with the latest
// signed checkpoint (AUDIT_CHECKPOINT_DIR), which the chain alone cannot do: deleting the newest
// events leaves a valid, shorter chain. Exit 0 when both hold, 1 otherwise.
const handle = await openConfiguredDatabase();
try {
  const result = await verifyAuditChain(handle.db);
  if (result.ok) {
    console.log(`audit chain OK: ${result.checked} events, head ${result.head}`);
  } else {
    console.error(`audit chain BROKEN at seq ${result.seq} (${result.reason}); ${result.checked} events verified before it`);
    process.exitCode = 1;
  }
  const dir = checkpointDir();
  const { checkpoint, verdict } = await verifyAgainstCheckpoint(handle.db, dir);
  if (!checkpoint) {
    console.log(`no audit checkpoint in ${dir} yet (the scheduler writes one each tick the log grows)`);
  } else if (verdict.ok) {
    console.log(`checkpoint OK: seq ${checkpoint.seq} signed at ${checkpoint.at} is in the chain (${dir})`);
  } else {
    console.error(`checkpoint FAILED (${verdict.reason}): ${verdict.message} (${dir})`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
