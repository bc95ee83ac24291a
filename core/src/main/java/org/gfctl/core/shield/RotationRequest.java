package org.gfctl.core.shield;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.gfctl.core.disk.Progress;

/**
 * What {@code rotate-key} needs, whatever the mode: the image, the owner, recipient changes and,
 * for re-encryption, where to write.
 *
 * @param kp      key protector path, or null for {@code IMAGE.kp}
 * @param owner   the owner's key (must be a recipient) and the guardians it trusts as signers
 * @param add     certificates to add as recipients
 * @param remove  certificates to remove from the recipients
 * @param out     re-encrypted image for an out-of-place re-encryption, or null for the default
 * @param threads worker threads, 0 for one per core
 */
public record RotationRequest(Path image, Path kp, UnlockSource.Owner owner, List<X509Certificate> add,
        List<X509Certificate> remove, Path out, int threads, Progress progress) {
    public RotationRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(owner, "owner");
        add = add == null ? List.of() : List.copyOf(add);
        remove = remove == null ? List.of() : List.copyOf(remove);
        progress = progress == null ? Progress.NONE : progress;
    }

    /** The key protector path: {@code --kp} or {@code IMAGE.kp}. */
    public Path kpFile() {
        return kp != null ? kp : ShieldedImage.defaultKp(image);
    }
}
