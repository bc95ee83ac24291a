package org.gfctl.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;

/**
 * Opens a PKCS#12 key store, telling a wrong password (exit 6) from a file that is not one (exit 1).
 *
 * <p>The JDK reports both as an {@link IOException}; only the cause tells them apart.
 */
public final class Pkcs12 {

    private Pkcs12() {}

    /**
     * The key store read from {@code in} (the content of {@code file}).
     *
     * @param name how a refusal names the store, e.g. the file or "the guardian key store FILE"
     */
    public static KeyStore load(InputStream in, char[] password, Path file, String name)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyRefusedException("wrong password for " + name);
            }
            throw new InvalidFormatException(file + " is not a PKCS#12 key store (" + e.getMessage() + ")", e);
        }
        return ks;
    }
}
