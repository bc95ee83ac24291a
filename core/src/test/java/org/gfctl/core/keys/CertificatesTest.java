package org.gfctl.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.NotFoundException;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {
    @TempDir
    Path dir;

    @Test
    void pemAndDer_loadTheSameCertificate() throws Exception {
        X509Certificate cert = TestOwners.key(KeyType.ECP384).certificate();
        Path pem = Files.writeString(dir.resolve("owner.crt"), Certificates.toPem(cert));
        Path der = Files.write(dir.resolve("owner.der"), cert.getEncoded());
        assertThat(Certificates.load(pem)).isEqualTo(cert);
        assertThat(Certificates.load(der)).isEqualTo(cert);
    }

    @Test
    void fingerprint_isWhatOpensslPrints() throws Exception {
        String openssl = Tools.require("openssl", "openssl");
        X509Certificate cert = TestOwners.key(KeyType.RSA3072).certificate();
        Path pem = Files.writeString(dir.resolve("owner.crt"), Certificates.toPem(cert));
        String out = Processes.run(openssl, "x509", "-noout", "-fingerprint", "-sha256", "-in", pem.toString())
                .requireSuccess().stdout();
        assertThat(out.trim().replace(":", "").toLowerCase()).endsWith("=" + Certificates.fingerprint(cert));
    }

    @Test
    void missingOrForeignFile_isReportedAsSuch() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> Certificates.load(dir.resolve("none.crt")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("none.crt does not exist");
        assertThatThrownBy(() -> Certificates.load(text))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("not an X.509 certificate");
    }
}
