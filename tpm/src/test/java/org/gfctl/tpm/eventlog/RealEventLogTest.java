package org.gfctl.tpm.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real firmware logs (tpm2-tools and go-attestation test data), checked against tpm2_eventlog. */
class RealEventLogTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.MOK_SECURE_BOOT, Fixtures.GCE_THREE_BANKS, Fixtures.SHA1_FORMAT})
    void replayedPcrsAndEventTypes_equalTpm2Eventlog(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, Fixtures.load(name));
        EventLog log = EventLogParser.read(file);

        Tpm2EventlogOracle.Result oracle = Tpm2EventlogOracle.run(file);

        assertThat(log.events()).extracting(e -> e.type().name()).containsExactlyElementsOf(oracle.eventTypes());
        assertThat(nonEmpty(pcrs(log.replay()))).isEqualTo(nonEmpty(oracle.pcrs())).isNotEmpty();
    }

    @Test
    void gceShieldedVmLog_hasThreeBanks_andSecureBootOff() {
        EventLog log = EventLogParser.parse(Fixtures.load(Fixtures.GCE_THREE_BANKS));
        assertThat(log.format()).isEqualTo(EventLog.Format.CRYPTO_AGILE);
        assertThat(log.banks()).extracting(SpecIdEvent.Bank::name).containsExactly("sha1", "sha256", "sha384");
        assertThat(log.secureBoot()).contains(false);
        assertThat(EventDescriptions.describe(log.events().get(1))).isEqualTo("\"GCE Virtual Firmware v1\"");
        PcrReplay replay = log.replay();
        assertThat(replay.incomplete(DigestAlgorithm.SHA256.id())).isEmpty();
        // tpm2-tools test/integration/fixtures/event-gce-ubuntu-2104-log.bin.yaml, pcrs: sha256 0
        assertThat(replay.pcr(DigestAlgorithm.SHA256, 0).orElseThrow().hex())
                .isEqualTo("24af52a4f429b71a3184a6d64cddad17e54ea030e2aa6576bf3a5a3d8bd3328f");
    }

    @Test
    void mokListTrustedLog_measuresSecureBootOn() {
        EventLog log = EventLogParser.parse(Fixtures.load(Fixtures.MOK_SECURE_BOOT));
        assertThat(log.secureBoot()).contains(true);
        Event secureBoot = log.events().stream().filter(e -> UefiVariable.tryParse(e)
                .map(UefiVariable::isSecureBoot).orElse(false)).findFirst().orElseThrow();
        assertThat(secureBoot.pcr()).isEqualTo(7);
        assertThat(EventDescriptions.describe(secureBoot))
                .isEqualTo("SecureBoot {8be4df61-93ca-11d2-aa0d-00e098032b8c} = 1 (enabled)");
    }

    @Test
    void sha1FormatLog_hasOnlyTheSha1Bank() {
        EventLog log = EventLogParser.parse(Fixtures.load(Fixtures.SHA1_FORMAT));
        assertThat(log.format()).isEqualTo(EventLog.Format.SHA1);
        assertThat(log.specId()).isEmpty();
        assertThat(log.replay().algorithms()).containsExactly(DigestAlgorithm.SHA1.id());
    }

    @Test
    void specIdVendorInfo_isKept() {
        EventLog log = EventLogParser.parse(Fixtures.load(Fixtures.SPEC_ID_VENDOR_DATA));
        SpecIdEvent spec = log.specId().orElseThrow();
        assertThat(spec.vendorInfoHex()).isEqualTo("deadbeef");
        assertThat(spec.banks()).extracting(SpecIdEvent.Bank::name).containsExactly("sha1", "sha256");
        assertThat(log.events()).hasSize(1);
    }

    @Test
    void firstEventStartupLocalityWithoutSpecId_isSha1Format() {
        EventLog log = EventLogParser.parse(Fixtures.load(Fixtures.STARTUP_LOCALITY_ONLY));
        assertThat(log.format()).isEqualTo(EventLog.Format.SHA1);
        assertThat(log.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.EV_NO_ACTION);
            assertThat(EventDescriptions.describe(e)).isEqualTo("StartupLocality 3");
        });
        assertThat(log.replay().bank(DigestAlgorithm.SHA1.id())).isEmpty();
    }

    static Map<String, Map<Integer, String>> pcrs(PcrReplay replay) {
        Map<String, Map<Integer, String>> out = new LinkedHashMap<>();
        for (int alg : replay.algorithms()) {
            Map<Integer, String> bank = new TreeMap<>();
            replay.bank(alg).forEach((pcr, d) -> bank.put(pcr, d.hex()));
            out.put(DigestAlgorithm.nameOf(alg), bank);
        }
        return out;
    }

    static Map<String, Map<Integer, String>> nonEmpty(Map<String, Map<Integer, String>> pcrs) {
        Map<String, Map<Integer, String>> out = new LinkedHashMap<>(pcrs);
        out.values().removeIf(Map::isEmpty);
        return out;
    }

    static List<String> typeNames(EventLog log) {
        return log.events().stream().map(e -> e.type().name()).toList();
    }
}
