-- A worker claims a run by writing its id and a lease expiry with a conditional update; a run whose lease lapsed
-- belongs to a node that stopped, and is failed by the next worker that looks.
ALTER TABLE ingestion_runs ADD COLUMN lease_owner VARCHAR(128);
ALTER TABLE ingestion_runs ADD COLUMN lease_until_ms BIGINT;

CREATE INDEX ingestion_runs_claimable ON ingestion_runs (status, lease_owner, created_at_ms);
CREATE INDEX ingestion_runs_leases ON ingestion_runs (status, lease_until_ms);
