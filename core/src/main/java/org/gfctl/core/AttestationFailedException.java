package org.gfctl.core;

/** A host's evidence did not satisfy policy, or a release policy denied a request (exit 3). */
public class AttestationFailedException extends GfctlException {
    private static final long serialVersionUID = 1L;

    public AttestationFailedException(String message) {
        super(ExitCode.ATTESTATION_FAILED, message);
    }
}
