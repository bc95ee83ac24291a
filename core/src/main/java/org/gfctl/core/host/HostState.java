package org.gfctl.core.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.internal.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gfctl.tpm.binding.BindingKey;
import org.gfctl.tpm.key.KeyBlob;
import org.gfctl.tpm.pcr.PcrSelection;

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

    /**
     * Saves a new binding key as pending, with the PCRs its policy is bound to (empty: none). It
     * becomes current only when the guardian accepts the attestation ({@link #promotePendingBindingKey}),
     * so a failed attestation never replaces the key a held release was made for.
     */
    public void savePendingBindingKey(KeyBlob key, Optional<PcrSelection> policyPcrs) {
        save("binding-pending", key);
        String pcrs = policyPcrs.map(p -> p.indices().stream().map(String::valueOf).collect(Collectors.joining(","))).orElse("");
        AtomicFiles.write(dir.resolve("binding-pending.pcrs"), pcrs.getBytes(StandardCharsets.US_ASCII), "rw-------",
                AtomicFiles.Existing.REPLACE);
    }

    /** Makes the pending binding key current (its health certificate was issued). */
    public void promotePendingBindingKey() {
        try {
            for (String ext : new String[] {".pub", ".priv", ".pcrs"}) {
                Files.move(dir.resolve("binding-pending" + ext), dir.resolve("binding" + ext),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot promote the pending binding key in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The current binding key, as the TPM will load it. */
    public BindingKey bindingKey() {
        KeyBlob blob = load("binding", "no binding key in " + dir + ": attest this host first (gfctl attest --tpm SPEC)");
        try {
            String pcrs = Files.readString(dir.resolve("binding.pcrs"), StandardCharsets.US_ASCII).strip();
            Optional<PcrSelection> sel = pcrs.isEmpty() ? Optional.empty()
                    : Optional.of(PcrSelection.of(Arrays.stream(pcrs.split(",")).mapToInt(Integer::parseInt).toArray()));
            return BindingKey.create(blob, sel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("binding.pcrs") + ": " + e.getMessage(), e);
        }
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
