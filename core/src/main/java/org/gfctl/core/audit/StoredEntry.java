package org.gfctl.core.audit;

/**
 * One row of {@code audit_entries} as read for listing and proofs: the filter columns (generated
 * from the entry bytes, migration V4), the canonical bytes and the stored leaf hash.
 */
record StoredEntry(long seq, String time, String actor, String actorKey, String role, String action, String object,
        String result, int exitCode, String evidenceDigest, byte[] entry, byte[] leafHash) {}
