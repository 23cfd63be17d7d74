-- The whole API Grants schema. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode, and
-- is read by jOOQ's DDL parser at build time, hence: varchar for every key or indexed column,
-- "timestamp with time zone" rather than timestamptz, child tables rather than arrays, and
-- constraint names spelled out where code refers to them.

-- Organisation grant policy; an organisation without a row uses the server defaults.
create table org_policy (
  org_id varchar(100) not null,
  max_grant_lifetime_seconds bigint not null,
  require_ip_allowlist boolean not null,
  max_previous_secret_ttl_seconds bigint not null,
  version bigint not null,
  update_time timestamp with time zone not null,
  constraint org_policy_pk primary key (org_id)
);

-- Scopes an organisation allows; no rows means every scope of the catalog.
create table org_policy_scope (
  org_id varchar(100) not null,
  scope_id varchar(100) not null,
  constraint org_policy_scope_pk primary key (org_id, scope_id),
  constraint org_policy_scope_policy_fk foreign key (org_id)
    references org_policy (org_id) on delete cascade
);

create table workspace (
  org_id varchar(100) not null,
  id varchar(63) not null,
  display_name varchar(100) not null,
  create_time timestamp with time zone not null,
  constraint workspace_pk primary key (org_id, id)
);

create table app_user (
  org_id varchar(100) not null,
  username varchar(200) not null,
  display_name varchar(200) not null,
  disabled boolean not null,
  create_time timestamp with time zone not null,
  update_time timestamp with time zone not null,
  constraint app_user_pk primary key (org_id, username)
);

-- One API grant. Scopes and the IP allowlist are small sets that are always read and written
-- whole, so they are kept on the row (space-separated, normalised, sorted): verification then
-- reads one row, not three tables.
create table api_grant (
  id uuid not null,
  -- Immutable creation order: the key of keyset pagination.
  seq bigint generated always as identity,
  org_id varchar(100) not null,
  client_id uuid not null,
  client_name varchar(100) not null,
  workspace_id varchar(63) not null,
  username varchar(200) not null,
  scopes varchar(4000) not null,
  ip_allowlist varchar(8000) not null,
  expire_time timestamp with time zone not null,
  disabled boolean not null,
  -- NONE, ACTIVE or INVALIDATED.
  secret_state varchar(16) not null,
  -- Bumped whenever earlier credentials must stop working (regenerate, username change,
  -- disable, leak report): access tokens carry it and compare.
  generation bigint not null,
  -- Optimistic concurrency: the etag is derived from it, every write increments it.
  version bigint not null,
  creator varchar(200) not null,
  -- Idempotency key of the CreateGrant call that made the row, if the caller sent one.
  create_request_id varchar(100),
  create_time timestamp with time zone not null,
  update_time timestamp with time zone not null,
  -- Written in batches by the last-used recorder, never on the verification path.
  last_used_time timestamp with time zone,
  last_used_ip varchar(45),
  -- Lifecycle notices already emitted, so each fires once per grant.
  expiring_notice_sent boolean not null default false,
  expired_notice_sent boolean not null default false,
  constraint api_grant_pk primary key (id),
  constraint api_grant_client_id_uk unique (client_id),
  constraint api_grant_request_uk unique (org_id, creator, create_request_id),
  constraint api_grant_workspace_fk foreign key (org_id, workspace_id)
    references workspace (org_id, id),
  constraint api_grant_user_fk foreign key (org_id, username)
    references app_user (org_id, username),
  constraint api_grant_secret_state_ck check (secret_state in ('NONE', 'ACTIVE', 'INVALIDATED'))
);

create unique index api_grant_org_seq_ix on api_grant (org_id, seq);
create index api_grant_org_workspace_seq_ix on api_grant (org_id, workspace_id, seq);
create index api_grant_org_username_seq_ix on api_grant (org_id, username, seq);
create index api_grant_expire_ix on api_grant (expire_time);

-- The keyed hashes of a grant's live secrets: slot 0 is the current secret, slot 1 the previous
-- one during a rotation grace period. The slot key makes "at most two" a database fact.
create table grant_secret (
  -- Base64url HMAC-SHA-256 of the secret under the pepper named by key_id.
  secret_hash varchar(64) not null,
  grant_id uuid not null,
  slot smallint not null,
  key_id varchar(32) not null,
  hint varchar(16) not null,
  create_time timestamp with time zone not null,
  -- Null for the current secret; the end of the grace period for the previous one.
  expire_time timestamp with time zone,
  constraint grant_secret_pk primary key (secret_hash),
  constraint grant_secret_slot_uk unique (grant_id, slot),
  constraint grant_secret_slot_ck check (slot in (0, 1)),
  constraint grant_secret_grant_fk foreign key (grant_id)
    references api_grant (id) on delete cascade
);

create table audit_event (
  id bigint generated always as identity,
  org_id varchar(100) not null,
  event_time timestamp with time zone not null,
  actor varchar(200) not null,
  action varchar(64) not null,
  target varchar(300) not null,
  request_id varchar(100),
  constraint audit_event_pk primary key (id)
);

create index audit_event_org_ix on audit_event (org_id, id);
create index audit_event_org_target_ix on audit_event (org_id, target, id);
create index audit_event_org_actor_ix on audit_event (org_id, actor, id);

create table audit_change (
  event_id bigint not null,
  position int not null,
  field varchar(100) not null,
  old_value varchar(8000),
  new_value varchar(8000),
  constraint audit_change_pk primary key (event_id, position),
  constraint audit_change_event_fk foreign key (event_id)
    references audit_event (id) on delete cascade
);

-- Outbox of grant lifecycle events, written in the transaction of each change.
create table grant_event (
  seq bigint generated always as identity,
  org_id varchar(100) not null,
  event_type varchar(32) not null,
  grant_id uuid not null,
  client_id uuid not null,
  workspace_id varchar(63) not null,
  username varchar(200) not null,
  event_time timestamp with time zone not null,
  constraint grant_event_pk primary key (seq)
);

create index grant_event_org_seq_ix on grant_event (org_id, seq);
create index grant_event_time_ix on grant_event (event_time);

-- Keys that sign access tokens. The private key is encrypted under a key derived from the
-- pepper; the public key is published as a JWKS.
create table signing_key (
  kid varchar(64) not null,
  algorithm varchar(16) not null,
  public_jwk varchar(4000) not null,
  private_key_encrypted bytea not null,
  create_time timestamp with time zone not null,
  -- After this no token is signed with the key; it stays published until retire_time.
  rotate_time timestamp with time zone not null,
  retire_time timestamp with time zone not null,
  constraint signing_key_pk primary key (kid)
);
