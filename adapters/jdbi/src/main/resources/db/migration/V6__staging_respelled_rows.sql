-- How many of the rows a run staged were written in another form than the one their identity is matched by (a
-- normalised identity; their staging table keeps that spelling in identity_spelling, see db/staging_table.sql). A
-- merge counts the rows normalisation collapsed into a member only when there are some, so that a run whose
-- identities needed no normalisation pays for the count with nothing but this column. Counted as batches are staged.
ALTER TABLE staging_tables ADD COLUMN respelled_rows BIGINT DEFAULT 0 NOT NULL;
