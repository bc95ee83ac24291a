package org.gfctl.core.shield;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.gfctl.core.disk.Progress;

/**
 * What {@code rotate-key} needs, whatever the mode: the image, the owner, recipient changes and,
 * for re-encryption, where to write.
 *
 * <p>The owner comes from a supplier so that a command can load the owner's key store (three
 * PBKDF2 derivations, a noticeable part of a short rotation) while the service reads and verifies
 * the key protector, which needs no key; the services ask for it only after that.
 *
 * @param kp      key protector path, or null for {@code IMAGE.kp}
 * @param owners  the owner's key (must be a recipient) and the guardians it trusts as signers; the
 *                supplier may block until they are loaded, and throws what loading them threw
 * @param add     certificates to add as recipients
 * @param remove  certificates to remove from the recipients
 * @param out     re-encrypted image for an out-of-place re-encryption, or null for the default
 * @param threads worker threads, 0 for one per core
 */
public record RotationRequest(Path image, Path kp, Supplier<UnlockSource.Owner> owners, List<X509Certificate> add,
        List<X509Certificate> remove, Path out, int threads, Progress progress) {
    public RotationRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(owners, "owners");
        add = add == null ? List.of() : List.copyOf(add);
        remove = remove == null ? List.of() : List.copyOf(remove);
        progress = progress == null ? Progress.NONE : progress;
    }

    /** A request for an owner already loaded. */
    public RotationRequest(Path image, Path kp, UnlockSource.Owner owner, List<X509Certificate> add,
            List<X509Certificate> remove, Path out, int threads, Progress progress) {
        this(image, kp, supplier(Objects.requireNonNull(owner, "owner")), add, remove, out, threads, progress);
    }

    private static Supplier<UnlockSource.Owner> supplier(UnlockSource.Owner owner) {
        return () -> owner;
    }

    /** The owner (see {@code owners}). */
    public UnlockSource.Owner owner() {
        return Objects.requireNonNull(owners.get(), "owner");
    }

    /** The key protector path: {@code --kp} or {@code IMAGE.kp}. */
    public Path kpFile() {
        return kp != null ? kp : ShieldedImage.defaultKp(image);
    }
}
