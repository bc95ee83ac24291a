package org.gfctl.core.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gfctl.core.InvalidFormatException;
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
        try (Fabric f = Fabric.open(home, null, StoreCredentials.none())) {
            KeyEntry alone = f.auditKey(); // the audit key without the others
            assertThat(alone.certificate()).isEqualTo(expected);
            assertThat(alone.privateKey().getEncoded()).isEqualTo(f.keys().audit().privateKey().getEncoded());
        }
        // the key store's integrity check still runs: a wrong password is refused, not ignored
        String password = Files.readString(home.guardianPasswordFile());
        Files.writeString(home.guardianPasswordFile(), "not the password\n");
        try (Fabric f = Fabric.open(home, null, StoreCredentials.none())) {
            assertThatThrownBy(f::auditCertificate).isInstanceOf(KeyRefusedException.class);
            assertThatThrownBy(f::auditKey).isInstanceOf(KeyRefusedException.class);
        }
        Files.writeString(home.guardianPasswordFile(), password);
    }

    @Test
    void aKeyStoreWithoutMac_orWithTheAuditCertificateAlone_isRefused() throws Exception {
        FabricHome home = FabricHome.at(dir.resolve("fabric"));
        Fabric.init(home, null, StoreCredentials.none(), null, false);
        char[] pw = Files.readString(home.guardianPasswordFile()).strip().toCharArray();
        java.security.KeyStore real = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(home.guardianKeyStore())) {
            real.load(in, pw);
        }
        // whoever can write the file but lacks the password could drop the MAC and put their own
        // audit certificate in: the JDK would load that file with any password
        java.security.cert.X509Certificate theirs = (java.security.cert.X509Certificate) real.getCertificate(GuardianKeys.ENCRYPTION);
        java.security.KeyStore forged = java.security.KeyStore.getInstance("PKCS12");
        forged.load(null, null);
        forged.setCertificateEntry(GuardianKeys.AUDIT, theirs);
        String before = System.getProperty("keystore.pkcs12.macAlgorithm");
        System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
        try (var out = Files.newOutputStream(home.guardianKeyStore())) {
            forged.store(out, pw);
        } finally {
            if (before == null) {
                System.clearProperty("keystore.pkcs12.macAlgorithm");
            } else {
                System.setProperty("keystore.pkcs12.macAlgorithm", before);
            }
        }
        try (Fabric f = Fabric.open(home, null, StoreCredentials.none())) {
            assertThatThrownBy(f::auditCertificate).isInstanceOf(InvalidFormatException.class)
                    .hasMessageContaining("has no integrity MAC");
        }
        // with a MAC (made with the password) a certificate without its key is still not a guardian key
        java.security.KeyStore withMac = java.security.KeyStore.getInstance("PKCS12");
        withMac.load(null, null);
        withMac.setCertificateEntry(GuardianKeys.AUDIT, theirs);
        try (var out = Files.newOutputStream(home.guardianKeyStore())) {
            withMac.store(out, pw);
        }
        try (Fabric f = Fabric.open(home, null, StoreCredentials.none())) {
            assertThatThrownBy(f::auditCertificate).isInstanceOf(InvalidFormatException.class)
                    .hasMessageContaining("has no 'audit' certificate");
            assertThatThrownBy(f::auditKey).isInstanceOf(InvalidFormatException.class)
                    .hasMessageContaining("has no 'audit' key");
        }
    }
}
