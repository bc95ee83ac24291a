package org.gfctl.core.audit;

import java.util.Objects;

/**
 * One thing {@link AuditVerifier} found wrong with the log, with what kind of violation it is and
 * the entry or checkpoint numbers it concerns.
 *
 * @param kind what is wrong
 * @param first the first entry (or checkpoint) number concerned
 * @param last the last one, equal to {@code first} for a single one
 * @param message the explanation for a human, e.g. {@code entry 5 modified: ...}
 */
public record Finding(Kind kind, long first, long last, String message) {
    /** The kinds of violation the verifier tells apart. */
    public enum Kind {
        /** An entry's bytes or leaf hash were changed. */
        ENTRY_MODIFIED,
        /** Sequence numbers are missing inside the log. */
        ENTRIES_MISSING,
        /** Entries sit at positions other than their own sequence numbers. */
        ENTRIES_REORDERED,
        /** The log is shorter than a signed checkpoint (possibly re-appended since). */
        LOG_TRUNCATED,
        /** The newest entries are not covered by any valid signed checkpoint. */
        ENTRIES_UNSIGNED,
        /** A checkpoint does not verify with the audit certificate. */
        CHECKPOINT_SIGNATURE_INVALID,
        /** Checkpoint numbers have a gap. */
        CHECKPOINT_MISSING,
        /** A checkpoint row is not a checkpoint (wrong root length, missing fields). */
        CHECKPOINT_MALFORMED,
        /** Two validly signed checkpoints contradict each other (the signer forked or rolled back the log). */
        CHECKPOINTS_INCONSISTENT,
        /** The listing columns are no longer generated from the entry bytes (the table was redefined). */
        FILTER_COLUMNS_DETACHED
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static Finding of(Kind kind, long first, long last, String message) {
        return new Finding(kind, first, last, message);
    }

    /** {@code "N"} or {@code "N..M"}. */
    static String range(long first, long last) {
        return first == last ? Long.toString(first) : first + ".." + last;
    }
}
