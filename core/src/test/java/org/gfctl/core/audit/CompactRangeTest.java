package org.gfctl.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.gfctl.core.merkle.MerkleHash;
import org.gfctl.core.merkle.MerkleTree;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    @Test
    void rootAtEverySize_equalsTheRfc6962TreeHash_andSurvivesEncoding() {
        byte[][] leaves = new byte[70][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = MerkleHash.leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        MerkleTree tree = MerkleTree.of(leaves);
        CompactRange r = new CompactRange();
        assertThat(r.root()).isEqualTo(MerkleHash.emptyRoot());
        for (int n = 1; n <= leaves.length; n++) {
            r.append(leaves[n - 1]);
            assertThat(r.root()).as("size " + n).isEqualTo(tree.root(n));
            CompactRange copy = CompactRange.decode(n, r.encoded());
            assertThat(copy.root()).isEqualTo(tree.root(n));
            assertThat(r.encoded()).hasSize(Integer.bitCount(n) * MerkleHash.SIZE);
        }
    }

    @Test
    void rfc6962EightLeafVector_hasTheKnownRoot() {
        String[] hex = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
        CompactRange r = new CompactRange();
        for (String h : hex) {
            r.append(MerkleHash.leaf(java.util.HexFormat.of().parseHex(h)));
        }
        // RFC 6962 test vector, as used by certificate-transparency-go merkle tests.
        assertThat(java.util.HexFormat.of().formatHex(r.root()))
                .isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    }
}
