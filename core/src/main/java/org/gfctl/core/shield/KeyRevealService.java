package org.gfctl.core.shield;

import java.nio.file.Path;
import org.gfctl.core.disk.AtomicOutput;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpMetadata;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.secret.Secret;

/**
 * Writes an image's unlock secret to a 0600 file for {@code qemu --object secret,file=} or
 * {@code cryptsetup --key-file}, using the owner's key. The secret never touches stdout.
 */
public final class KeyRevealService {

    private KeyRevealService() {}

    /** Reveals the secret of {@code image} into {@code out}; returns what the key protector signed about it. */
    public static KpMetadata reveal(Path image, Path kpPath, UnlockSource.Owner owner, Path out) {
        Path kpFile = kpPath != null ? kpPath : ShieldedImage.defaultKp(image);
        KeyProtector kp = KeyProtector.read(kpFile);
        SignedBy by = kp.verifySignature();
        UnshieldService.requireRecipient(kp, owner, kpFile);
        UnshieldService.requireTrustedSigner(by, owner, kpFile);
        try (ShieldedImage img = ShieldedImage.open(image)) {
            img.requireMatches(kp, kpFile);
        }
        try (Secret secret = kp.unwrap(owner.key().privateKey(), owner.key().certificate())) {
            AtomicOutput.write(out, secret.bytes(), true);
        }
        return kp.metadata();
    }
}
