-- gfctl fabric store, schema 5: a checkpoint also signs the digest of the checkpoint before it
-- (docs/audit.md "Checkpoint chain"), so that the newest valid signature vouches for every earlier
-- checkpoint and 'gfctl audit verify' checks one signature instead of one per command. NULL for the
-- checkpoints signed before this schema, and for checkpoint 0: those are checked one by one.
ALTER TABLE audit_checkpoints ADD COLUMN prev ${blob};
