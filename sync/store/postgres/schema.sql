api_keys.key_id text NOT NULL
api_keys.tenant_id text NOT NULL
api_keys.name text
api_keys.hash text NOT NULL
api_keys.created_at text NOT NULL
api_keys.revoked_at text
contacts.tenant_id text NOT NULL
contacts.id text NOT NULL
contacts.display_name text NOT NULL
contacts.user_json text NOT NULL
contacts.updated_at timestamp with time zone NOT NULL
escrow.tenant_id text NOT NULL
escrow.id text NOT NULL
escrow.reason text NOT NULL
escrow.excerpt text NOT NULL
escrow.escrowed_at timestamp with time zone NOT NULL
fleet_tenants.tenant_id text NOT NULL
fleet_tenants.name text NOT NULL
fleet_tenants.due_at timestamp with time zone NOT NULL
fleet_tenants.lease_owner text
fleet_tenants.lease_expires_at timestamp with time zone
fleet_tenants.last_finished_at timestamp with time zone
fleet_tenants.last_outcome text
fleet_tenants.syncs bigint NOT NULL
migrations.version integer NOT NULL
migrations.applied_at timestamp with time zone NOT NULL
phones.tenant_id text NOT NULL
phones.contact_id text NOT NULL
phones.position integer NOT NULL
phones.type text NOT NULL
phones.raw text NOT NULL
phones.e164 text
phones.extension text
phones.valid boolean NOT NULL
phones.problem text
phones.region text
runs.seq bigint NOT NULL IDENTITY
runs.run_id text NOT NULL
runs.tenant_id text NOT NULL
runs.mode text NOT NULL
runs.outcome text NOT NULL
runs.started_at text NOT NULL
runs.finished_at text NOT NULL
runs.created integer NOT NULL
runs.updated integer NOT NULL
runs.deleted integer NOT NULL
runs.unchanged integer NOT NULL
runs.invalid_numbers integer NOT NULL
runs.escrowed integer NOT NULL
runs.pages integer NOT NULL
runs.message text
sync_state.tenant_id text NOT NULL
sync_state.delta_link text NOT NULL
sync_state.settings text
sync_state.updated_at timestamp with time zone NOT NULL
CREATE INDEX api_keys_by_tenant ON api_keys USING btree (tenant_id, created_at)
CREATE UNIQUE INDEX api_keys_pkey ON api_keys USING btree (key_id)
CREATE UNIQUE INDEX contacts_pkey ON contacts USING btree (tenant_id, id)
CREATE UNIQUE INDEX escrow_pkey ON escrow USING btree (tenant_id, id)
CREATE INDEX fleet_tenants_by_due ON fleet_tenants USING btree (due_at)
CREATE UNIQUE INDEX fleet_tenants_pkey ON fleet_tenants USING btree (tenant_id)
CREATE UNIQUE INDEX migrations_pkey ON migrations USING btree (version)
CREATE INDEX phones_by_e164 ON phones USING btree (tenant_id, e164) WHERE (e164 IS NOT NULL)
CREATE INDEX phones_invalid ON phones USING btree (tenant_id, contact_id) WHERE (NOT valid)
CREATE UNIQUE INDEX phones_pkey ON phones USING btree (tenant_id, contact_id, "position")
CREATE INDEX runs_by_tenant ON runs USING btree (tenant_id, seq)
CREATE UNIQUE INDEX runs_pkey ON runs USING btree (seq)
CREATE UNIQUE INDEX runs_run_id_key ON runs USING btree (run_id)
CREATE UNIQUE INDEX sync_state_pkey ON sync_state USING btree (tenant_id)
FUNCTION apply_page(p_tenant text, p_ids text[], p_names text[], p_users text[], p_phone_ids text[], p_positions integer[], p_types text[], p_raws text[], p_e164s text[], p_extensions text[], p_valids boolean[], p_problems text[], p_regions text[], p_deletes text[], p_escrow_ids text[], p_escrow_reasons text[], p_escrow_excerpts text[], p_resolved text[]) body md5 a3bcfb07a8357915303ba996896ef559
