package org.gfctl.core.shield;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.gfctl.core.disk.Progress;
import org.gfctl.core.keyprotector.Signer;

/**
 * What {@code shield-vm} needs: input, outputs, and the key protector's parties.
 *
 * @param kp       key protector path, or null for {@code OUT.kp}
 * @param parties  recipients and signer, possibly still loading: the disk pass starts at once, stops
 *                 as soon as they fail (a wrong key-store password), and waits for them at its end
 * @param threads  worker threads, 0 for one per core
 */
public record ShieldRequest(Path in, Path out, Path kp, String name, String releasePolicy,
        CompletableFuture<KpParties> parties, int threads, Progress progress) {
    public ShieldRequest {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(parties, "parties");
        progress = progress == null ? Progress.NONE : progress;
    }

    /** A request whose recipients and signer are known now. */
    public ShieldRequest(Path in, Path out, Path kp, String name, String releasePolicy,
            List<X509Certificate> recipients, Signer signer, int threads, Progress progress) {
        this(in, out, kp, name, releasePolicy, KpParties.now(recipients, signer), threads, progress);
    }
}
