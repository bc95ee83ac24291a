package org.gfctl.cli.host;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import org.gfctl.tpm.eventlog.DigestAlgorithm;
import org.gfctl.tpm.eventlog.Event;
import org.gfctl.tpm.eventlog.EventDescriptions;
import org.gfctl.tpm.eventlog.EventLog;
import org.gfctl.tpm.eventlog.PcrReplay;
import org.gfctl.tpm.eventlog.SpecIdEvent;

/**
 * What {@code gfctl host eventlog} shows: every event with its digests and a decoded summary, and
 * the replayed PCRs per bank; serialised as is for {@code -o json|yaml}, or printed as aligned text.
 *
 * <p>A plain data view so that the JSON shape is fixed here (and by a golden file), not by the
 * parser's classes.
 */
record EventLogView(String format, List<String> banks, List<EventView> events,
        Map<String, Map<Integer, String>> pcrs, Map<String, SortedSet<Integer>> incompletePcrs,
        List<String> unsupportedBanks, int paddingBytes) {

    /** One event. */
    record EventView(int index, int pcr, String type, List<DigestView> digests, String summary) {}

    /** One digest of an event. */
    record DigestView(String algorithm, String digest) {}

    static EventLogView of(EventLog log) {
        List<EventView> events = new ArrayList<>();
        for (Event e : log.events()) {
            List<DigestView> digests = e.digests().stream().map(d -> new DigestView(d.algorithmName(), d.hex())).toList();
            events.add(new EventView(e.index(), e.pcr(), e.type().name(), digests, EventDescriptions.describe(e)));
        }
        PcrReplay replay = log.replay();
        Map<String, Map<Integer, String>> pcrs = new LinkedHashMap<>();
        Map<String, SortedSet<Integer>> incomplete = new LinkedHashMap<>();
        for (int alg : replay.algorithms()) {
            Map<Integer, String> bank = new TreeMap<>();
            replay.bank(alg).forEach((pcr, value) -> bank.put(pcr, value.hex()));
            pcrs.put(DigestAlgorithm.nameOf(alg), bank);
            if (!replay.incomplete(alg).isEmpty()) {
                incomplete.put(DigestAlgorithm.nameOf(alg), replay.incomplete(alg));
            }
        }
        String format = log.format() == EventLog.Format.CRYPTO_AGILE ? "crypto-agile" : "sha1";
        return new EventLogView(format, log.banks().stream().map(SpecIdEvent.Bank::name).toList(), events, pcrs,
                incomplete, replay.unsupportedAlgorithms().stream().map(DigestAlgorithm::nameOf).toList(),
                log.paddingBytes());
    }

    /** Aligned text for a terminal. */
    void print(PrintWriter out) {
        out.printf("%s log, banks %s, %d events%s%n", format, String.join(" ", banks), events.size(),
                paddingBytes == 0 ? "" : ", " + paddingBytes + " bytes of padding after the last event");
        int typeWidth = Math.max(4, events.stream().mapToInt(e -> e.type().length()).max().orElse(0));
        int algWidth = banks.stream().mapToInt(String::length).max().orElse(4);
        String row = "%4s  %3s  %-" + typeWidth + "s  %s%n";
        out.printf(row, "#", "PCR", "TYPE", "SUMMARY");
        for (EventView e : events) {
            out.printf(row, e.index(), e.pcr(), e.type(), e.summary());
            for (DigestView d : e.digests()) {
                out.printf("%11s%-" + algWidth + "s  %s%n", "", d.algorithm(), d.digest());
            }
        }
        out.println();
        out.println("replayed PCRs");
        pcrs.forEach((bank, values) -> {
            out.println(bank);
            values.forEach((pcr, hex) -> out.printf("  %2d  %s%n", pcr, hex));
        });
        incompletePcrs.forEach((bank, set) -> out.printf(
                "warning: %s PCRs %s are unreliable: some of their events lack a %s digest%n", bank, set, bank));
        unsupportedBanks.forEach(bank -> out.printf("warning: bank %s was not replayed: unknown algorithm%n", bank));
    }
}
