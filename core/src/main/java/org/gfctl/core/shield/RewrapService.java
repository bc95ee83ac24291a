package org.gfctl.core.shield;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.secret.Secret;

/**
 * {@code rotate-key --rewrap}: the same unlock secret and metadata wrapped to a new recipient
 * list, signed by the owner; the image is not touched.
 *
 * <p>Adding or removing a key holder (another owner, a guardian) needs no data rewrite, so the
 * cost is a CMS envelope and a signature whatever the image size. The key protector is replaced
 * atomically, so a crash leaves the old one or the new one, each matching the unchanged image.
 * Removing a recipient stops it opening this key protector, not a copy of the secret it already
 * took: for that, {@link NewSecretService} replaces the secret.
 */
public final class RewrapService {

    private RewrapService() {}

    public static RotationResult rewrap(RotationRequest r) {
        long start = System.nanoTime();
        Path kpFile = r.kpFile();
        RotationAccess.requireNoJournal(r.image(), null);
        KeyProtector kp = RotationAccess.checked(kpFile, r, k -> {
            try (ShieldedImage image = ShieldedImage.open(r.image())) {
                image.requireMatches(k, kpFile);
            }
            return null;
        }).kp();
        List<X509Certificate> recipients = RotationAccess.recipients(kp, r);
        KeyProtector next;
        try (Secret secret = kp.unwrap(r.owner().key().privateKey(), r.owner().key().certificate())) {
            next = KeyProtector.create(secret, recipients, kp.metadata(), RotationAccess.signer(r.owner()));
        }
        next.writeReplacing(kpFile);
        return RotationAccess.result("rewrap", next, r.image(), kpFile, r.owner(), -1, -1, 0, false, start);
    }
}
