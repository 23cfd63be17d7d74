-- Per organisation, the highest sequence of its events that retention has deleted (no row: none
-- deleted). A watcher of one organisation has lost events only when this passed its resume
-- point; grant_event_control.purged_through, which counts every organisation's events, says it
-- for platform watchers. Written by the purge, under the append lock.
create table grant_event_org_purge (
  org_id varchar(100) not null,
  purged_through bigint not null,
  constraint grant_event_org_purge_pk primary key (org_id)
);
