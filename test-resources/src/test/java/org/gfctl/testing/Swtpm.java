package org.gfctl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A freshly manufactured software TPM (swtpm) listening on loopback, with EK and platform
 * certificates issued by a local CA that lives in the same temp directory.
 *
 * <p>Nothing under /etc or /var/lib is read or written: {@code swtpm_setup} gets its own
 * configuration pointing {@code swtpm_localca} at a CA directory inside {@link #dir()}, so every
 * instance has its own vendor CA (the test stand-in for a TPM manufacturer's root).
 */
public final class Swtpm implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    private Swtpm(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Manufactures a TPM into {@code dir} (an empty temp directory) and starts it. */
    public static Swtpm start(Path dir) throws IOException {
        String setup = Tools.require("swtpm_setup", "swtpm-tools");
        String localca = Tools.require("swtpm_localca", "swtpm-tools");
        String swtpm = Tools.require("swtpm", "swtpm");
        Path ca = Files.createDirectories(dir.resolve("ca"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("swtpm-localca.conf"), String.join("\n",
                "statedir = " + ca,
                "signingkey = " + ca.resolve("signkey.pem"),
                "issuercert = " + ca.resolve("issuercert.pem"),
                "certserial = " + ca.resolve("certserial"), ""));
        Files.writeString(dir.resolve("swtpm-localca.options"),
                "--platform-manufacturer gfctl-test\n--platform-version 2.1\n--platform-model swtpm\n");
        Files.writeString(dir.resolve("swtpm_setup.conf"), String.join("\n",
                "create_certs_tool = " + localca,
                "create_certs_tool_config = " + dir.resolve("swtpm-localca.conf"),
                "create_certs_tool_options = " + dir.resolve("swtpm-localca.options"),
                "active_pcr_banks = sha256", ""));
        Processes.run(dir, null, List.of(setup, "--tpm2", "--tpmstate", state.toString(),
                "--create-ek-cert", "--create-platform-cert", "--overwrite",
                "--config", dir.resolve("swtpm_setup.conf").toString())).requireSuccess();

        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePortPair();
            Process p = new ProcessBuilder(swtpm, "socket", "--tpm2",
                    "--tpmstate", "dir=" + state,
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init,startup-clear",
                    "--log", "file=" + dir.resolve("swtpm.log") + ",level=1")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("swtpm.out").toFile())
                    .start();
            try {
                awaitListening(p, port);
                return new Swtpm(dir, p, port);
            } catch (IOException e) {
                p.destroyForcibly();
                last = e;
            }
        }
        throw last;
    }

    /** The gfctl TPM spec string, {@code swtpm:127.0.0.1:PORT}. */
    public String spec() {
        return "swtpm:127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The control-channel port (swtpm --ctrl), for power cycles and resets. */
    public int ctrlPort() {
        return port + 1;
    }

    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    /** The local CA's self-signed root: the trust anchor of this TPM's EK certificate chain. */
    public X509Certificate caRoot() {
        return certificate(dir.resolve("ca").resolve("swtpm-localca-rootca-cert.pem"));
    }

    /** The local CA's intermediate that signed the EK and platform certificates. */
    public X509Certificate caIntermediate() {
        return certificate(dir.resolve("ca").resolve("issuercert.pem"));
    }

    public Path caRootPem() {
        return dir.resolve("ca").resolve("swtpm-localca-rootca-cert.pem");
    }

    public Path caIntermediatePem() {
        return dir.resolve("ca").resolve("issuercert.pem");
    }

    /** Kills swtpm by its PID and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static X509Certificate certificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("swtpm CA certificate " + pem + " is unreadable", e);
        }
    }

    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p < 65535 && available(p) && available(p + 1)) {
                return p;
            }
        }
        throw new IOException("no free pair of loopback ports for swtpm");
    }

    private static boolean available(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitListening(Process p, int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("swtpm exited with " + p.exitValue() + " before listening on port " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for swtpm", e);
                }
            }
        }
        throw new IOException("swtpm did not listen on port " + port + " within 10 s");
    }
}
