-- contact-state: the contact log. A commit group appends the contacts it changed here, as JSON lines (UTF-8) in
-- a few rows (at most 1,000 contacts a row; binary, because H2 writes a long text value a character at a time), instead of rewriting one contact row each: measured at about 100 us per
-- contact row, those row writes were the flow's bottleneck. A fold writes the latest logged version of each
-- contact into the contact table and deletes the rows it covered, in one transaction; until then the store reads
-- the logged versions first. A start reads what is left here before the stream resumes.
CREATE TABLE contact_change (
    seq      BIGINT  NOT NULL PRIMARY KEY,
    contacts BYTEA  NOT NULL
);
