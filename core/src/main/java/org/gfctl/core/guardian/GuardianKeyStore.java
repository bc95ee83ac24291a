package org.gfctl.core.guardian;

import java.security.cert.X509Certificate;

/**
 * Where a fabric's guardian keys are kept: the PKCS#12 file in its home ({@link Pkcs12GuardianKeyStore})
 * or a PKCS#11 token ({@link TokenGuardianKeyStore}).
 *
 * <p>Both hand out the same {@link GuardianKeys} value (private keys as JCA handles plus
 * certificates), so key release, health certificates, audit checkpoints, rotation and certificate
 * export have one code path whichever store holds the keys.
 */
public interface GuardianKeyStore extends AutoCloseable {

    /** Generates new keys where this store keeps them. */
    GuardianKeys.KeyMaker keyMaker();

    /** The keys kept here. */
    GuardianKeys load();

    /**
     * The certificate of the guardian key {@code role} ({@link GuardianKeys#ROLES}), e.g. the audit
     * certificate for a reader of the log: by default from {@link #load()}; a store that can read it
     * without unlocking the private keys does so.
     */
    default X509Certificate certificate(String role) {
        return load().byRole(role).certificate();
    }

    /**
     * The audit key, which signs the checkpoint after each command's audit entry: by default from
     * {@link #load()}; a store that can unlock it alone does so.
     */
    default KeyEntry auditKey() {
        return load().audit();
    }

    /** Keeps exactly {@code keys} here: new keys added, keys no longer in {@code keys} deleted. */
    void save(GuardianKeys keys);

    /** What holds the keys, for people: a file, or a token's configuration. */
    String describe();

    @Override
    void close();
}
