package org.gfctl.cli.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.gfctl.cli.Secrets;
import org.gfctl.core.GfctlException;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.internal.Futures;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.OwnerKeys;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.shield.UnlockSource;

/** Reads owner key stores and certificates named on the command line. */
public final class OwnerArgs {

    private OwnerArgs() {}

    /** Whether {@code file} holds a certificate (PEM or DER) rather than a PKCS#12 key store. */
    public static Optional<X509Certificate> certificateIn(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Certificates.load(file));
        } catch (GfctlException notACertificate) {
            return Optional.empty();
        }
    }

    public static OwnerKey loadKey(Path p12, Path passwordFile) {
        try (Secret password = Secrets.password(passwordFile)) {
            return OwnerKeys.load(p12, password);
        }
    }

    /**
     * Starts loading the key in {@code p12} on another thread; the supplier waits for it and
     * returns it, or throws what loading it threw.
     *
     * <p>The password is read (or prompted for) here, on the caller's thread; only the key store's
     * decryption (three PBKDF2 derivations, ~0.1 s of a cold JVM) runs meanwhile, while the
     * caller does work that needs no key, such as verifying a key protector.
     */
    public static Supplier<OwnerKey> loadKeyInBackground(Path p12, Path passwordFile) {
        CompletableFuture<OwnerKey> key = loadKeyAsync(p12, passwordFile);
        return () -> Futures.await(key);
    }

    /** {@link #loadKeyInBackground} as a future, for callers that combine it with other work. */
    public static CompletableFuture<OwnerKey> loadKeyAsync(Path p12, Path passwordFile) {
        Secret password = Secrets.password(passwordFile);
        return CompletableFuture.supplyAsync(() -> {
            try (password) {
                return OwnerKeys.load(p12, password);
            }
        });
    }

    /** The owner as an unlock source, trusting the fabric's guardian as a signer when there is one. */
    public static UnlockSource.Owner unlockSource(OwnerKey key, Optional<Fabric> fabric) {
        return unlockSource(() -> key, fabric);
    }

    /** {@link #unlockSource(OwnerKey, Optional)} with a key that may still be loading ({@link #loadKeyInBackground}). */
    public static UnlockSource.Owner unlockSource(Supplier<OwnerKey> key, Optional<Fabric> fabric) {
        List<X509Certificate> guardians = new ArrayList<>();
        fabric.ifPresent(f -> guardians.add(f.keys().encryption().certificate()));
        return new UnlockSource.Owner(key, guardians);
    }
}
