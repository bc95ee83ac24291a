package org.gfctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.gfctl.testing.Golden;
import org.gfctl.tpm.eventlog.DigestAlgorithm;
import org.gfctl.tpm.eventlog.EventLogWriter;
import org.gfctl.tpm.eventlog.EventType;
import org.gfctl.tpm.eventlog.UefiVariable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gfctl host eventlog}: text and JSON rendering, exit codes for bad and missing files. */
class HostEventLogCommandTest {

    @TempDir
    Path dir;

    /** A small, deterministic crypto-agile log covering the decoded event kinds. */
    private Path smallLog() throws IOException {
        byte[] log = EventLogWriter.cryptoAgile(DigestAlgorithm.SHA1, DigestAlgorithm.SHA256)
                .startupLocality(0)
                .measure(0, EventType.EV_S_CRTM_VERSION, "gfctl firmware 1.0\0".getBytes(StandardCharsets.UTF_16LE))
                .measure(7, EventType.EV_EFI_VARIABLE_DRIVER_CONFIG,
                        UefiVariable.create(UefiVariable.EFI_GLOBAL_VARIABLE, "SecureBoot", new byte[] {1}).encode())
                .measure(7, EventType.EV_SEPARATOR, new byte[4])
                .measure(5, EventType.EV_EFI_ACTION, "Exit Boot Services Invocation".getBytes(StandardCharsets.US_ASCII))
                .toByteArray();
        return Files.write(dir.resolve("small.bin"), log);
    }

    private Path fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/eventlogs/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    @Test
    void textOutput_matchesGoldenFile() throws IOException {
        GfctlRunner.Result r = GfctlRunner.run("host", "eventlog", smallLog().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Golden.assertMatches("host-eventlog.txt", r.out());
    }

    @Test
    void jsonOutput_matchesGoldenShape() throws IOException {
        GfctlRunner.Result r = GfctlRunner.run("-o", "json", "host", "eventlog", smallLog().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        Golden.assertMatches("host-eventlog.json", r.out());
    }

    @Test
    void realLog_showsSecureBootAndTheReplayedPcrs() throws IOException {
        GfctlRunner.Result r = GfctlRunner.run("host", "eventlog", "-o", "json",
                fixture("event-moklisttrusted.bin").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("format").asText()).isEqualTo("crypto-agile");
        assertThat(json.get("events").findValuesAsText("summary"))
                .contains("SecureBoot {8be4df61-93ca-11d2-aa0d-00e098032b8c} = 1 (enabled)");
        // tpm2-tools test/integration/fixtures/event-moklisttrusted.bin: tpm2_eventlog pcrs, sha256 PCR 7
        assertThat(json.at("/pcrs/sha256/7").asText())
                .isEqualTo("56c7ba6010e0a8a20c92e3d08baebcf2a7e6544fed33c3ea9523eaa6cd74537a");
    }

    @Test
    void truncatedLog_exits1_withTheOffset() throws IOException {
        byte[] log = Files.readAllBytes(smallLog());
        Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(log, log.length - 3));
        GfctlRunner.Result r = GfctlRunner.run("host", "eventlog", cut.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("gfctl host eventlog: event log: event data of")
                .contains("at byte offset");
    }

    @Test
    void malformedLog_withJson_isOneErrorDocument() throws IOException {
        Path bad = Files.write(dir.resolve("bad.bin"), new byte[] {1, 2, 3});
        GfctlRunner.Result r = GfctlRunner.run("-o", "json", "host", "eventlog", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).startsWith("{\"error\":{\"code\":1,\"message\":\"gfctl host eventlog: event log: truncated");
    }

    @Test
    void missingFile_exits5() {
        GfctlRunner.Result r = GfctlRunner.run("host", "eventlog", dir.resolve("nope.bin").toString());
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).contains("no event log at").contains("nope.bin");
    }
}
