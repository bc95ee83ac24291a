package org.gfctl.core.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.core.UsageException;

/**
 * Which entries {@code gfctl audit log} lists: a time window ({@code since <= time < until}) and
 * exact matches on action, actor (OS user or key fingerprint) and result, and on object also the
 * entries whose object starts with it and a space (a key release records "VOLUME to HOST", found by
 * VOLUME); null means any.
 *
 * @param since earliest time, inclusive, or null
 * @param until latest time, exclusive, or null
 * @param action exact action, or null
 * @param object an object, or null
 * @param actor the OS user or the key fingerprint, or null
 * @param result exact result, or null
 */
public record AuditFilter(Instant since, Instant until, String action, String object, String actor, String result) {
    /** Every entry. */
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);

    /**
     * A filter from command-line text; times are ISO-8601: an instant ({@code 2025-01-31T08:00:00Z}),
     * a date-time with offset, or a date (midnight UTC).
     */
    public static AuditFilter parse(String since, String until, String action, String object, String actor,
            String result) {
        return new AuditFilter(time("--since", since), time("--until", until), action, object, actor, result);
    }

    /**
     * The SQL condition (with a leading {@code WHERE}, or empty) for these filters.
     *
     * <p>A one-sided time window also bounds {@code seq} by the lowest (since) or highest (until)
     * sequence number in it, which the {@code time} index gives without reading an entry; the
     * listing, in {@code seq} order, then reads only that range instead of every row (SQLite,
     * without statistics, otherwise walks the whole table in {@code seq} order and extracts each
     * entry's time: ~2 s per million entries for "since yesterday"). The bound only narrows the
     * range the time condition is checked in, so entries written while the clock went back are still
     * listed. A two-sided window is left to the {@code time} index, which SQLite then uses itself
     * (a seq range would make it walk from the one bound to the other). The unary {@code +} keeps
     * SQLite's min/max shortcut, which walks the table from its first row, off {@code seq}.
     */
    String where(List<Object> args) {
        List<String> c = new ArrayList<>();
        if (since != null) {
            String from = AuditEntry.formatTime(since);
            if (until == null) {
                c.add("seq >= (SELECT min(+seq) FROM audit_entries WHERE time >= ?)");
                args.add(from);
            }
            c.add("time >= ?");
            args.add(from);
        }
        if (until != null) {
            String to = AuditEntry.formatTime(until);
            if (since == null) {
                c.add("seq <= (SELECT max(+seq) FROM audit_entries WHERE time < ?)");
                args.add(to);
            }
            c.add("time < ?");
            args.add(to);
        }
        add(c, args, "action = ?", action);
        if (object != null) {
            // the object itself, or the object of an entry that adds to it ("<volume> to <host>")
            c.add("(object = ? OR substr(object, 1, ?) = ?)");
            args.add(object);
            args.add(object.length() + 1);
            args.add(object + " ");
        }
        if (actor != null) {
            c.add("(actor = ? OR actor_key = ?)");
            args.add(actor);
            args.add(actor);
        }
        add(c, args, "result = ?", result);
        return c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c);
    }

    private static void add(List<String> c, List<Object> args, String sql, String value) {
        if (value != null) {
            c.add(sql);
            args.add(value);
        }
    }

    private static Instant time(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new UsageException(option + " must be ISO-8601: 2025-01-31, 2025-01-31T08:00:00Z or"
                            + " 2025-01-31T09:00:00+01:00, not '" + text + "'");
                }
            }
        }
    }
}
