package org.gfctl.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Random;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates of a PKCS#12 file's key entries, against what the JDK's KeyStore and openssl make of it. */
class Pkcs12EntriesTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static GuardianKeys keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        keys = GuardianKeys.generate("pkcs12-test");
    }

    @Test
    void eachKeyEntrysCertificate_isTheOneTheJdkReads_andOtherAliasesHaveNone() throws Exception {
        byte[] der = bytes(Map.of(), true);
        Pkcs12Entries read = Pkcs12Entries.read(der, PASSWORD, dir, "the test store");
        KeyStore jdk = KeyStore.getInstance("PKCS12");
        jdk.load(new ByteArrayInputStream(der), PASSWORD);
        for (String alias : GuardianKeys.ROLES) {
            assertThat(read.keyEntryCertificate(alias)).isEqualTo(jdk.getCertificate(alias))
                    .isEqualTo(keys.byRole(alias).certificate());
            assertThat(read.keyEntryCertificate(alias.toUpperCase(java.util.Locale.ROOT))).isEqualTo(jdk.getCertificate(alias));
        }
        assertThat(read.keyEntryCertificate("trusted")).as("a certificate entry is not a key's").isNull();
        assertThat(read.keyEntryCertificate("nobody")).isNull();
        assertThat(read.keyEntry("trusted", PASSWORD)).isNull();
    }

    @Test
    void eachKey_decryptsToTheKeyStored_withItsCertificate() throws Exception {
        byte[] der = bytes(Map.of(), false);
        Pkcs12Entries read = Pkcs12Entries.read(der, PASSWORD, dir, "the test store");
        for (String alias : GuardianKeys.ROLES) {
            Pkcs12Entries.Entry e = read.keyEntry(alias, PASSWORD);
            assertThat(e.privateKey().getEncoded()).isEqualTo(keys.byRole(alias).privateKey().getEncoded());
            assertThat(e.privateKey().getAlgorithm()).isEqualTo(keys.byRole(alias).privateKey().getAlgorithm());
            assertThat(e.certificate()).isEqualTo(keys.byRole(alias).certificate());
        }
        // the key signs, and its certificate's public key checks the signature
        Pkcs12Entries.Entry audit = read.keyEntry(GuardianKeys.AUDIT, PASSWORD);
        java.security.Signature signer = java.security.Signature.getInstance("SHA384withECDSA");
        signer.initSign(audit.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] sig = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(audit.certificate());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(sig)).isTrue();
    }

    @Test
    void olderJdkAlgorithms_andPlainCertificates_areReadToo() throws Exception {
        // what JDK 8-11 wrote by default (RC2-40 certificates, an HMAC-SHA1 MAC), and unencrypted certificates
        for (Map<String, String> props : java.util.List.of(
                Map.of("keystore.pkcs12.certProtectionAlgorithm", "PBEWithSHA1AndRC2_40",
                        "keystore.pkcs12.keyProtectionAlgorithm", "PBEWithSHA1AndDESede",
                        "keystore.pkcs12.macAlgorithm", "HmacPBESHA1"),
                Map.of("keystore.pkcs12.certProtectionAlgorithm", "NONE"))) {
            byte[] der = bytes(props, false);
            Pkcs12Entries read = Pkcs12Entries.read(der, PASSWORD, dir, "the test store");
            assertThat(read.keyEntryCertificate(GuardianKeys.AUDIT)).as(props.toString()).isEqualTo(keys.audit().certificate());
            assertThat(read.keyEntry(GuardianKeys.ENCRYPTION, PASSWORD).privateKey().getEncoded()).as(props.toString())
                    .isEqualTo(keys.encryption().privateKey().getEncoded());
        }
    }

    @Test
    void aWrongPassword_isRefused_asIsOneThatIsNotPrintableAscii() throws Exception {
        byte[] der = bytes(Map.of(), false);
        for (String wrong : new String[] {"correct horse battery stapl", "correct horse battery staple\n", "kořrect"}) {
            assertThatThrownBy(() -> Pkcs12Entries.read(der, wrong.toCharArray(), dir, "the test store"))
                    .isInstanceOf(KeyRefusedException.class).hasMessageStartingWith("wrong password for the test store");
        }
    }

    @Test
    void anyChangedByte_isRefused_orLeavesTheCertificatesAsTheyWere() throws Exception {
        byte[] der = bytes(Map.of(), false);
        X509Certificate audit = keys.audit().certificate();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int refused = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] changed = der.clone();
            int at = random.nextInt(changed.length);
            changed[at] ^= (byte) (1 << random.nextInt(8));
            try {
                // a change the MAC does not cover (its own DER framing) may still parse to the same content
                assertThat(Pkcs12Entries.read(changed, PASSWORD, dir, "the store").keyEntryCertificate(GuardianKeys.AUDIT))
                        .as("byte %d (seed %d)", at, seed).isEqualTo(audit);
            } catch (KeyRefusedException | InvalidFormatException e) {
                refused++;
            }
        }
        assertThat(refused).as("seed %d", seed).isGreaterThan(250);
    }

    @Test
    void aStoreWithoutMac_isRefused() throws Exception {
        Map<String, String> noMac = Map.of("keystore.pkcs12.macAlgorithm", "NONE");
        byte[] der = bytes(noMac, false);
        assertThatThrownBy(() -> Pkcs12Entries.read(der, PASSWORD, dir, "the test store"))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("the test store has no integrity MAC");
        assertThatThrownBy(() -> Pkcs12Entries.read("not DER".getBytes(), PASSWORD, dir, "the test store"))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("is not a PKCS#12 key store");
    }

    @Test
    void aStoreMadeByOpenssl_isRead() throws Exception {
        String openssl = Tools.require("openssl", "openssl");
        Path key = dir.resolve("audit.key");
        Path crt = dir.resolve("audit.crt");
        Path pw = dir.resolve("pw");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(keys.audit().privateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(crt, org.gfctl.core.keys.Certificates.toPem(keys.audit().certificate()));
        Files.writeString(pw, new String(PASSWORD));
        Path p12 = dir.resolve("openssl.p12");
        Processes.run(openssl, "pkcs12", "-export", "-name", GuardianKeys.AUDIT, "-inkey", key.toString(), "-in",
                crt.toString(), "-out", p12.toString(), "-passout", "file:" + pw).requireSuccess();
        Pkcs12Entries read = Pkcs12Entries.read(Files.readAllBytes(p12), PASSWORD, dir, "openssl's store");
        assertThat(read.keyEntryCertificate(GuardianKeys.AUDIT)).isEqualTo(keys.audit().certificate());
        assertThat(read.keyEntryCertificate(GuardianKeys.ENCRYPTION)).isNull();
        assertThat(read.keyEntry(GuardianKeys.AUDIT, PASSWORD).privateKey().getEncoded())
                .isEqualTo(keys.audit().privateKey().getEncoded());
    }

    @Test
    void keysSharingALocalKeyId_eachGetTheCertificateWithTheirName() throws Exception {
        // the JDK's local key id is the time in ms: two keys stored in the same millisecond share it
        byte[] id = "Time 1764201600000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] der = crafted(
                java.util.List.of(keyBag(GuardianKeys.AUDIT, id), keyBag(GuardianKeys.ATTESTATION_CA, id)),
                java.util.List.of(certBag(GuardianKeys.ATTESTATION_CA, GuardianKeys.ATTESTATION_CA, id, false),
                        certBag(GuardianKeys.AUDIT, GuardianKeys.AUDIT, id, false)));
        Pkcs12Entries read = Pkcs12Entries.read(der, PASSWORD, dir, "the test store");
        for (String alias : java.util.List.of(GuardianKeys.AUDIT, GuardianKeys.ATTESTATION_CA)) {
            assertThat(read.keyEntryCertificate(alias)).isEqualTo(keys.byRole(alias).certificate());
            assertThat(read.keyEntry(alias, PASSWORD).privateKey().getEncoded())
                    .isEqualTo(keys.byRole(alias).privateKey().getEncoded());
        }
    }

    @Test
    void aCertificateThatCannotBeToldApart_orIsATrustedEntry_isNeverAKeysCertificate() throws Exception {
        byte[] id = {1, 2, 3, 4};
        byte[] twoUnnamed = crafted(java.util.List.of(keyBag(GuardianKeys.AUDIT, id)),
                java.util.List.of(certBag(GuardianKeys.AUDIT, null, id, false), certBag(GuardianKeys.ENCRYPTION, null, id, false)));
        assertThatThrownBy(() -> Pkcs12Entries.read(twoUnnamed, PASSWORD, dir, "s").keyEntryCertificate(GuardianKeys.AUDIT))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("has 2 certificates that can be its own");
        // a certificate entry (the JDK's trusted-key-usage attribute) with the key's id and name
        byte[] trusted = crafted(java.util.List.of(keyBag(GuardianKeys.AUDIT, id)),
                java.util.List.of(certBag(GuardianKeys.ENCRYPTION, GuardianKeys.AUDIT, id, true)));
        assertThatThrownBy(() -> Pkcs12Entries.read(trusted, PASSWORD, dir, "s").keyEntryCertificate(GuardianKeys.AUDIT))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("has no certificates that can be its own");
        // without an id on the key, its name alone pairs it
        byte[] byName = crafted(java.util.List.of(keyBag(GuardianKeys.AUDIT, null)),
                java.util.List.of(certBag(GuardianKeys.ENCRYPTION, "other", null, false), certBag(GuardianKeys.AUDIT,
                        "AUDIT", null, false)));
        assertThat(Pkcs12Entries.read(byName, PASSWORD, dir, "s").keyEntryCertificate(GuardianKeys.AUDIT))
                .isEqualTo(keys.audit().certificate());
    }

    @Test
    void whatTheMacDoesNotCover_isRefusedBeforeAnyDerivation() throws Exception {
        org.bouncycastle.asn1.pkcs.Pfx pfx = org.bouncycastle.asn1.pkcs.Pfx.getInstance(bytes(Map.of(), false));
        org.bouncycastle.asn1.pkcs.MacData mac = pfx.getMacData();
        byte[] tooMany = new org.bouncycastle.asn1.pkcs.Pfx(pfx.getAuthSafe(), new org.bouncycastle.asn1.pkcs.MacData(
                mac.getMac(), mac.getSalt(), Pkcs12Entries.MAX_ITERATIONS + 1)).getEncoded();
        assertThatThrownBy(() -> Pkcs12Entries.read(tooMany, PASSWORD, dir, "s")).isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("5000001 iterations");
        byte[] emptyDigest = new org.bouncycastle.asn1.pkcs.Pfx(pfx.getAuthSafe(), new org.bouncycastle.asn1.pkcs.MacData(
                new org.bouncycastle.asn1.x509.DigestInfo(mac.getMac().getAlgorithmId(), new byte[0]), mac.getSalt(),
                mac.getIterationCount().intValue())).getEncoded();
        assertThatThrownBy(() -> Pkcs12Entries.read(emptyDigest, PASSWORD, dir, "s")).isInstanceOf(KeyRefusedException.class);
        for (org.bouncycastle.asn1.pkcs.ContentInfo authSafe : java.util.List.of(
                new org.bouncycastle.asn1.pkcs.ContentInfo(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.data, null),
                new org.bouncycastle.asn1.pkcs.ContentInfo(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.signedData,
                        pfx.getAuthSafe().getContent()),
                new org.bouncycastle.asn1.pkcs.ContentInfo(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.data,
                        new org.bouncycastle.asn1.DERSequence()))) {
            byte[] der = new org.bouncycastle.asn1.pkcs.Pfx(authSafe, mac).getEncoded();
            assertThatThrownBy(() -> Pkcs12Entries.read(der, PASSWORD, dir, "s")).isInstanceOf(InvalidFormatException.class)
                    .hasMessageContaining("is not a PKCS#12 key store");
        }
    }

    /** A PKCS#12 file made with Bouncy Castle's builders, bag by bag, MAC'd (HMAC-SHA256) with {@link #PASSWORD}. */
    private static byte[] crafted(java.util.List<org.bouncycastle.pkcs.PKCS12SafeBag> keyBags,
            java.util.List<org.bouncycastle.pkcs.PKCS12SafeBag> certBags) throws Exception {
        org.bouncycastle.pkcs.PKCS12PfxPduBuilder pfx = new org.bouncycastle.pkcs.PKCS12PfxPduBuilder();
        for (var b : certBags) {
            pfx.addData(b);
        }
        for (var b : keyBags) {
            pfx.addData(b);
        }
        return pfx.build(new org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder(
                new org.bouncycastle.crypto.digests.SHA256Digest(), new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                        org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256, org.bouncycastle.asn1.DERNull.INSTANCE)),
                PASSWORD).getEncoded();
    }

    /** The shrouded key bag of guardian key {@code role}, named after it, with local key id {@code id} (none if null). */
    private static org.bouncycastle.pkcs.PKCS12SafeBag keyBag(String role, byte[] id) throws Exception {
        var b = new org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder(keys.byRole(role).privateKey(),
                new org.bouncycastle.pkcs.bc.BcPKCS12PBEOutputEncryptorBuilder(
                        org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
                        org.bouncycastle.crypto.modes.CBCBlockCipher.newInstance(new org.bouncycastle.crypto.engines.DESedeEngine()))
                        .build(PASSWORD));
        return attributes(b, role, id).build();
    }

    /** The certificate bag of guardian key {@code role}'s certificate, named {@code name}, with id {@code id}. */
    private static org.bouncycastle.pkcs.PKCS12SafeBag certBag(String role, String name, byte[] id, boolean trusted)
            throws Exception {
        var b = new org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder(keys.byRole(role).certificate());
        if (trusted) {
            b.addBagAttribute(Pkcs12Entries.TRUSTED_KEY_USAGE, new org.bouncycastle.asn1.DERSet(
                    new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.5.29.37.0")));
        }
        return attributes(b, name, id).build();
    }

    private static org.bouncycastle.pkcs.PKCS12SafeBagBuilder attributes(org.bouncycastle.pkcs.PKCS12SafeBagBuilder b,
            String name, byte[] id) {
        if (name != null) {
            b.addBagAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_friendlyName,
                    new org.bouncycastle.asn1.DERBMPString(name));
        }
        if (id != null) {
            b.addBagAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_localKeyId,
                    new org.bouncycastle.asn1.DEROctetString(id));
        }
        return b;
    }

    /**
     * The three guardian keys (and a certificate entry "trusted" if {@code trusted}) as a PKCS#12
     * file written by the JDK with its {@code keystore.pkcs12.*} settings {@code props}.
     */
    private static synchronized byte[] bytes(Map<String, String> props, boolean trusted) throws Exception {
        props.forEach(System::setProperty);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (String alias : GuardianKeys.ROLES) {
                ks.setKeyEntry(alias, keys.byRole(alias).privateKey(), PASSWORD,
                        new Certificate[] {keys.byRole(alias).certificate()});
            }
            if (trusted) {
                ks.setCertificateEntry("trusted", keys.encryption().certificate());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, PASSWORD);
            return out.toByteArray();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }
}
