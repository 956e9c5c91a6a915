-- Deleting an audience has one owner, the domain's DeleteAudienceUseCase, which removes the audience, then its runs,
-- then its members, each through its own store. The cascade from audiences to ingestion_runs deleted the runs a
-- second time, behind the runs store's back (and before the service's order says), so it goes; a run can still not be
-- added for an audience that is gone: the runs store checks the audience, under its row lock, as it adds the run.
ALTER TABLE ingestion_runs DROP CONSTRAINT ingestion_runs_audience_fk;
