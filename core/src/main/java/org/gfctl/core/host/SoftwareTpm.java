package org.gfctl.core.host;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/**
 * A software TPM for trying gfctl on a machine without one: {@code swtpm_setup} manufactures a
 * TPM 2.0 with EK certificates from a local CA kept in the same directory, then {@code swtpm
 * socket} serves it on loopback until {@link #close()} kills it.
 *
 * <p>The local CA plays the TPM vendor: the fabric trusts its root like a real vendor root. Nothing
 * outside the given directory is written (swtpm's own defaults under /etc and /var/lib are not used).
 */
public final class SoftwareTpm implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    private SoftwareTpm(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Manufactures and starts a TPM in {@code dir}; says what to install when swtpm is missing. */
    public static SoftwareTpm start(Path dir) {
        String setup = tool("swtpm_setup");
        String localca = tool("swtpm_localca");
        String swtpm = tool("swtpm");
        try {
            Path ca = Files.createDirectories(dir.resolve("ca"));
            Path state = Files.createDirectories(dir.resolve("state"));
            Files.writeString(dir.resolve("swtpm-localca.conf"), "statedir = " + ca + "\nsigningkey = " + ca.resolve("signkey.pem")
                    + "\nissuercert = " + ca.resolve("issuercert.pem") + "\ncertserial = " + ca.resolve("certserial") + "\n");
            Files.writeString(dir.resolve("swtpm-localca.options"),
                    "--platform-manufacturer gfctl\n--platform-version 2.1\n--platform-model swtpm\n");
            Files.writeString(dir.resolve("swtpm_setup.conf"), "create_certs_tool = " + localca + "\ncreate_certs_tool_config = "
                    + dir.resolve("swtpm-localca.conf") + "\ncreate_certs_tool_options = " + dir.resolve("swtpm-localca.options")
                    + "\nactive_pcr_banks = sha256\n");
            Process p = new ProcessBuilder(setup, "--tpm2", "--tpmstate", state.toString(), "--create-ek-cert",
                    "--create-platform-cert", "--overwrite", "--config", dir.resolve("swtpm_setup.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm_setup.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new GfctlException(ExitCode.FAILURE, "swtpm_setup failed: see " + dir.resolve("swtpm_setup.log"));
            }
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePortPair();
                Process s = new ProcessBuilder(swtpm, "socket", "--tpm2", "--tpmstate", "dir=" + state,
                        "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                        "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                        "--flags", "not-need-init,startup-clear")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.log").toFile()).start();
                if (awaitListening(s, port)) {
                    return new SoftwareTpm(dir, s, port);
                }
                s.destroyForcibly();
            }
            throw new GfctlException(ExitCode.FAILURE, "swtpm did not start: see " + dir.resolve("swtpm.log"));
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot start a software TPM in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GfctlException(ExitCode.FAILURE, "interrupted while starting a software TPM", e);
        }
    }

    public String spec() {
        return "swtpm:127.0.0.1:" + port;
    }

    /** The local CA's root certificate (PEM): the "vendor" root to trust. */
    public Path caRoot() {
        return dir.resolve("ca").resolve("swtpm-localca-rootca-cert.pem");
    }

    /** The local CA's intermediate (PEM) that issued the EK certificate. */
    public Path caIntermediate() {
        return dir.resolve("ca").resolve("issuercert.pem");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether swtpm and swtpm_setup are installed. */
    public static boolean available() {
        return find("swtpm").isPresent() && find("swtpm_setup").isPresent();
    }

    private static String tool(String name) {
        return find(name).orElseThrow(() -> new GfctlException(ExitCode.NOT_FOUND, name + " is not installed: install the"
                + " Debian packages swtpm and swtpm-tools (apt-get install swtpm swtpm-tools), or pass a real TPM"));
    }

    private static Optional<String> find(String name) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/local/sbin").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                    ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException busy) {
                // try another pair
            }
        }
        throw new IOException("no free pair of loopback ports");
    }

    private static boolean awaitListening(Process p, int port) throws InterruptedException {
        for (int i = 0; i < 200 && p.isAlive(); i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        return false;
    }

}
