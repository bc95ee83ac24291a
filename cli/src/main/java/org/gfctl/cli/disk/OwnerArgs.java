package org.gfctl.cli.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gfctl.cli.Secrets;
import org.gfctl.core.GfctlException;
import org.gfctl.core.guardian.Fabric;
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

    /** The owner as an unlock source, trusting the fabric's guardian as a signer when there is one. */
    public static UnlockSource.Owner unlockSource(OwnerKey key, Optional<Fabric> fabric) {
        List<X509Certificate> guardians = new ArrayList<>();
        fabric.ifPresent(f -> guardians.add(f.keys().encryption().certificate()));
        return new UnlockSource.Owner(key, guardians);
    }
}
