-- ListGrants filtered by state (ENABLED or DISABLED) pages along this index as it pages along
-- api_grant_org_seq_ix unfiltered: a few disabled grants among many are found without a scan.
create index api_grant_org_disabled_seq_ix on api_grant (org_id, disabled, seq);

-- Names are bounded in characters (code points) by the server. PostgreSQL's varchar(n) counts
-- those too, but H2's counts UTF-16 units, so a name of astral characters (an emoji is two
-- units) needs up to twice its bound there.
alter table api_grant alter column client_name set data type varchar(200);
alter table workspace alter column display_name set data type varchar(200);
alter table app_user alter column display_name set data type varchar(400);
