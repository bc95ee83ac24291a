package org.gfctl.tpm.eventlog;

import java.util.List;
import java.util.Optional;

/**
 * A parsed TCG event log: its format, the Spec ID event of a crypto-agile log, and every event.
 *
 * <p>TCG PC Client PFP §10.2. The log is only a claim by the measured host; it means something
 * once {@link #replay()} reproduces PCR values that a TPM quote vouches for.
 */
public final class EventLog {

    /** The two log formats of PFP §10.2. */
    public enum Format {
        /** TCG_PCR_EVENT2 entries with a digest per bank, after a Spec ID event. */
        CRYPTO_AGILE,
        /** TCG_PCR_EVENT entries with a SHA-1 digest only (TPM 1.2 style logs). */
        SHA1
    }

    private static final List<SpecIdEvent.Bank> SHA1_BANKS =
            List.of(new SpecIdEvent.Bank(DigestAlgorithm.SHA1.id(), DigestAlgorithm.SHA1.size()));

    private final SpecIdEvent specId;
    private final List<Event> events;
    private final int paddingBytes;

    private EventLog(SpecIdEvent specId, List<Event> events, int paddingBytes) {
        this.specId = specId;
        this.events = events;
        this.paddingBytes = paddingBytes;
    }

    /** A log from its parts; {@code specId} is null for the SHA-1 format. */
    static EventLog create(SpecIdEvent specId, List<Event> events, int paddingBytes) {
        return new EventLog(specId, List.copyOf(events), paddingBytes);
    }

    public Format format() {
        return specId == null ? Format.SHA1 : Format.CRYPTO_AGILE;
    }

    /** The Spec ID event, present exactly for crypto-agile logs. */
    public Optional<SpecIdEvent> specId() {
        return Optional.ofNullable(specId);
    }

    /** The banks every event should carry: the Spec ID event's list, or SHA-1 alone. */
    public List<SpecIdEvent.Bank> banks() {
        return specId == null ? SHA1_BANKS : specId.banks();
    }

    /** Every event in log order; in a crypto-agile log event 0 is the Spec ID event. */
    public List<Event> events() {
        return events;
    }

    /** Zero or 0xFF bytes after the last event that were taken as padding, not events. */
    public int paddingBytes() {
        return paddingBytes;
    }

    /** The PCR values the log's digests extend to, per bank. */
    public PcrReplay replay() {
        return PcrReplay.of(this);
    }

    /**
     * The measured value of the SecureBoot variable: true when it is 1, empty when the log does
     * not measure it (PFP §10.2.6: EV_EFI_VARIABLE_DRIVER_CONFIG in PCR 7).
     */
    public Optional<Boolean> secureBoot() {
        for (Event e : events) {
            if (e.pcr() == 7 && e.type().equals(EventType.EV_EFI_VARIABLE_DRIVER_CONFIG)) {
                Optional<UefiVariable> v = UefiVariable.tryParse(e);
                if (v.isPresent() && v.get().isSecureBoot()) {
                    byte[] data = v.get().data();
                    return Optional.of(data.length == 1 && data[0] == 1);
                }
            }
        }
        return Optional.empty();
    }
}
