package org.gfctl.core;

/** A command or option that exists in the CLI contract but has no implementation yet (exit 1). */
public final class NotImplementedException extends GfctlException {
    private static final long serialVersionUID = 1L;

    /** The whole command is not implemented; the CLI prefixes the command's name. */
    public NotImplementedException() {
        super(ExitCode.FAILURE, "not implemented yet");
    }

    /** One option or mode of an otherwise working command, e.g. {@code "--pkcs11"}. */
    public NotImplementedException(String what) {
        super(ExitCode.FAILURE, what + ": not implemented yet");
    }
}
