package org.gfctl.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A throwaway PostgreSQL server from Debian's packages: {@code initdb} into a temp directory,
 * {@code pg_ctl start} on a free loopback port, stopped (and its PID killed) on {@link #close()}.
 *
 * <p>PostgreSQL refuses to run as root, so under root the server runs as the {@code postgres}
 * system user (created by the Debian package) with the data directory owned by it.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "gfctl";
    private final Path dir;
    private final int port;
    private final String password;
    private final String pgCtl;

    private PostgresServer(Path dir, int port, String password, String pgCtl) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.pgCtl = pgCtl;
    }

    /** Initializes and starts a server in a new temp directory. */
    public static PostgresServer start() throws IOException {
        Path bin = binDir();
        String initdb = bin.resolve("initdb").toString();
        String pgCtl = bin.resolve("pg_ctl").toString();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "gfctl-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path data = dir.resolve("data");
        String password = UUID.randomUUID().toString();
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password + "\n");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            chown(dir, "postgres");
            chown(pwfile, "postgres");
        }
        run(root, List.of(initdb, "-D", data.toString(), "-U", USER, "--auth=scram-sha-256",
                "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C.UTF-8"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        run(root, List.of(pgCtl, "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        return new PostgresServer(dir, port, password, pgCtl);
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    /** The superuser password; tests pass it like a user would (env or file), never on a command line. */
    public String password() {
        return password;
    }

    /** A JDBC URL for database {@code db} on this server. */
    public String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    /** Creates a fresh, empty database and returns its JDBC URL. */
    public String createDatabase() throws SQLException {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** Stops the server (immediate mode, then SIGKILL of the postmaster PID) and deletes its files. */
    @Override
    public void close() throws IOException {
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            run(root, List.of(pgCtl, "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } catch (IOException | AssertionError e) {
            Path pidFile = data.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        TempDirs.delete(dir);
    }

    private static Path binDir() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            List<Path> versions = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(lib)) {
                ds.forEach(versions::add);
            }
            versions.sort(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))));
            for (int i = versions.size() - 1; i >= 0; i--) {
                if (Files.isExecutable(versions.get(i).resolve("bin/initdb"))) {
                    return versions.get(i).resolve("bin");
                }
            }
        }
        return Path.of(Tools.require("initdb", "postgresql")).getParent();
    }

    private static void run(boolean root, List<String> cmd) throws IOException {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of(Tools.require("runuser", "util-linux"), "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Processes.Result r = Processes.run(Path.of("/tmp"), null, full);
        if (r.exitCode() != 0) {
            throw new IOException("PostgreSQL command failed: " + cmd + "\n" + r.stdout() + r.stderr());
        }
    }

    private static void chown(Path p, String user) throws IOException {
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal u = lookup.lookupPrincipalByName(user);
        GroupPrincipal g = lookup.lookupPrincipalByGroupName(user);
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(u);
        view.setGroup(g);
    }
}
