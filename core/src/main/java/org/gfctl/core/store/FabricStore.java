package org.gfctl.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/**
 * The fabric store: one schema on embedded SQLite ({@code HOME/fabric.db}, WAL) or PostgreSQL,
 * migrated with Flyway from the same scripts.
 *
 * <p>Engine differences are confined to Flyway placeholders ({@code blob}, {@code serial_pk}, {@code seq_pk}),
 * so a fabric can move from one machine to a PostgreSQL cluster without a second schema to keep in
 * step (DESIGN.md "Store"). Credentials for PostgreSQL come from {@code GFCTL_STORE_USER} /
 * {@code GFCTL_STORE_PASSWORD} or a credentials file, never from the URL on a command line.
 */
public final class FabricStore implements AutoCloseable {
    /** Flyway reports every step at INFO; gfctl's streams belong to its own output. Held strongly: JUL loggers are weak. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");
    /**
     * The audit entry bytes as JSON text, or NULL when they are not JSON, for SQLite's generated
     * columns (migration V4). SQLite 3.45+ reads a BLOB as JSONB, hence the cast to text.
     */
    static final String SQLITE_ENTRY_JSON = "(CASE WHEN json_valid(CAST(entry AS TEXT)) THEN CAST(entry AS TEXT) END)";
    /**
     * PostgreSQL's generated columns need an immutable expression and {@code convert_from} is only
     * stable (it depends on the database encoding, which never changes for a database).
     */
    static final String POSTGRESQL_ENTRY_JSON_FUNCTION = "CREATE FUNCTION audit_entry_json(entry BYTEA) RETURNS JSONB"
            + " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT convert_from(entry, 'UTF8')::jsonb $$;";
    /** The scripts in {@code db/migration} by Flyway version; a test checks them against the resources. */
    static final Map<String, String> MIGRATIONS = Map.of("1", "V1__fabric.sql", "2", "V2__audit.sql",
            "3", "V3__attestation.sql", "4", "V4__audit_generated_columns.sql", "5",
            "V5__audit_checkpoint_chain.sql");
    private final String url;
    private final Connection connection;
    private final Engine engine;

    /** Supported database engines. */
    public enum Engine { SQLITE, POSTGRESQL }

    private FabricStore(String url, Connection connection, Engine engine) {
        this.url = url;
        this.connection = connection;
        this.engine = engine;
    }

    /** The default store URL for a fabric home. */
    public static String defaultUrl(Path home) {
        return "jdbc:sqlite:" + home.resolve("fabric.db").toAbsolutePath();
    }

    /** Opens (creating and migrating if needed) the store at {@code url}. */
    public static FabricStore open(String url, StoreCredentials credentials) {
        Engine engine = engineOf(url);
        Properties props = new Properties();
        if (engine == Engine.SQLITE) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()));
            if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                throw new GfctlException(ExitCode.NOT_FOUND, "store directory " + file.getParent()
                        + " does not exist: run 'gfctl fabric init' first");
            }
            props.setProperty("journal_mode", "WAL");
            props.setProperty("busy_timeout", "30000");
            props.setProperty("foreign_keys", "true");
            createWithLargePages(url, file);
        } else {
            credentials.applyTo(props);
        }
        try {
            Connection c = DriverManager.getConnection(url, props);
            try {
                if (!migrated(c)) {
                    migrate(url, props, engine);
                }
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
            return new FabricStore(url, c, engine);
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot open the fabric store " + redact(url) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Bytes per SQLite page of a new store (SQLite's default is 4096). */
    static final int SQLITE_PAGE_SIZE = 16384;

    /**
     * Creates a new SQLite store file with {@value #SQLITE_PAGE_SIZE}-byte pages: a million-entry
     * {@code audit verify} reads a quarter of the pages and took 2.53 s instead of 2.64 s on one core
     * (docs/audit.md). SQLite fixes the page size when it writes the file's header, which switching
     * to WAL does, and sqlite-jdbc applies its connection properties in an order of its own, so the
     * size is set first on a connection of its own. An existing store keeps its pages.
     */
    private static void createWithLargePages(String url, Path file) {
        try {
            if (Files.exists(file) && Files.size(file) > 0) {
                return;
            }
        } catch (java.io.IOException e) {
            return; // opening it reports what is wrong
        }
        try (Connection c = DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = " + SQLITE_PAGE_SIZE);
            st.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot create the fabric store " + file + ": " + e.getMessage(), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public Engine engine() {
        return engine;
    }

    public String url() {
        return redact(url);
    }

    /** Fabric-wide settings (id, creation time, guardian fingerprint). */
    public FabricMeta meta() {
        return new FabricMeta(connection);
    }

    /** TPM vendor CAs trusted for EK certificate chains. */
    public TrustedTpmCas trustedTpmCas() {
        return new TrustedTpmCas(connection);
    }

    public HostRegistry hosts() {
        return new HostRegistry(connection);
    }

    public AttestationNonces nonces() {
        return new AttestationNonces(connection);
    }

    public EnrollmentChallenges enrollmentChallenges() {
        return new EnrollmentChallenges(connection);
    }

    public Attestations attestations() {
        return new Attestations(connection);
    }

    public HealthCertificates healthCertificates() {
        return new HealthCertificates(connection);
    }

    public KeyReleases keyReleases() {
        return new KeyReleases(connection);
    }

    public Policies policies() {
        return new Policies(connection);
    }

    /** The inventory of shielded volumes. */
    public VolumeInventory volumes() {
        return new VolumeInventory(connection);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing: nothing left to protect.
        }
    }

    static Engine engineOf(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return Engine.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Engine.POSTGRESQL;
        }
        throw new GfctlException(ExitCode.USAGE, "unsupported store URL " + redact(url)
                + ": use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
    }

    /** The Flyway placeholders of {@code engine}: what the migrations' {@code ${name}} stand for there. */
    public static Map<String, String> migrationPlaceholders(Engine engine) {
        return engine == Engine.SQLITE
                ? Map.of("blob", "BLOB", "serial_pk", "INTEGER PRIMARY KEY AUTOINCREMENT", "seq_pk", "INTEGER PRIMARY KEY",
                        "entry_json", SQLITE_ENTRY_JSON, "entry_json_function", "-- SQLite: built-in JSON functions",
                        "generated", "VIRTUAL")
                : Map.of("blob", "BYTEA", "serial_pk", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
                        "seq_pk", "BIGINT PRIMARY KEY", "entry_json", "audit_entry_json(entry)",
                        "entry_json_function", POSTGRESQL_ENTRY_JSON_FUNCTION, "generated", "STORED");
    }

    /**
     * Whether the store's Flyway history holds exactly {@link #MIGRATIONS} (version and script name,
     * SQL, all successful), read from the schema Flyway uses: then {@link #open} skips Flyway, whose set-up, classpath scan
     * and validation cost ~0.3 s of every command's start (measured on {@code gfctl audit verify}).
     * Anything else (a new store, a store from an older gfctl, a failed or unknown migration) goes
     * through Flyway, which migrates or reports exactly as before. What the shortcut gives up is
     * Flyway's re-check of the applied scripts' checksums, which guards against editing a released
     * migration, not against a change to the data.
     */
    static boolean migrated(Connection c) {
        Set<String> scripts = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, success, script, type FROM " + historyTable(c))) {
            while (rs.next()) {
                String version = rs.getString(1);
                String script = rs.getString(3);
                if (!rs.getBoolean(2) || version == null || !"SQL".equals(rs.getString(4))
                        || !script.equals(MIGRATIONS.get(version)) || !scripts.add(script)) {
                    return false;
                }
            }
        } catch (SQLException noHistoryYet) {
            return false;
        }
        return scripts.size() == MIGRATIONS.size();
    }

    /** Flyway's history table in the schema Flyway uses: PostgreSQL's current schema, SQLite's only one. */
    private static String historyTable(Connection c) throws SQLException {
        if (!c.getMetaData().getURL().startsWith("jdbc:postgresql:")) {
            return "flyway_schema_history";
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            String schema = rs.next() ? rs.getString(1) : null;
            if (schema == null) {
                throw new SQLException("no current schema");
            }
            return "\"" + schema.replace("\"", "\"\"") + "\".flyway_schema_history";
        }
    }

    private static void migrate(String url, Properties props, Engine engine) {
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> placeholders = migrationPlaceholders(engine);
        Flyway.configure(FabricStore.class.getClassLoader())
                .dataSource(url, props.getProperty("user"), props.getProperty("password"))
                .jdbcProperties(toMap(props))
                .locations("classpath:db/migration")
                .placeholders(placeholders)
                .load()
                .migrate();
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** The URL without any {@code password=} parameter, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
