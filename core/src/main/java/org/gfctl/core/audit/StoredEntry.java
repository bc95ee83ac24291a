package org.gfctl.core.audit;

import java.util.Arrays;

/**
 * One row of {@code audit_entries} exactly as stored, before anything is trusted: the columns,
 * the canonical bytes and the stored leaf hash.
 */
record StoredEntry(long seq, String time, String actor, String actorKey, String role, String action, String object,
        String result, int exitCode, String evidenceDigest, byte[] entry, byte[] leafHash) {

    /** Whether the columns encode to exactly the stored entry bytes (a row read with them already checked has no columns). */
    boolean columnsMatchBytes() {
        return time == null || Arrays.equals(columnBytes(), entry);
    }

    /** The canonical bytes the columns would have. */
    byte[] columnBytes() {
        return AuditEntry.encode(seq, time, actor, actorKey, role, action, object, result, exitCode, evidenceDigest);
    }
}
