-- A full run writes the membership it read as a new generation of the audience's members and makes it current in
-- one step. Its rows go into key space no earlier row used, so the insert costs what a first ingest costs (rewriting
-- a million existing rows, or re-inserting them past a million dead index entries, costs three times as much); the
-- rows of the generation it replaced are invisible at once and removed afterwards, in batches, by the sweeper.
-- Readers see the current generation only; an audience with no row here is at generation 0.
CREATE TABLE member_generations (
    org_id       VARCHAR(256) NOT NULL,
    sandbox_name VARCHAR(256) NOT NULL,
    audience_id  VARCHAR(128) NOT NULL,
    generation   BIGINT       NOT NULL,
    CONSTRAINT member_generations_pk PRIMARY KEY (org_id, sandbox_name, audience_id)
);

ALTER TABLE members ADD COLUMN generation BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE members DROP CONSTRAINT members_pk;
ALTER TABLE members ADD CONSTRAINT members_pk
    PRIMARY KEY (org_id, sandbox_name, audience_id, generation, identity_ns, identity_value);
DROP INDEX members_by_expiry;
CREATE INDEX members_by_expiry ON members (org_id, sandbox_name, audience_id, generation, last_ingested_at_ms);
