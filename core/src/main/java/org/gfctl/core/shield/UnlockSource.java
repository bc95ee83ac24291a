package org.gfctl.core.shield;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.secret.Secret;

/** How the unlock secret of an image is obtained. */
public sealed interface UnlockSource {

    /**
     * The owner's key opens the key protector's envelope.
     *
     * @param trustedSigners besides the owner itself, certificates allowed to have signed the key
     *     protector (the fabric's guardian certificates); anyone else's signature is refused
     */
    record Owner(Supplier<OwnerKey> loading, List<X509Certificate> trustedSigners) implements UnlockSource {
        /** The owner with a key already loaded. */
        public Owner(OwnerKey key, List<X509Certificate> trustedSigners) {
            this(() -> key, trustedSigners);
        }

        /**
         * The owner's key, waiting for it when it is still being decrypted on another thread (the
         * key protector is read and checked meanwhile); throws what loading it threw.
         */
        public OwnerKey key() {
            return loading.get();
        }
    }

    /**
     * A key released to this host: the released key protector (given as the {@code --kp}) is opened
     * by {@code opener}, which decrypts inside the host's TPM.
     */
    record Released(java.util.function.Function<org.gfctl.core.keyprotector.KeyProtector, Secret> opener)
            implements UnlockSource {}

    /** A LUKS passphrase or unlock secret given directly (images from cryptsetup, qemu-img). */
    record Passphrase(Secret passphrase) implements UnlockSource {
        @Override
        public String toString() {
            return "Passphrase[redacted]";
        }
    }
}
