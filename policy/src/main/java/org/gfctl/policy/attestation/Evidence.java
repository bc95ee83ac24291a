package org.gfctl.policy.attestation;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The facts an attestation policy is evaluated on: quoted PCR values of one bank and the events
 * of the replayed event log.
 *
 * <p>The caller has already checked the quote's signature and nonce and that the log replays to
 * the quoted PCRs; this type only carries the results, so evaluation needs no TPM.
 */
public final class Evidence {
    private final String bank;
    private final Map<Integer, byte[]> pcrs;
    private final List<EventFact> events;

    private Evidence(String bank, Map<Integer, byte[]> pcrs, List<EventFact> events) {
        this.bank = bank;
        this.pcrs = pcrs;
        this.events = events;
    }

    /**
     * Evidence from the bank named {@code bank} (e.g. {@code sha256}), its quoted PCRs by index,
     * and the event log's facts in log order.
     *
     * <p>An unknown bank name is accepted here: evaluation then fails the bank rule and says so.
     */
    public static Evidence create(String bank, Map<Integer, byte[]> pcrs, List<EventFact> events) {
        Objects.requireNonNull(bank, "bank");
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        pcrs.forEach((index, value) -> {
            AttestationPolicy.requirePcrIndex(index);
            copy.put(index, Objects.requireNonNull(value, "PCR " + index).clone());
        });
        return new Evidence(bank, Collections.unmodifiableMap(copy), List.copyOf(events));
    }

    public String bank() {
        return bank;
    }

    /** The quoted PCR indexes, ascending. */
    public java.util.Set<Integer> pcrIndexes() {
        return pcrs.keySet();
    }

    /** A copy of the quoted value of PCR {@code index}, or {@code null} if it was not quoted. */
    public byte[] pcr(int index) {
        byte[] v = pcrs.get(index);
        return v == null ? null : v.clone();
    }

    /** The quoted PCRs (copies), by ascending index. */
    public Map<Integer, byte[]> pcrs() {
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        pcrs.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    public List<EventFact> events() {
        return events;
    }

    @Override
    public String toString() {
        return "Evidence[bank=" + bank + ", pcrs=" + pcrs.keySet() + ", events=" + events.size() + "]";
    }
}
