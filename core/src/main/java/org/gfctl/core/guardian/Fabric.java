package org.gfctl.core.guardian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.secret.Secret;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.StoreCredentials;

/**
 * An initialized fabric on this machine: its home, store and (loaded on demand) guardian keys.
 *
 * <p>This is the in-process guardian's state. Host-side code never uses it (DESIGN.md "The
 * guardian is an interface"); it belongs to commands run on the guardian's machine.
 */
public final class Fabric implements AutoCloseable {
    /** Environment variable with the guardian key-store password, overriding the password file. */
    public static final String PASSWORD_ENV = "GFCTL_GUARDIAN_PASSWORD";
    private final FabricHome home;
    private final FabricStore store;
    private final String id;
    private GuardianKeys keys;

    private Fabric(FabricHome home, FabricStore store, String id) {
        this.home = home;
        this.store = store;
        this.id = id;
    }

    /** What {@code fabric init} created. */
    public record Created(String id, Path home, String store, X509Certificate guardian, X509Certificate attestationCa,
            X509Certificate audit) {}

    /**
     * Creates a fabric in {@code home}: guardian keys (or {@code imported} ones), their password
     * file, the store and the configuration. Refuses an existing fabric unless {@code force}.
     */
    public static Created init(FabricHome home, String storeUrl, StoreCredentials credentials, GuardianKeys imported,
            boolean force) {
        if (home.exists() && !force) {
            throw new GfctlException(ExitCode.FAILURE, "a fabric already exists in " + home
                    + ": use another --home, or --force to replace it (its keys and store are lost)");
        }
        try {
            Files.createDirectories(home.dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot create fabric home " + home + ": " + e.getMessage(), e);
        }
        String id = UUID.randomUUID().toString();
        String url = storeUrl != null ? storeUrl : FabricStore.defaultUrl(home.dir());
        if (force && storeUrl == null) {
            deleteSqlite(home.dir().resolve("fabric.db"));
        }
        GuardianKeys keys = imported != null ? imported : GuardianKeys.generate(id);
        try (Secret password = Secret.newUnlockSecret()) {
            AtomicFiles.write(home.guardianPasswordFile(), password.bytes().clone(), "rw-------", AtomicFiles.Existing.REPLACE);
            keys.store(home.guardianKeyStore(), password, AtomicFiles.Existing.REPLACE);
        }
        try (FabricStore store = FabricStore.open(url, credentials)) {
            store.meta().put("fabric_id", id);
            store.meta().put("created_at", Instant.now().toString());
            store.meta().put("guardian_fingerprint", Certificates.fingerprint(keys.encryption().certificate()));
        }
        Properties p = new Properties();
        p.setProperty("fabric.id", id);
        p.setProperty("store.url", url);
        home.writeConfig(p);
        return new Created(id, home.dir(), FabricStore.redact(url), keys.encryption().certificate(),
                keys.attestationCa().certificate(), keys.audit().certificate());
    }

    /** Opens the fabric in {@code home}; {@code storeUrl} (may be null) overrides the configured store. */
    public static Fabric open(FabricHome home, String storeUrl, StoreCredentials credentials) {
        if (!home.exists()) {
            throw new NotFoundException("no fabric in " + home + ": run 'gfctl fabric init' (or pass --home)");
        }
        Properties p = home.config();
        String url = storeUrl != null ? storeUrl : p.getProperty("store.url", FabricStore.defaultUrl(home.dir()));
        return new Fabric(home, FabricStore.open(url, credentials), p.getProperty("fabric.id"));
    }

    /** Opens the fabric if one exists in {@code home}, else nothing (shield-vm works without a fabric). */
    public static java.util.Optional<Fabric> openIfExists(FabricHome home, String storeUrl, StoreCredentials credentials) {
        return home.exists() ? java.util.Optional.of(open(home, storeUrl, credentials)) : java.util.Optional.empty();
    }

    public String id() {
        return id;
    }

    public FabricHome home() {
        return home;
    }

    public FabricStore store() {
        return store;
    }

    /** The guardian keys, loaded on first use with {@value #PASSWORD_ENV} or the password file. */
    public GuardianKeys keys() {
        if (keys == null) {
            try (Secret password = guardianPassword()) {
                keys = GuardianKeys.load(home.guardianKeyStore(), password);
            }
        }
        return keys;
    }

    /** Replaces the stored guardian keys with {@code replacement} (atomically) and uses them from now on. */
    public void replaceKeys(GuardianKeys replacement) {
        try (Secret password = guardianPassword()) {
            replacement.store(home.guardianKeyStore(), password, AtomicFiles.Existing.REPLACE);
        }
        keys = replacement;
        store.meta().put("guardian_fingerprint", Certificates.fingerprint(replacement.encryption().certificate()));
    }

    /** The guardian's public certificates, without loading any private key. */
    public List<X509Certificate> publicCertificates() {
        return List.of(keys().encryption().certificate(), keys().attestationCa().certificate(), keys().audit().certificate());
    }

    /** Adds a TPM vendor root or intermediate CA to the fabric's trust store (idempotent). */
    public X509Certificate trustTpmCa(X509Certificate ca) {
        store.trustedTpmCas().add(ca);
        return ca;
    }

    /** Writes guardian.crt, attestation-ca.crt and audit.crt (PEM, public) into {@code dir}. */
    public List<Path> exportCertificates(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("directory " + dir + " does not exist: create it first");
        }
        List<Path> written = new ArrayList<>();
        for (var e : Map.of("guardian.crt", keys().encryption(), "attestation-ca.crt", keys().attestationCa(),
                "audit.crt", keys().audit()).entrySet()) {
            Path f = dir.resolve(e.getKey());
            AtomicFiles.write(f, Certificates.toPem(e.getValue().certificate()).getBytes(StandardCharsets.US_ASCII),
                    "rw-r--r--", AtomicFiles.Existing.REPLACE);
            written.add(f);
        }
        written.sort(null);
        return written;
    }

    @Override
    public void close() {
        store.close();
    }

    private Secret guardianPassword() {
        String env = System.getenv(PASSWORD_ENV);
        if (env != null && !env.isEmpty()) {
            return Secret.adopt(env.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return Secret.adopt(Files.readAllBytes(home.guardianPasswordFile()));
        } catch (IOException e) {
            throw new KeyStorePasswordMissing(home.guardianPasswordFile(), e);
        }
    }

    private static void deleteSqlite(Path db) {
        for (String suffix : List.of("", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(Path.of(db + suffix));
            } catch (IOException e) {
                throw new GfctlException(ExitCode.FAILURE, "cannot remove the old store " + db + suffix + ": " + e.getMessage(), e);
            }
        }
    }

    /** Neither {@value #PASSWORD_ENV} nor the password file is available. */
    static final class KeyStorePasswordMissing extends GfctlException {
        private static final long serialVersionUID = 1L;

        KeyStorePasswordMissing(Path file, IOException cause) {
            super(ExitCode.KEY_REFUSED, "cannot read the guardian key-store password " + file + " (" + cause.getMessage()
                    + "): run as the fabric's owner or set " + PASSWORD_ENV, cause);
        }
    }
}
