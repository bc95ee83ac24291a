package org.gfctl.tpm.eventlog;

import org.gfctl.tpm.TpmException;

/**
 * A TCG event log is malformed: truncated, a length or count that does not fit, an unknown
 * algorithm, a broken Spec ID event. The message names the byte offset in the log.
 *
 * <p>This is the only exception the parser throws for bad input, whatever the bytes: an event log
 * comes from the host being attested and must be treated as hostile (TCG PC Client PFP §10).
 */
public final class EventLogParseException extends TpmException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public EventLogParseException(long offset, String message) {
        super("event log: " + message + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    /** The byte offset in the log where the problem was found. */
    public long offset() {
        return offset;
    }
}
