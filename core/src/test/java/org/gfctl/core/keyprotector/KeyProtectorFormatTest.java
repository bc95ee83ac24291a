package org.gfctl.core.keyprotector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.keys.KeyType;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.TestOwners;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.merkle.MerkleTree;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.api.Test;

/** Format 2 (compact signed manifest, leaf hashes in block 3) and reading format 1. */
class KeyProtectorFormatTest {
    private static final OwnerKey EC = TestOwners.key(KeyType.ECP384);

    @Test
    void rewrap_copiesTheLeafBlockThroughUnread_andSignsOnlyACompactDocument() {
        KeyProtector kp = protector(leaves(9000));
        String pem = new String(kp.toPem(), StandardCharsets.US_ASCII);
        String leafBlock = pem.substring(pem.indexOf("-----BEGIN GFCTL LEAF HASHES-----"));

        KeyProtector read = KeyProtector.parse(kp.toPem());
        KeyProtector moved = read.rewrap(EC.privateKey(), EC.certificate(), List.of(EC.certificate()), signer());
        String movedPem = new String(moved.toPem(), StandardCharsets.US_ASCII);

        assertThat(movedPem).endsWith(leafBlock);
        assertThat(KpPem.read(moved.toPem()).get(1).length).isLessThan(8_000);
        assertThat(moved.formatVersion()).isEqualTo(2);
        KeyProtector again = KeyProtector.parse(moved.toPem());
        again.verifySignature();
        assertThat(again.metadata().integrity().tree().root()).isEqualTo(kp.metadata().integrity().root());
    }

    @Test
    void tamperedLeafBlock_isFoundWhenTheLeavesAreUsed_notLaunderedByARewrap() {
        byte[] leaves = leaves(40);
        KeyProtector kp = protector(leaves);
        String pem = new String(kp.toPem(), StandardCharsets.US_ASCII);
        byte[] other = leaves.clone();
        other[5 * 32] ^= 1;
        String tampered = pem.substring(0, pem.indexOf("-----BEGIN GFCTL LEAF HASHES-----"))
                + KpPem.leafBlock(java.util.Arrays.copyOfRange(other, 32, other.length));

        KeyProtector read = KeyProtector.parse(tampered.getBytes(StandardCharsets.US_ASCII));
        read.verifySignature();
        assertThatThrownBy(() -> read.metadata().integrity().tree()).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("do not match its signed Merkle root");
        KeyProtector moved = KeyProtector.parse(read.rewrap(EC.privateKey(), EC.certificate(), List.of(EC.certificate()),
                signer()).toPem());
        assertThatThrownBy(() -> moved.metadata().integrity().tree()).isInstanceOf(IntegrityException.class);
    }

    @Test
    void newHeaderLeaf_givesTheRootOfTheFullTree_fromLeaf0sAuditPath() {
        for (int n : new int[] {1, 2, 3, 5, 8, 1025}) {
            byte[] leaves = leaves(n);
            KeyProtector read = KeyProtector.parse(protector(leaves).toPem());
            byte[] leaf0 = MerkleHash.leaf(new byte[] {42});
            System.arraycopy(leaf0, 0, leaves, 0, 32);
            IntegrityManifest changed = read.metadata().integrity().withHeaderLeaf(leaf0);
            assertThat(changed.root()).as("n=%d", n).isEqualTo(MerkleTree.ofConcatenated(leaves).root());
            assertThat(changed.tree().leafHash(0)).isEqualTo(leaf0);
        }
    }

    @Test
    void formatVersion1_isStillRead_andARewrapWritesVersion2() throws Exception {
        byte[] leaves = leaves(3);
        KpMetadata m = metadata(leaves);
        byte[] v1;
        try (Secret secret = Secret.newUnlockSecret()) {
            byte[] envelope = Envelope.seal(secret, List.of(EC.certificate()));
            String json = "{\"formatVersion\":1,\"volumeUuid\":\"" + m.volumeUuid() + "\",\"volumeName\":\""
                    + m.volumeName() + "\",\"cipher\":\"aes-xts-plain64\",\"keyBits\":512,\"luksHeaderSha256\":\""
                    + m.luksHeaderSha256() + "\",\"payloadOffset\":" + m.payloadOffset() + ",\"imageSize\":"
                    + m.imageSize() + ",\"releasePolicy\":\"default\",\"created\":\"" + m.created() + "\","
                    + "\"recipients\":[{\"subject\":\"" + EC.subject() + "\",\"sha256\":\"" + EC.fingerprint() + "\"}],"
                    + "\"envelopeSha256\":\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(envelope)) + "\",\"integrity\":{\"chunkSize\":1048576,\"leafCount\":3,"
                    + "\"merkleRoot\":\"" + m.integrity().rootHex() + "\",\"leafHashes\":\""
                    + Base64.getEncoder().encodeToString(leaves) + "\"}}";
            v1 = KpPem.write(envelope, SignedMetadata.sign(json.getBytes(StandardCharsets.UTF_8), signer(),
                    List.of(EC.certificate())).encoded());
        }

        KeyProtector old = KeyProtector.parse(v1);
        old.verifySignature();
        assertThat(old.formatVersion()).isEqualTo(1);
        assertThat(old.metadata()).isEqualTo(m);
        assertThat(old.metadata().integrity().tree().concatenatedLeafHashes()).isEqualTo(leaves);
        assertThat(new String(old.toPem(), StandardCharsets.US_ASCII)).doesNotContain("LEAF HASHES");

        KeyProtector moved = KeyProtector.parse(old.rewrap(EC.privateKey(), EC.certificate(), List.of(EC.certificate()),
                signer()).toPem());
        moved.verifySignature();
        assertThat(moved.formatVersion()).isEqualTo(2);
        assertThat(moved.metadata()).isEqualTo(m);
        assertThat(moved.metadata().integrity().tree().concatenatedLeafHashes()).isEqualTo(leaves);
    }

    @Test
    void missingLeafBlock_isAnIntegrityViolation_whenTheLeavesAreNeeded() {
        List<byte[]> blocks = KpPem.read(protector(leaves(4)).toPem());
        KeyProtector cut = KeyProtector.parse(KpPem.write(blocks.get(0), blocks.get(1)));
        cut.verifySignature();
        assertThatThrownBy(() -> cut.metadata().integrity().tree()).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("missing");
    }

    /** The bound shield-vm checks image sizes against must hold for a key protector's real encoding. */
    @Test
    void aKeyProtectorTakesAtMostItsBoundPerLeaf_soShieldNeverWritesOneThatReadRefuses() {
        int n = 100_001;
        byte[] pem = protector(leaves(n)).toPem();
        assertThat((long) pem.length).isLessThanOrEqualTo((long) n * KeyProtector.BYTES_PER_LEAF
                + KeyProtector.BYTES_BESIDES_LEAVES);
        assertThat(KeyProtector.MAX_CHUNKS).isGreaterThan(5L << 20); // over 5 TiB of 1 MiB chunks
    }

    private static byte[] leaves(int n) {
        byte[] leaves = new byte[n * 32];
        for (int i = 0; i < n; i++) {
            System.arraycopy(MerkleHash.leaf(new byte[] {(byte) i, (byte) (i >> 8)}), 0, leaves, i * 32, 32);
        }
        return leaves;
    }

    private static KpMetadata metadata(byte[] leaves) {
        KpMetadata t = TestMetadata.create();
        return KpMetadata.create(t.volumeUuid(), t.volumeName(), t.luksHeaderSha256(), t.payloadOffset(),
                t.payloadOffset() + (long) (leaves.length / 32 - 1) * IntegrityManifest.DEFAULT_CHUNK_SIZE,
                t.releasePolicy(), t.created(), IntegrityManifest.create(IntegrityManifest.DEFAULT_CHUNK_SIZE, leaves));
    }

    private static KeyProtector protector(byte[] leaves) {
        try (Secret secret = Secret.newUnlockSecret()) {
            return KeyProtector.create(secret, List.of(EC.certificate()), metadata(leaves), signer());
        }
    }

    private static Signer signer() {
        return Signer.create(EC.privateKey(), EC.certificate());
    }
}
