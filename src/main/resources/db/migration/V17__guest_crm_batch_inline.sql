-- guest-routing: the CRM aggregator's batches kept in their rows. As an H2 BLOB, every write of a batch (once per
-- routed group) went to H2's separate LOB storage and left the previous copy to its LOB cleaner; a batch is a few
-- tens of KB, which a BINARY VARYING row holds as it is. BYTEA is H2's name for BINARY VARYING and PostgreSQL's type
-- of these columns already (V3), so there this changes nothing.
ALTER TABLE guest_crm_batch ALTER COLUMN exchange SET DATA TYPE BYTEA;
ALTER TABLE guest_crm_batch_completed ALTER COLUMN exchange SET DATA TYPE BYTEA;
