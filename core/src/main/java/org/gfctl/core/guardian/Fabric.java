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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.internal.AtomicFiles;
import org.gfctl.core.internal.Futures;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.keys.PasswordPrompt;
import org.gfctl.core.keys.Passwords;
import org.gfctl.core.pkcs11.Pkcs11Token;
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
    /** Configuration keys naming where the guardian keys are (never a password or PIN). */
    static final String KEYS = "guardian.keys";
    static final String PKCS11_CONFIG = "guardian.pkcs11.config";
    static final String PKCS11_PIN_FILE = "guardian.pkcs11.pinFile";
    private final FabricHome home;
    private final FabricStore store;
    private final String id;
    private final Properties config;
    private final PasswordPrompt pinPrompt;
    private GuardianKeyStore keyStore;
    private GuardianKeys keys;

    private Fabric(FabricHome home, FabricStore store, String id, Properties config, PasswordPrompt pinPrompt) {
        this.home = home;
        this.store = store;
        this.id = id;
        this.config = config;
        this.pinPrompt = pinPrompt;
    }

    /** What {@code fabric init} created; {@code keys} says where the guardian keys are. */
    public record Created(String id, Path home, String store, String keys, X509Certificate guardian,
            X509Certificate attestationCa, X509Certificate audit) {}

    /** Where {@code fabric init --pkcs11} keeps the guardian keys: the token's SunPKCS11 configuration, its PIN. */
    public record TokenSetup(Path config, Secret pin, Path pinFile) {}

    /**
     * Creates a fabric in {@code home}: guardian keys (or {@code imported} ones), their password
     * file, the store and the configuration. Refuses an existing fabric unless {@code force}.
     */
    public static Created init(FabricHome home, String storeUrl, StoreCredentials credentials, GuardianKeys imported,
            boolean force) {
        prepare(home, force);
        return create(home, storeUrl, credentials, force, new Properties(), id -> {
            GuardianKeys keys = imported != null ? imported : GuardianKeys.generate(id);
            try (Secret password = Secret.newUnlockSecret()) {
                AtomicFiles.write(home.guardianPasswordFile(), password.bytes().clone(), "rw-------",
                        AtomicFiles.Existing.REPLACE);
                keys.store(home.guardianKeyStore(), password, AtomicFiles.Existing.REPLACE);
            }
            return keys;
        }, home.guardianKeyStore().toString());
    }

    /**
     * Creates a fabric in {@code home} whose guardian keys are generated on, and never leave, the
     * PKCS#11 token of {@code token}. The home records the configuration path (and the PIN file's
     * path if one was given), never the PIN. A token that already holds gfctl keys is refused
     * unless {@code force}, which deletes them.
     */
    public static Created initOnToken(FabricHome home, String storeUrl, StoreCredentials credentials, TokenSetup token,
            boolean force) {
        prepare(home, force);
        Path config = token.config().toAbsolutePath();
        try (TokenGuardianKeyStore keyStore = new TokenGuardianKeyStore(Pkcs11Token.open(config, token.pin()))) {
            List<String> existing = keyStore.gfctlAliases();
            if (!existing.isEmpty() && !force) {
                throw new GfctlException(ExitCode.FAILURE, "the token of " + config + " already holds gfctl keys "
                        + existing + " (another fabric's?): use another token, or --force to delete them (key"
                        + " protectors wrapped to that guardian then open only for their owners)");
            }
            Properties p = new Properties();
            p.setProperty(KEYS, "pkcs11");
            p.setProperty(PKCS11_CONFIG, config.toString());
            if (token.pinFile() != null) {
                p.setProperty(PKCS11_PIN_FILE, token.pinFile().toAbsolutePath().toString());
            }
            return create(home, storeUrl, credentials, force, p, id -> {
                keyStore.deleteAll();
                deleteIfExists(home.guardianKeyStore());
                deleteIfExists(home.guardianPasswordFile());
                GuardianKeys keys = GuardianKeys.generate(id, keyStore.keyMaker());
                keyStore.save(keys);
                return keys;
            }, keyStore.describe());
        }
    }

    private static void prepare(FabricHome home, boolean force) {
        if (home.exists() && !force) {
            throw new GfctlException(ExitCode.FAILURE, "a fabric already exists in " + home
                    + ": use another --home, or --force to replace it (its keys and store are lost)");
        }
        if (home.exists()) {
            String url = home.config().getProperty("store.url", FabricStore.defaultUrl(home.dir()));
            if (!url.equals(FabricStore.defaultUrl(home.dir()))) {
                // its keys would go and its store stay, signed by an audit key nobody holds any more
                throw new GfctlException(ExitCode.FAILURE, "the fabric in " + home + " keeps its store at "
                        + FabricStore.redact(url) + ": --force replaces only a fabric's own SQLite store; empty or"
                        + " drop that database yourself, then run 'gfctl fabric init' with another --home or after"
                        + " removing " + home.configFile());
            }
        }
    }

    private static Created create(FabricHome home, String storeUrl, StoreCredentials credentials, boolean force,
            Properties p, java.util.function.Function<String, GuardianKeys> makeKeys, String keysAt) {
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
        GuardianKeys keys;
        try (FabricStore store = FabricStore.open(url, credentials)) {
            // a store given by URL is never wiped: another fabric's log and keys would be left unverifiable;
            // claimed, not checked then set: two inits on one store cannot both pass
            if (!store.meta().claim("fabric_id", id)) {
                throw new GfctlException(ExitCode.FAILURE, "the store " + FabricStore.redact(url) + " already holds fabric "
                        + store.meta().get("fabric_id").orElse("(being created)") + ": give each fabric an empty database"
                        + " (or schema); gfctl does not delete a store it was given"
                        + (force ? " (--force replaces only a fabric's own SQLite file)" : ""));
            }
            keys = makeKeys.apply(id);
            store.meta().put("created_at", Instant.now().toString());
            store.meta().put("guardian_fingerprint", Certificates.fingerprint(keys.encryption().certificate()));
        }
        p.setProperty("fabric.id", id);
        p.setProperty("store.url", url);
        home.writeConfig(p);
        return new Created(id, home.dir(), FabricStore.redact(url), keysAt, keys.encryption().certificate(),
                keys.attestationCa().certificate(), keys.audit().certificate());
    }

    /** Where the newest checkpoint the guardian signed is kept outside the store ({@code audit-head}). */
    public Path auditHead() {
        return home.dir().resolve("audit-head");
    }

    /** Opens the fabric in {@code home}; {@code storeUrl} (may be null) overrides the configured store. */
    public static Fabric open(FabricHome home, String storeUrl, StoreCredentials credentials) {
        return open(home, storeUrl, credentials, PasswordPrompt.none());
    }

    /**
     * As {@link #open(FabricHome, String, StoreCredentials)}; {@code pinPrompt} asks for the PIN of a
     * guardian token when neither {@value Passwords#PIN_ENV} nor a recorded PIN file gives it.
     */
    public static Fabric open(FabricHome home, String storeUrl, StoreCredentials credentials, PasswordPrompt pinPrompt) {
        if (!home.exists()) {
            throw new NotFoundException("no fabric in " + home + ": run 'gfctl fabric init' (or pass --home)");
        }
        Properties p = home.config();
        String url = storeUrl != null ? storeUrl : p.getProperty("store.url", FabricStore.defaultUrl(home.dir()));
        return new Fabric(home, FabricStore.open(url, credentials), p.getProperty("fabric.id"), p, pinPrompt);
    }

    /** Opens the fabric if one exists in {@code home}, else nothing (shield-vm works without a fabric). */
    public static java.util.Optional<Fabric> openIfExists(FabricHome home, String storeUrl, StoreCredentials credentials) {
        return openIfExists(home, storeUrl, credentials, PasswordPrompt.none());
    }

    /** As {@link #openIfExists(FabricHome, String, StoreCredentials)}, with a token PIN prompt. */
    public static java.util.Optional<Fabric> openIfExists(FabricHome home, String storeUrl, StoreCredentials credentials,
            PasswordPrompt pinPrompt) {
        return home.exists() ? java.util.Optional.of(open(home, storeUrl, credentials, pinPrompt))
                : java.util.Optional.empty();
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

    /**
     * The guardian keys, loaded on first use: from the PKCS#12 file with {@value #PASSWORD_ENV} or
     * the password file, or from the PKCS#11 token with {@value Passwords#PIN_ENV} or the PIN file
     * named at init.
     */
    public GuardianKeys keys() {
        if (keys == null) {
            GuardianKeys loaded = keyStore().load();
            if (keyStore instanceof TokenGuardianKeyStore) {
                requireThisFabrics(loaded);
            }
            keys = loaded;
        }
        return keys;
    }

    /**
     * The guardian's audit key, which signs the checkpoint after each audit entry: from the keys if
     * they are loaded (or on a token, where {@link #keys()} checks they are this fabric's), else
     * alone from the PKCS#12 file, the other keys left locked.
     */
    public KeyEntry auditKey() {
        if (keys != null || keyStore() instanceof TokenGuardianKeyStore) {
            return keys().audit();
        }
        return keyStore().auditKey();
    }

    /**
     * The guardian's audit certificate, which {@code audit verify} trusts: from the keys if they are
     * loaded, else read from the key store without unlocking its private keys where it can.
     */
    public X509Certificate auditCertificate() {
        return certificate(GuardianKeys.AUDIT);
    }

    /** {@link #certificateInBackground(String)} of the audit certificate. */
    public Supplier<X509Certificate> auditCertificateInBackground() {
        return certificateInBackground(GuardianKeys.AUDIT);
    }

    /**
     * The certificate of the guardian key {@code role} ({@link GuardianKeys#ROLES}): from the keys if
     * they are loaded (or on a token, where {@link #keys()} checks they are this fabric's), else read
     * from the key store without unlocking its private keys.
     */
    public X509Certificate certificate(String role) {
        if (keys != null || keyStore() instanceof TokenGuardianKeyStore) {
            return keys().byRole(role).certificate();
        }
        return keyStore().certificate(role);
    }

    /**
     * {@link #certificate(String)} for a caller with other work meanwhile: from a PKCS#12 key store
     * it is read on another thread (its MAC and certificate decryption cost ~0.15 s of a fresh JVM),
     * the password obtained first on this one; otherwise (a token, keys already loaded) when asked,
     * on the caller's thread.
     */
    public Supplier<X509Certificate> certificateInBackground(String role) {
        if (keys == null && keyStore() instanceof Pkcs12GuardianKeyStore p12) {
            CompletableFuture<X509Certificate> c = p12.certificateAsync(role);
            return () -> Futures.await(c);
        }
        return () -> certificate(role);
    }

    /**
     * {@link #certificate(String)} as a future: from a PKCS#12 key store read on another thread, the
     * password obtained first on this one; otherwise (a token, whose keys {@link #keys()} checks, or
     * keys already loaded) read now, on this thread, so that no other thread touches this fabric.
     */
    public CompletableFuture<X509Certificate> certificateAsync(String role) {
        if (keys == null && keyStore() instanceof Pkcs12GuardianKeyStore p12) {
            return p12.certificateAsync(role);
        }
        return CompletableFuture.completedFuture(certificate(role));
    }

    /**
     * A token is shared state outside the home: refuse keys that are not this fabric's (another
     * fabric re-initialized the token), by the guardian fingerprint the store recorded. A retired
     * key may match: a rotation stopped between the token and the store is then finished by a rerun.
     */
    private void requireThisFabrics(GuardianKeys loaded) {
        String expected = store.meta().get("guardian_fingerprint").orElse(null);
        java.util.Set<String> held = new java.util.HashSet<>();
        held.add(Certificates.fingerprint(loaded.encryption().certificate()));
        loaded.retired().values().forEach(k -> held.add(Certificates.fingerprint(k.certificate())));
        if (expected != null && !held.contains(expected)) {
            throw new KeyRefusedException("the token of " + config.getProperty(PKCS11_CONFIG) + " holds another"
                    + " guardian's keys (encryption key " + held + ", this fabric's is " + expected + "): was it"
                    + " re-initialized for another fabric? Point this fabric at its own token");
        }
    }

    /** Where the guardian keys are kept; new keys (rotation) are made with its {@link GuardianKeyStore#keyMaker()}. */
    public GuardianKeyStore keyStore() {
        if (keyStore == null) {
            if ("pkcs11".equals(config.getProperty(KEYS))) {
                Path cfg = Path.of(config.getProperty(PKCS11_CONFIG));
                try (Secret pin = tokenPin(cfg)) {
                    keyStore = new TokenGuardianKeyStore(Pkcs11Token.open(cfg, pin));
                }
            } else {
                keyStore = new Pkcs12GuardianKeyStore(home.guardianKeyStore(), this::guardianPassword);
            }
        }
        return keyStore;
    }

    /** Replaces the stored guardian keys with {@code replacement} (atomically) and uses them from now on. */
    public void replaceKeys(GuardianKeys replacement) {
        keyStore().save(replacement);
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
        for (String role : GuardianKeys.ROLES) {
            Path f = dir.resolve(GuardianKeys.certificateFile(role));
            AtomicFiles.write(f, Certificates.toPem(keys().byRole(role).certificate()).getBytes(StandardCharsets.US_ASCII),
                    "rw-r--r--", AtomicFiles.Existing.REPLACE);
            written.add(f);
        }
        written.sort(null);
        return written;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            if (keyStore != null) {
                keyStore.close();
            }
        }
    }

    /** The token PIN: {@value Passwords#PIN_ENV}, else the PIN file named at init, else the prompt. */
    private Secret tokenPin(Path tokenConfig) {
        String env = System.getenv(Passwords.PIN_ENV);
        if (env != null && !env.isEmpty()) {
            return Secret.adopt(env.getBytes(StandardCharsets.UTF_8));
        }
        String file = config.getProperty(PKCS11_PIN_FILE);
        if (file != null) {
            return Passwords.readFirstLine(Passwords.PIN, Path.of(file));
        }
        return pinPrompt.ask("PIN of the guardian token (" + tokenConfig + "): ").orElseThrow(() ->
                new KeyRefusedException("the guardian keys are on the PKCS#11 token of " + tokenConfig + ": set "
                        + Passwords.PIN_ENV + " to its PIN, run gfctl in a terminal to be asked, or give 'fabric init"
                        + " --pkcs11' a --pin-file (the fabric then remembers its path)"));
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot remove " + file + ": " + e.getMessage(), e);
        }
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
