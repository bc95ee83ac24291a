package org.gfctl.core;

/**
 * The process exit codes of gfctl, a stable contract that scripts depend on.
 *
 * <p>The table is the one in DESIGN.md ("CLI contract"); every domain exception carries one of these.
 */
public enum ExitCode {
    OK(0, "ok"),
    FAILURE(1, "failure"),
    USAGE(2, "usage error"),
    ATTESTATION_FAILED(3, "attestation failed or policy denied"),
    INTEGRITY_VIOLATION(4, "integrity violation"),
    NOT_FOUND(5, "not found"),
    KEY_REFUSED(6, "key or authorization refused");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
