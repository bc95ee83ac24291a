package org.gfctl.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.gfctl.core.internal.BouncyCastle;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint signature checks ({@link Checkpoint#signedBy}, {@link Checkpoint.SignatureCheck}) give
 * the same answer as Bouncy Castle's JCA provider (SHA384withECDSA), for genuine and damaged signatures.
 */
class AuditCheckpointSignatureTest {
    private static final BigInteger N = SECNamedCurves.getByName("secp384r1").getN();
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

    private static Checkpoint signed(long number) {
        byte[] root = new byte[32];
        root[0] = (byte) number;
        return Checkpoint.sign(number, number + 1, root, T, TestKeys.AUDIT);
    }

    private static Checkpoint withSignature(Checkpoint k, byte[] signature) {
        return Checkpoint.of(k.number(), k.treeSize(), k.root(), k.time(), signature, k.signer());
    }

    private static boolean provider(Checkpoint k) throws Exception {
        Signature s = Signature.getInstance("SHA384withECDSA", BouncyCastle.PROVIDER);
        s.initVerify(TestKeys.AUDIT.certificate().getPublicKey());
        s.update(k.note());
        try {
            return s.verify(k.signature());
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    @Test
    void genuineSignatures_verify_otherKeysAndOtherNotes_doNot() {
        Checkpoint k = signed(7);
        assertThat(k.signedBy(TestKeys.AUDIT.certificate())).isTrue();
        assertThat(k.signedBy(TestKeys.OTHER.certificate())).isFalse();
        Checkpoint moved = Checkpoint.of(k.number(), k.treeSize() + 1, k.root(), k.time(), k.signature(), k.signer());
        assertThat(moved.signedBy(TestKeys.AUDIT.certificate())).isFalse();
        Checkpoint byOther = Checkpoint.sign(7, 8, k.root(), T, TestKeys.OTHER);
        // The signer's fingerprint is right but the signature is another key's.
        assertThat(withSignature(k, byOther.signature()).signedBy(TestKeys.AUDIT.certificate())).isFalse();
    }

    /**
     * A chained checkpoint's note is the v2 origin, the v1 fields, and the predecessor's digest in
     * base64; the signature covers that digest, and the digest covers the predecessor's note,
     * signature and signer.
     */
    @Test
    void aChainedCheckpoint_signsItsPredecessorsDigest_whichCoversItsWholeStoredForm() {
        Checkpoint first = signed(6);
        Checkpoint second = Checkpoint.sign(7, 8, first.root(), T, TestKeys.AUDIT, first.chainDigest());
        assertThat(new String(second.note(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                Checkpoint.ORIGIN_CHAINED, "7", "8", java.util.Base64.getEncoder().encodeToString(first.root()),
                "2026-01-02T03:04:05.678Z", java.util.Base64.getEncoder().encodeToString(first.chainDigest()), ""));
        assertThat(second.signedBy(TestKeys.AUDIT.certificate())).isTrue();
        assertThat(second.chainsTo(first)).isTrue();
        // another predecessor digest: the signature no longer verifies
        byte[] other = first.chainDigest();
        other[0] ^= 1;
        Checkpoint relinked = Checkpoint.of(7, 8, second.root(), second.time(), second.signature(), second.signer(), other);
        assertThat(relinked.signedBy(TestKeys.AUDIT.certificate())).isFalse();
        assertThat(relinked.chainsTo(first)).isFalse();
        // the digest changes with the predecessor's signature and signer, not only its note
        byte[] resigned = signed(6).signature();
        assertThat(withSignature(first, resigned).chainDigest()).isNotEqualTo(first.chainDigest());
        assertThat(Checkpoint.of(6, 7, first.root(), T.toString(), first.signature(), "f".repeat(64)).chainDigest())
                .isNotEqualTo(first.chainDigest());
        assertThat(second.chainsTo(signed(5))).isFalse(); // not its predecessor's number
        assertThatThrownBy(() -> Checkpoint.sign(0, 1, first.root(), T, TestKeys.AUDIT, first.chainDigest()))
                .isInstanceOf(IllegalArgumentException.class); // checkpoint 0 has no predecessor
    }

    @Test
    void oneCheck_overManyCheckpoints_recoversAfterAMalformedSignature() {
        Checkpoint.SignatureCheck check = new Checkpoint.SignatureCheck(TestKeys.AUDIT.certificate());
        for (int i = 0; i < 20; i++) {
            Checkpoint k = signed(i);
            assertThat(check.test(k)).as("checkpoint %d", i).isTrue();
            assertThat(check.test(withSignature(k, new byte[] {0x30, 0x00}))).isFalse();
            assertThat(check.test(withSignature(k, Arrays.copyOf(k.signature(), k.signature().length - 1)))).isFalse();
        }
    }

    @Test
    void damagedSignatures_sameAnswerAsTheProvider() throws Exception {
        Checkpoint k = signed(3);
        byte[] sig = k.signature();
        BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(N, sig);
        List<byte[]> variants = new ArrayList<>();
        variants.add(sig);
        for (int i = 0; i < sig.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] v = sig.clone();
                v[i] ^= (byte) (1 << bit);
                variants.add(v);
            }
            variants.add(Arrays.copyOf(sig, i));
        }
        variants.add(Arrays.copyOf(sig, sig.length + 1));
        variants.add(StandardDSAEncoding.INSTANCE.encode(N, rs[0], N.subtract(rs[1]))); // high s: still valid ECDSA
        variants.add(StandardDSAEncoding.INSTANCE.encode(N, rs[1], rs[0]));
        variants.add(new byte[0]);
        variants.add(new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01}); // r = 0
        // r and s at full length with a non-minimal (long-form) outer length: BER, not DER
        byte[] ber = new byte[sig.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        System.arraycopy(sig, 1, ber, 2, sig.length - 1);
        variants.add(ber);
        int valid = 0;
        for (byte[] v : variants) {
            Checkpoint c = withSignature(k, v);
            boolean expected = provider(c);
            assertThat(c.signedBy(TestKeys.AUDIT.certificate())).as("signature %s", java.util.HexFormat.of().formatHex(v))
                    .isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("the genuine and the high-s signature").isEqualTo(2);
    }
}
