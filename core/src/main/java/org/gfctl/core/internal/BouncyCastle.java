package org.gfctl.core.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance gfctl passes explicitly to JCA and BC builders.
 *
 * <p>It is never added to the global {@link java.security.Security} list, so gfctl does not
 * change which provider other code in the same JVM gets.
 */
public final class BouncyCastle {
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {}
}
