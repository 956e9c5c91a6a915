-- How an audience keeps its members' identities at rest, and the country its national phone numbers are read in.
-- Audiences made before this migration keep identities as normalised (the default below) and name no region.
-- Stored names are this adapter's own: NORMALISED (the normalised value) or SHA256 (only its SHA-256 hex).
ALTER TABLE audiences ADD COLUMN identity_storage VARCHAR(16) DEFAULT 'NORMALISED' NOT NULL;
ALTER TABLE audiences ADD COLUMN phone_region VARCHAR(2);
