package org.gfctl.core.keyprotector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.keys.KeyType;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.TestOwners;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyProtectorTest {
    private static final OwnerKey RSA = TestOwners.key(KeyType.RSA3072);
    private static final OwnerKey EC = TestOwners.key(KeyType.ECP384);

    @TempDir
    Path dir;

    @Test
    void roundTrip_rsaAndEcRecipients_bothUnwrapTheSameSecret() {
        try (Secret secret = Secret.newUnlockSecret()) {
            KeyProtector kp = KeyProtector.create(secret, List.of(RSA.certificate(), EC.certificate()),
                    TestMetadata.create(), signer(RSA));
            Path file = dir.resolve("vm.kp");
            kp.write(file);
            KeyProtector read = KeyProtector.read(file);

            SignedBy by = read.verifySignature();
            assertThat(by.subject()).isEqualTo(RSA.subject());
            assertThat(by.sha256()).isEqualTo(RSA.fingerprint());
            assertThat(read.metadata()).isEqualTo(TestMetadata.create());
            assertThat(read.recipients()).containsExactly(KpRecipient.of(RSA.certificate()), KpRecipient.of(EC.certificate()));
            try (Secret a = read.unwrap(RSA.privateKey(), RSA.certificate());
                    Secret b = read.unwrap(EC.privateKey(), EC.certificate())) {
                assertThat(a.sameAs(secret)).isTrue();
                assertThat(b.sameAs(secret)).isTrue();
            }
        }
    }

    @Test
    void guardianSigns_whenOnlyTheOwnersCertificateIsKnown_andVerifyNamesIt() {
        try (Secret secret = Secret.newUnlockSecret()) {
            KeyProtector kp = KeyProtector.create(secret, List.of(RSA.certificate()), TestMetadata.create(), signer(EC));
            SignedBy by = KeyProtector.parse(kp.toPem()).verifySignature();
            assertThat(by.sha256()).isEqualTo(EC.fingerprint());
            assertThat(by.subject()).isEqualTo("CN=tenant ecp384,O=gfctl test");
        }
    }

    @Test
    void nonRecipient_orWrongPrivateKey_isRefused() throws Exception {
        try (Secret secret = Secret.newUnlockSecret()) {
            KeyProtector kp = KeyProtector.create(secret, List.of(EC.certificate()), TestMetadata.create(), signer(EC));
            assertThatThrownBy(() -> kp.unwrap(RSA.privateKey(), RSA.certificate()))
                    .isInstanceOf(KeyRefusedException.class).hasMessageContaining("is not a recipient");
            assertThatThrownBy(() -> kp.unwrap(otherEcKey(), EC.certificate()))
                    .isInstanceOf(KeyRefusedException.class).hasMessageContaining("does not open")
                    .extracting(e -> ((KeyRefusedException) e).exitCode().code()).isEqualTo(6);
        }
    }

    @Test
    void tamperedMetadataByte_failsTheSignature() {
        byte[] pem = protector().toPem();
        List<byte[]> blocks = KpPem.read(pem);
        byte[] metadata = blocks.get(1);
        int at = indexOf(metadata, TestMetadata.VOLUME_NAME.getBytes(StandardCharsets.UTF_8));
        metadata[at] = 'W';
        KeyProtector tampered = KeyProtector.parse(KpPem.write(blocks.get(0), metadata));
        assertThat(tampered.metadata().volumeName()).isEqualTo("Web-frontend-01");
        assertThatThrownBy(tampered::verifySignature)
                .isInstanceOf(IntegrityException.class).hasMessageContaining("signature does not verify");
    }

    @Test
    void tamperedOrSwappedEnvelope_failsTheEnvelopeDigest() {
        List<byte[]> blocks = KpPem.read(protector().toPem());
        byte[] envelope = blocks.get(0).clone();
        envelope[envelope.length - 1] ^= 1;
        assertThatThrownBy(() -> KeyProtector.parse(KpPem.write(envelope, blocks.get(1))).verifySignature())
                .isInstanceOf(IntegrityException.class).hasMessageContaining("envelope digest mismatch");
        byte[] otherEnvelope = KpPem.read(protector().toPem()).get(0);
        assertThatThrownBy(() -> KeyProtector.parse(KpPem.write(otherEnvelope, blocks.get(1))).verifySignature())
                .isInstanceOf(IntegrityException.class).hasMessageContaining("envelope digest mismatch");
    }

    @Test
    void rewrap_keepsSecretAndMetadata_forTheNewRecipientsOnly() {
        try (Secret secret = Secret.newUnlockSecret()) {
            KeyProtector kp = KeyProtector.create(secret, List.of(RSA.certificate()), TestMetadata.create(), signer(RSA));
            KeyProtector moved = kp.rewrap(RSA.privateKey(), RSA.certificate(), List.of(EC.certificate()), signer(EC));
            moved.verifySignature();
            assertThat(moved.metadata()).isEqualTo(kp.metadata());
            try (Secret again = moved.unwrap(EC.privateKey(), EC.certificate())) {
                assertThat(again.sameAs(secret)).isTrue();
            }
            assertThatThrownBy(() -> moved.unwrap(RSA.privateKey(), RSA.certificate()))
                    .isInstanceOf(KeyRefusedException.class);
        }
    }

    @Test
    void secret_appearsNowhere_inTextToStringOrErrors() {
        try (Secret secret = Secret.newUnlockSecret()) {
            String clear = new String(secret.bytes(), StandardCharsets.US_ASCII);
            KeyProtector kp = KeyProtector.create(secret, List.of(EC.certificate()), TestMetadata.create(), signer(EC));
            String pem = new String(kp.toPem(), StandardCharsets.US_ASCII);
            assertThat(pem).doesNotContain(clear);
            for (String block : pem.split("-----END [A-Z ]+-----")) {
                String b64 = block.replaceAll("-----BEGIN [A-Z ]+-----|\\s", "");
                if (!b64.isEmpty()) {
                    assertThat(new String(Base64.getDecoder().decode(b64), StandardCharsets.ISO_8859_1)).doesNotContain(clear);
                }
            }
            assertThat(kp.toString()).doesNotContain(clear).contains(TestMetadata.VOLUME_NAME);
            Throwable refused = catchAll(() -> kp.unwrap(RSA.privateKey(), RSA.certificate()));
            assertThat(refused.getMessage()).doesNotContain(clear);
        }
    }

    @Test
    void write_refusesToOverwrite_andIsWorldReadable() throws Exception {
        Path file = dir.resolve("vm.kp");
        KeyProtector kp = protector();
        kp.write(file);
        assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OWNER_READ)
                .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        assertThatThrownBy(() -> kp.write(file)).isInstanceOf(UsageException.class).hasMessageContaining("already exists");
        protector().writeReplacing(file);
        assertThat(Files.readAllBytes(file)).isNotEqualTo(kp.toPem());
    }

    @Test
    void missingFile_orNotAKeyProtector_isReportedAsSuch() throws Exception {
        assertThatThrownBy(() -> KeyProtector.read(dir.resolve("none.kp")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("does not exist");
        Path cert = Files.writeString(dir.resolve("owner.crt"), Certificates.toPem(RSA.certificate()));
        assertThatThrownBy(() -> KeyProtector.read(cert)).isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("not a gfctl key protector").hasMessageContaining("labelled CERTIFICATE");
        String pem = new String(protector().toPem(), StandardCharsets.US_ASCII);
        Path oneBlock = Files.writeString(dir.resolve("one.kp"), pem.substring(0, pem.indexOf("-----END CMS-----") + 18));
        assertThatThrownBy(() -> KeyProtector.read(oneBlock)).isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("found 1");
        Path swapped = Files.write(dir.resolve("swapped.kp"), KpPem.write(KpPem.read(pem.getBytes()).get(1),
                KpPem.read(pem.getBytes()).get(0)));
        assertThatThrownBy(() -> KeyProtector.read(swapped)).isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("block 1 is not a CMS AuthEnvelopedData");
    }

    @Test
    void unlockSecret_mustBeOne() {
        try (Secret notAnUnlockSecret = Secret.copyOf(new byte[32])) {
            assertThatThrownBy(() -> KeyProtector.create(notAnUnlockSecret, List.of(EC.certificate()),
                    TestMetadata.create(), signer(EC))).hasMessageContaining("43 base64url characters");
        }
        assertThatThrownBy(() -> Signer.create(RSA.privateKey(), EC.certificate()))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not belong");
    }

    @Test
    void signer_refusesAnotherKeyOfTheSameType() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> Signer.create(rsa.generateKeyPair().getPrivate(), RSA.certificate()))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not belong");
        PrivateKey ec = otherEcKey();
        assertThatThrownBy(() -> Signer.create(ec, EC.certificate()))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not belong");
        assertThat(Signer.create(RSA.privateKey(), RSA.certificate()).certificate()).isEqualTo(RSA.certificate());
    }

    static KeyProtector protector() {
        try (Secret secret = Secret.newUnlockSecret()) {
            return KeyProtector.create(secret, List.of(EC.certificate()), TestMetadata.create(), signer(EC));
        }
    }

    static Signer signer(OwnerKey key) {
        return Signer.create(key.privateKey(), key.certificate());
    }

    private static PrivateKey otherEcKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair().getPrivate();
    }

    private static Throwable catchAll(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
