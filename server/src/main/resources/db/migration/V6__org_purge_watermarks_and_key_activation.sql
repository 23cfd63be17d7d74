-- Per organisation, the highest sequence of its events that retention has deleted (no row: none
-- deleted). A watcher of one organisation has lost events only when this passed its resume
-- point; grant_event_control.purged_through, which counts every organisation's events, says it
-- for platform watchers. Written by the purge, under the append lock.
create table grant_event_org_purge (
  org_id varchar(100) not null,
  purged_through bigint not null,
  constraint grant_event_org_purge_pk primary key (org_id)
);

-- When a signing key starts signing. The next period's key is created and published ahead of
-- it, so resource servers holding a recently fetched key set already know it when its first
-- token arrives; it signs nothing before activate_time. Keys made before this column signed
-- from their creation.
alter table signing_key add column activate_time timestamp with time zone;
update signing_key set activate_time = create_time;
alter table signing_key alter column activate_time set not null;
