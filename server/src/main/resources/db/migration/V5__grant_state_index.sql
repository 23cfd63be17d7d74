-- ListGrants filtered by state (ENABLED or DISABLED) pages along this index as it pages along
-- api_grant_org_seq_ix unfiltered: a few disabled grants among many are found without a scan.
create index api_grant_org_disabled_seq_ix on api_grant (org_id, disabled, seq);
