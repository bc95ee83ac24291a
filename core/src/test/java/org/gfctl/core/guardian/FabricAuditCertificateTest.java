package org.gfctl.core.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.store.StoreCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricAuditCertificateTest {
    @TempDir
    Path dir;

    @Test
    void auditCertificate_isTheAuditKeysCertificate_readWithoutTheKeys() throws Exception {
        FabricHome home = FabricHome.at(dir.resolve("fabric"));
        Fabric.init(home, null, StoreCredentials.none(), null, false);
        java.security.cert.X509Certificate expected;
        try (Fabric f = Fabric.open(home, null, StoreCredentials.none())) {
            expected = f.keys().audit().certificate();
            assertThat(expected).isNotEqualTo(f.keys().encryption().certificate());
        }
        try (Fabric f = Fabric.open(home, null, StoreCredentials.none())) {
            assertThat(f.auditCertificate()).isEqualTo(expected);
        }
        // the key store's integrity check still runs: a wrong password is refused, not ignored
        Files.writeString(home.guardianPasswordFile(), "not the password\n");
        try (Fabric f = Fabric.open(home, null, StoreCredentials.none())) {
            assertThatThrownBy(f::auditCertificate).isInstanceOf(KeyRefusedException.class);
        }
    }
}
