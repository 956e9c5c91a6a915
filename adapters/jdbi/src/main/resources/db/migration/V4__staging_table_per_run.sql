-- Each run stages into a table of its own, created at its first batch and dropped at its merge (or when it is
-- discarded): no index to maintain but the row order, nothing to delete row by row afterwards. This registry
-- remembers which tables exist, so that deleting an audience drops the staging tables of its runs too.
DROP TABLE staged_members;

CREATE TABLE staging_tables (
    table_name   VARCHAR(64)  NOT NULL,
    org_id       VARCHAR(256) NOT NULL,
    sandbox_name VARCHAR(256) NOT NULL,
    audience_id  VARCHAR(128) NOT NULL,
    run_id       VARCHAR(128) NOT NULL,
    CONSTRAINT staging_tables_pk PRIMARY KEY (table_name)
);

CREATE INDEX staging_tables_by_audience ON staging_tables (org_id, sandbox_name, audience_id);
