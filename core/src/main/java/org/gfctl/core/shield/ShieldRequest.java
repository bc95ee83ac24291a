package org.gfctl.core.shield;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.gfctl.core.disk.Progress;
import org.gfctl.core.keyprotector.Signer;

/**
 * What {@code shield-vm} needs: input, outputs, the key-protector recipients and the signer.
 *
 * @param kp          key protector path, or null for {@code OUT.kp}
 * @param recipients  owner and guardian certificates; each can recover the unlock secret
 * @param signer      the owner's key, or a guardian's when only the owner's certificate is known
 * @param threads     worker threads, 0 for one per core
 */
public record ShieldRequest(Path in, Path out, Path kp, String name, String releasePolicy,
        List<X509Certificate> recipients, Signer signer, int threads, Progress progress) {
    public ShieldRequest {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(signer, "signer");
        recipients = List.copyOf(recipients);
        progress = progress == null ? Progress.NONE : progress;
    }
}
