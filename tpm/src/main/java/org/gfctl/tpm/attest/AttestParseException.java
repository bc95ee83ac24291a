package org.gfctl.tpm.attest;

import org.gfctl.tpm.TpmFormatException;

/**
 * A TPMS_ATTEST or TPMT_SIGNATURE is malformed; {@link #offset()} is the byte where parsing stopped.
 *
 * <p>Evidence comes from hosts the guardian does not trust yet, so every malformation is reported
 * as this one type, with the structure, the field and the offset, never as a runtime error from
 * deep inside a parser.
 */
public final class AttestParseException extends TpmFormatException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    AttestParseException(String structure, int offset, String problem) {
        super(structure + " at byte " + offset + ": " + problem);
        this.offset = offset;
    }

    /** The byte offset into the parsed structure where the problem is. */
    public int offset() {
        return offset;
    }
}
