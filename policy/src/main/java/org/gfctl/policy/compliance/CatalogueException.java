package org.gfctl.policy.compliance;

/**
 * The compliance catalogue is not valid: says what is wrong and where.
 *
 * <p>The built-in catalogue is checked by a test, so in a release this means an edited or
 * corrupted resource.
 */
public final class CatalogueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogueException(String message, Throwable cause) {
        super(message, cause);
    }
}
