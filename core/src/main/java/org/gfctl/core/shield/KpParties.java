package org.gfctl.core.shield;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.gfctl.core.keyprotector.Signer;

/**
 * Who a new key protector is for and who signs it.
 *
 * <p>{@code shield-vm} needs them only after the disk pass, so the owner's PKCS#12 (three PBKDF2
 * derivations, ~0.2 s in a fresh JVM) can load while the image is encrypted; see
 * {@link ShieldRequest#parties()}.
 *
 * @param recipients  owner and guardian certificates; each can recover the unlock secret
 * @param signer      the owner's key, or a guardian's when only the owner's certificate is known
 */
public record KpParties(List<X509Certificate> recipients, Signer signer) {
    public KpParties {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(signer, "signer");
    }

    /** Parties known now. */
    public static CompletableFuture<KpParties> now(List<X509Certificate> recipients, Signer signer) {
        return CompletableFuture.completedFuture(new KpParties(recipients, signer));
    }
}
