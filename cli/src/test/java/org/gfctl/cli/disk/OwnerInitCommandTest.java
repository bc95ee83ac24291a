package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gfctl owner init} through the command: the password from {@code GFCTL_PASSWORD}, the
 * subject and key type asked for, checked with openssl, and the files' modes.
 */
class OwnerInitCommandTest {
    @TempDir
    Path dir;

    @Test
    void passwordFromTheEnvironment_subjectAndKeyTypeAsAsked_readableByOpenssl() throws Exception {
        String openssl = Tools.require("openssl", "openssl");
        for (String[] kind : new String[][] {{"ecp384", "NIST CURVE: P-384"}, {"rsa3072", "Public-Key: (3072 bit)"}}) {
            Path p12 = dir.resolve(kind[0] + ".p12");
            // a JVM of its own: gfctl reads GFCTL_PASSWORD from the process environment
            String output = Fixtures.runToEnd(Fixtures.gfctlInOwnJvm("--home", dir.resolve("no-fabric").toString(),
                    "owner", "init", "--out", p12.toString(), "--subject", "CN=tenant-a,O=Example Corp", "--key", kind[0]),
                    Map.of("GFCTL_PASSWORD", "from the environment " + kind[0]), 0);
            assertThat(output).doesNotContain("from the environment");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12))).isEqualTo("rw-------");

            Path pass = Files.writeString(dir.resolve(kind[0] + ".pass"), "from the environment " + kind[0] + "\n");
            String cert = Processes.run(openssl, "pkcs12", "-in", p12.toString(), "-passin", "file:" + pass, "-nokeys",
                    "-clcerts").requireSuccess().stdout();
            Path pem = Files.writeString(dir.resolve(kind[0] + ".pem"), cert);
            // the subject as given (RFC 4514: the most specific RDN first), and the key asked for
            String text = Processes.run(openssl, "x509", "-in", pem.toString(), "-noout", "-subject", "-nameopt",
                    "RFC2253", "-text").requireSuccess().stdout();
            assertThat(text).contains("subject=CN=tenant-a,O=Example Corp").contains(kind[1]);
            // the public certificate beside it, for the fabric admin
            Path crt = dir.resolve(kind[0] + ".crt");
            assertThat(crt).exists();
            assertThat(Processes.run(openssl, "x509", "-in", crt.toString(), "-noout", "-subject").requireSuccess()
                    .stdout()).contains("tenant-a");
        }
    }

    @Test
    void noPasswordAnywhere_isAClearError_andNothingIsWritten() throws Exception {
        Path p12 = dir.resolve("none.p12");
        Map<String, String> unset = new HashMap<>();
        unset.put("GFCTL_PASSWORD", null);
        String output = Fixtures.runToEnd(Fixtures.gfctlInOwnJvm("--home", dir.resolve("no-fabric").toString(), "owner",
                "init", "--out", p12.toString()), unset, 2);
        assertThat(output).contains("a key password is needed: give --password-file FILE, set GFCTL_PASSWORD");
        assertThat(p12).doesNotExist();
        assertThat(dir.resolve("none.crt")).doesNotExist();
    }
}
