package org.gfctl.core.guardian;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.secret.Secret;

/** The guardian keys in software, in a PKCS#12 file (mode 0600) rewritten atomically on every save. */
final class Pkcs12GuardianKeyStore implements GuardianKeyStore {
    private final Path file;
    private final Supplier<Secret> password;

    Pkcs12GuardianKeyStore(Path file, Supplier<Secret> password) {
        this.file = file;
        this.password = password;
    }

    @Override
    public GuardianKeys.KeyMaker keyMaker() {
        return GuardianKeys.KeyMaker.SOFTWARE;
    }

    @Override
    public GuardianKeys load() {
        try (Secret pw = password.get()) {
            return GuardianKeys.load(file, pw);
        }
    }

    /** The key store's integrity check, the certificates and the audit key alone are decrypted (3 of 5 PBKDF2 runs). */
    @Override
    public KeyEntry auditKey() {
        try (Secret pw = password.get()) {
            return GuardianKeys.key(file, pw, GuardianKeys.AUDIT);
        }
    }

    /** Only the key store's integrity check and certificates are decrypted: no private key (2 of 5 PBKDF2 runs). */
    @Override
    public X509Certificate certificate(String role) {
        return certificate(role, password.get());
    }

    /** {@link #certificate(String)} on another thread, the password read first on this one (it may prompt). */
    CompletableFuture<X509Certificate> certificateAsync(String role) {
        Secret pw = password.get();
        try {
            return CompletableFuture.supplyAsync(() -> certificate(role, pw));
        } catch (RuntimeException | Error e) { // no thread to run it (and close the password)
            pw.close();
            throw e;
        }
    }

    /** The certificate of {@code role}, read with {@code pw}, which is closed. */
    private X509Certificate certificate(String role, Secret pw) {
        try (pw) {
            return GuardianKeys.certificate(file, pw, role);
        }
    }

    @Override
    public void save(GuardianKeys keys) {
        try (Secret pw = password.get()) {
            keys.store(file, pw, AtomicFiles.Existing.REPLACE);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void close() {
        // Nothing is held open.
    }
}
