package org.gfctl.core.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.tpm.key.KeyBlob;

/**
 * The host's own files: the TPM-wrapped blobs of its attestation key and current binding key.
 *
 * <p>The private parts are encrypted by the TPM's storage key and usable only inside that TPM, so
 * they can sit on disk (mode 0600 all the same). This state is the host's; the guardian's store
 * never holds it (DESIGN.md "The guardian is an interface").
 */
public final class HostState {
    private final Path dir;

    private HostState(Path dir) {
        this.dir = dir;
    }

    public static HostState at(Path dir) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create host state directory " + dir + ": " + e.getMessage(), e);
        }
        return new HostState(dir);
    }

    public Path dir() {
        return dir;
    }

    public void saveAk(KeyBlob ak) {
        save("ak", ak);
    }

    public KeyBlob ak() {
        return load("ak", "no attestation key in " + dir + ": enroll this host first (gfctl host enroll --tpm SPEC)");
    }

    public void saveBindingKey(KeyBlob key) {
        save("binding", key);
    }

    public KeyBlob bindingKey() {
        return load("binding", "no binding key in " + dir + ": attest this host first (gfctl attest --tpm SPEC)");
    }

    private void save(String name, KeyBlob blob) {
        AtomicFiles.write(dir.resolve(name + ".pub"), blob.tpm2bPublic(), "rw-------", AtomicFiles.Existing.REPLACE);
        AtomicFiles.write(dir.resolve(name + ".priv"), blob.tpm2bPrivate(), "rw-------", AtomicFiles.Existing.REPLACE);
    }

    private KeyBlob load(String name, String missing) {
        Path pub = dir.resolve(name + ".pub");
        Path priv = dir.resolve(name + ".priv");
        if (!Files.exists(pub) || !Files.exists(priv)) {
            throw new NotFoundException(missing);
        }
        try {
            return KeyBlob.create(Files.readAllBytes(pub), Files.readAllBytes(priv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pub + ": " + e.getMessage(), e);
        }
    }
}
