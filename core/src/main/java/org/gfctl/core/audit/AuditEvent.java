package org.gfctl.core.audit;

import java.util.Objects;

/**
 * What a state-changing command reports to the audit log: who acted in which role, on what, with
 * which outcome, and the digest of the evidence; the log adds the sequence number and time.
 *
 * <p>The actor is the OS user (of the process's real uid, see {@link OsUser}) plus, when a key was used, that key's
 * certificate fingerprint, so that an auditor can tell principals apart (separation of duties).
 * Only a digest of the evidence is recorded: the evidence itself (quotes, event logs) lives in the
 * store's own tables, and secrets never reach the audit log (see {@link FieldRules}).
 */
public final class AuditEvent {
    private final String actor;
    private final String actorKey;
    private final Role role;
    private final String action;
    private final String object;
    private final String result;
    private final int exitCode;
    private final String evidenceDigest;

    private AuditEvent(String actor, String actorKey, Role role, String action, String object, String result,
            int exitCode, String evidenceDigest) {
        this.actor = FieldRules.text("actor", actor, 1, FieldRules.MAX_ACTOR);
        this.actorKey = FieldRules.digest("actor key fingerprint", actorKey);
        this.role = Objects.requireNonNull(role, "role");
        this.action = FieldRules.action(action);
        this.object = FieldRules.text("object", object, 0, FieldRules.MAX_OBJECT);
        this.result = FieldRules.result(result);
        this.exitCode = FieldRules.exitCode(exitCode);
        this.evidenceDigest = FieldRules.digest("evidence digest", evidenceDigest);
    }

    /**
     * An event by the current OS user, without a key fingerprint (add one with {@link #withActorKey}).
     *
     * @param object the host name, volume UUID or other target; empty for fabric-wide actions
     * @param evidenceDigest SHA-256 of the evidence as lowercase hex, or null when there is none
     * @throws IllegalArgumentException naming the field that breaks a rule (never echoing its value)
     */
    public static AuditEvent of(Role role, String action, String object, String result, int exitCode,
            String evidenceDigest) {
        return new AuditEvent(OsUser.name(), null, role, action, object, result, exitCode, evidenceDigest);
    }

    /**
     * {@code object} as an event can record it: secret-shaped tokens redacted, control characters
     * replaced, at most {@code max} characters (its end), so that recording never fails on it.
     */
    public static String recordableObject(String object, int max) {
        return FieldRules.recordable(object, Math.min(max, FieldRules.MAX_OBJECT));
    }

    /** This event with the fingerprint (SHA-256 of the certificate, lowercase hex) of the key that was used. */
    public AuditEvent withActorKey(String fingerprint) {
        return new AuditEvent(actor, fingerprint, role, action, object, result, exitCode, evidenceDigest);
    }

    /** This event attributed to {@code user} instead of the current OS user. */
    public AuditEvent withActor(String user) {
        return new AuditEvent(user, actorKey, role, action, object, result, exitCode, evidenceDigest);
    }

    static AuditEvent restore(String actor, String actorKey, Role role, String action, String object, String result,
            int exitCode, String evidenceDigest) {
        return new AuditEvent(actor, actorKey, role, action, object, result, exitCode, evidenceDigest);
    }

    public String actor() {
        return actor;
    }

    /** The fingerprint of the key used, or null. */
    public String actorKey() {
        return actorKey;
    }

    public Role role() {
        return role;
    }

    public String action() {
        return action;
    }

    public String object() {
        return object;
    }

    public String result() {
        return result;
    }

    public int exitCode() {
        return exitCode;
    }

    /** SHA-256 of the evidence (lowercase hex), or null. */
    public String evidenceDigest() {
        return evidenceDigest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEvent e && actor.equals(e.actor) && Objects.equals(actorKey, e.actorKey)
                && role == e.role && action.equals(e.action) && object.equals(e.object) && result.equals(e.result)
                && exitCode == e.exitCode && Objects.equals(evidenceDigest, e.evidenceDigest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(actor, actorKey, role, action, object, result, exitCode, evidenceDigest);
    }

    @Override
    public String toString() {
        return "AuditEvent[" + role.id() + " " + actor + " " + action + " " + object + " -> " + result + "]";
    }
}
