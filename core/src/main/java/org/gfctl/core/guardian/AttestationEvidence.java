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
}
