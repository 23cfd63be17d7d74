-- Lifecycle events: ordering, retention and the expiry scanner.

-- One row. Appending an event first locks it, so outbox appends commit in sequence order and a
-- watcher that has read sequence n never later sees a smaller one commit. purged_through is the
-- highest sequence deleted by retention: a resume point below it has lost events.
create table grant_event_control (
  id smallint not null,
  purged_through bigint not null,
  constraint grant_event_control_pk primary key (id),
  constraint grant_event_control_single_ck check (id = 1)
);

insert into grant_event_control (id, purged_through) values (1, 0);

-- The expiry scanner reads only grants whose notice is still due, however many have expired.
create index api_grant_expiring_notice_ix on api_grant (expiring_notice_sent, expire_time);
create index api_grant_expired_notice_ix on api_grant (expired_notice_sent, expire_time);
