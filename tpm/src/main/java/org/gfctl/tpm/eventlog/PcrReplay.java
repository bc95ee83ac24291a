package org.gfctl.tpm.eventlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The PCR values an event log extends to, per bank, and which of them the log cannot vouch for.
 *
 * <p>Replay per TPM 2.0 Part 1 "PCR Extend" (new = H(old ‖ digest), from all zeros) and TCG PC
 * Client PFP §10.4.5.3: EV_NO_ACTION events are not extended, and a StartupLocality event before
 * any PCR 0 measurement sets PCR 0's initial value to the locality in its last byte. An
 * EV_EFI_HCRTM_EVENT as the first PCR 0 measurement starts PCR 0 at 4 (H-CRTM runs at locality 4,
 * TPM 2.0 Part 1 §34.3 as cited by tpm2-tools, which replays it the same way). A bank whose
 * algorithm gfctl cannot compute is listed as unsupported; a PCR for which some event lacks that
 * bank's digest is listed as incomplete, since its replayed value is then meaningless.
 */
public final class PcrReplay {
    private static final byte[] STARTUP_LOCALITY = "StartupLocality\0".getBytes(StandardCharsets.US_ASCII);

    private final Map<Integer, SortedMap<Integer, Digest>> banks;
    private final Map<Integer, SortedSet<Integer>> incomplete;
    private final List<Integer> unsupported;

    private PcrReplay(Map<Integer, SortedMap<Integer, Digest>> banks, Map<Integer, SortedSet<Integer>> incomplete,
            List<Integer> unsupported) {
        this.banks = banks;
        this.incomplete = incomplete;
        this.unsupported = unsupported;
    }

    static PcrReplay of(EventLog log) {
        Map<Integer, SortedMap<Integer, Digest>> banks = new LinkedHashMap<>();
        Map<Integer, SortedSet<Integer>> incomplete = new LinkedHashMap<>();
        List<Integer> unsupported = new ArrayList<>();
        int locality = startupLocality(log);
        for (SpecIdEvent.Bank bank : log.banks()) {
            Optional<DigestAlgorithm> alg = bank.algorithm();
            if (alg.isEmpty()) {
                unsupported.add(bank.algorithmId());
                continue;
            }
            SortedSet<Integer> missing = new TreeSet<>();
            banks.put(bank.algorithmId(), Collections.unmodifiableSortedMap(replay(log, alg.get(), locality, missing)));
            incomplete.put(bank.algorithmId(), Collections.unmodifiableSortedSet(missing));
        }
        return new PcrReplay(Collections.unmodifiableMap(banks), Collections.unmodifiableMap(incomplete),
                List.copyOf(unsupported));
    }

    private static SortedMap<Integer, Digest> replay(EventLog log, DigestAlgorithm alg, int locality,
            SortedSet<Integer> missing) {
        SortedMap<Integer, byte[]> pcrs = new TreeMap<>();
        for (Event e : log.events()) {
            if (e.type().equals(EventType.EV_NO_ACTION)) {
                continue;
            }
            Optional<Digest> d = e.digest(alg.id());
            if (d.isEmpty()) {
                missing.add(e.pcr());
                continue;
            }
            byte[] old = pcrs.get(e.pcr());
            if (old == null) {
                old = new byte[alg.size()];
                if (e.pcr() == 0) {
                    old[alg.size() - 1] = (byte) (e.type().equals(EventType.EV_EFI_HCRTM_EVENT) ? 4 : locality);
                }
            }
            pcrs.put(e.pcr(), alg.hash(old, d.get().value()));
        }
        SortedMap<Integer, Digest> out = new TreeMap<>();
        pcrs.forEach((pcr, value) -> out.put(pcr, Digest.of(alg, value)));
        return out;
    }

    /** The locality of a StartupLocality event logged before any PCR 0 measurement, else 0. */
    private static int startupLocality(EventLog log) {
        for (Event e : log.events()) {
            if (e.pcr() != 0) {
                continue;
            }
            if (!e.type().equals(EventType.EV_NO_ACTION)) {
                return 0;
            }
            if (e.dataLength() > STARTUP_LOCALITY.length && e.dataStartsWith(STARTUP_LOCALITY)) {
                return e.dataByte(STARTUP_LOCALITY.length) & 0xff;
            }
        }
        return 0;
    }

    /** The TPM_ALG_IDs of the replayed banks, in the log's order. */
    public Set<Integer> algorithms() {
        return banks.keySet();
    }

    /** The replayed value of every PCR that {@code algorithmId}'s bank extends; empty if not replayed. */
    public SortedMap<Integer, Digest> bank(int algorithmId) {
        return banks.getOrDefault(algorithmId, Collections.emptySortedMap());
    }

    /** The replayed value of one PCR, if the log extends it in that bank. */
    public Optional<Digest> pcr(DigestAlgorithm algorithm, int pcr) {
        return Optional.ofNullable(bank(algorithm.id()).get(pcr));
    }

    /** PCRs for which some event lacks a digest of {@code algorithmId}: their values are unreliable. */
    public SortedSet<Integer> incomplete(int algorithmId) {
        return incomplete.getOrDefault(algorithmId, Collections.emptySortedSet());
    }

    /** Banks the log declares whose algorithm gfctl cannot compute. */
    public List<Integer> unsupportedAlgorithms() {
        return unsupported;
    }
}
