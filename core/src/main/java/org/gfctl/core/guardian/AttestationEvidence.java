package org.gfctl.core.guardian;

import java.util.List;

/**
 * What a host sends to attest, all produced by its TPM for the guardian's nonce: a quote over
 * PCRs with the AK, the PCR values, the TCG event log (may be null when the host has none), and a
 * fresh binding key certified by the AK.
 *
 * @param pcrValues the selected PCR values (SHA-256 bank) concatenated in {@code pcrs} order
 */
public record AttestationEvidence(String hostName, byte[] nonce, byte[] quoteAttest, byte[] quoteSignature,
        List<Integer> pcrs, byte[] pcrValues, byte[] eventLog, byte[] bindingKeyPublic, byte[] certifyAttest,
        byte[] certifySignature) {
    public AttestationEvidence {
        pcrs = List.copyOf(pcrs);
    }

    /**
     * SHA-256 over every part of the evidence, each length-prefixed (4 bytes, big-endian) in field
     * order, lowercase hex: the digest an audit entry records for this attestation.
     */
    public String digest() {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            for (byte[] part : new byte[][] {hostName.getBytes(java.nio.charset.StandardCharsets.UTF_8), nonce,
                    quoteAttest, quoteSignature, pcrs.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    pcrValues, eventLog, bindingKeyPublic, certifyAttest, certifySignature}) {
                byte[] p = part == null ? new byte[0] : part;
                d.update(java.nio.ByteBuffer.allocate(4).putInt(part == null ? -1 : p.length).array());
                d.update(p);
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new org.gfctl.core.Bug("every JDK has SHA-256", e);
        }
    }
}
