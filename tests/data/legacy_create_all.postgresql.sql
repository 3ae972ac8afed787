-- The schema SQLAlchemy's create_all made on postgresql before migrations existed
-- (commit 948d41a), frozen: tests/test_migrations.py adopts a database made from it.

CREATE TABLE advisors (
	id SERIAL NOT NULL,
	username VARCHAR(64) NOT NULL,
	password_hash VARCHAR(255) NOT NULL,
	active BOOLEAN NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	last_login_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (id),
	UNIQUE (username)
);

CREATE TABLE handoffs (
	id SERIAL NOT NULL,
	reference VARCHAR(16) NOT NULL,
	conversation_id VARCHAR(255) NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	revision INTEGER NOT NULL,
	reason VARCHAR(32) NOT NULL,
	summary JSON NOT NULL,
	contact JSON NOT NULL,
	consent_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	status VARCHAR(16) NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT ck_handoffs_reason CHECK (reason IN ('higher_level_of_care', 'detox', 'dual_diagnosis', 'visitor_request', 'fallback', 'crisis', 'travel', 'no_program_found')),
	CONSTRAINT ck_handoffs_status CHECK (status IN ('new', 'contacted', 'closed')),
	UNIQUE (reference),
	UNIQUE (conversation_id)
);

CREATE INDEX ix_handoffs_created_at ON handoffs (created_at);

CREATE INDEX ix_handoffs_reason_created_at ON handoffs (reason, created_at);

CREATE INDEX ix_handoffs_status_created_at ON handoffs (status, created_at);

CREATE INDEX ix_handoffs_updated_at ON handoffs (updated_at);

CREATE TABLE programs (
	id SERIAL NOT NULL,
	source VARCHAR(32) NOT NULL,
	source_id VARCHAR(64) NOT NULL,
	name VARCHAR(255) NOT NULL,
	name2 VARCHAR(255),
	street1 VARCHAR(255),
	street2 VARCHAR(255),
	city VARCHAR(120),
	state VARCHAR(2) NOT NULL,
	zip VARCHAR(5),
	latitude FLOAT,
	longitude FLOAT,
	geocode_precision VARCHAR(8),
	phone VARCHAR(40),
	intake_phone VARCHAR(40),
	website VARCHAR(255),
	content_hash VARCHAR(40) NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_programs_source_source_id UNIQUE (source, source_id)
);

CREATE INDEX ix_programs_lat_lon ON programs (latitude, longitude);

CREATE INDEX ix_programs_state_city ON programs (state, city);

CREATE TABLE service_codes (
	id SERIAL NOT NULL,
	code VARCHAR(16) NOT NULL,
	category VARCHAR(24) NOT NULL,
	label VARCHAR(255) NOT NULL,
	short_label VARCHAR(120) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (code)
);

CREATE INDEX ix_service_codes_category ON service_codes (category);

CREATE TABLE advisor_sessions (
	id SERIAL NOT NULL,
	token_sha256 VARCHAR(64) NOT NULL,
	advisor_id INTEGER NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	last_seen_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (token_sha256),
	FOREIGN KEY(advisor_id) REFERENCES advisors (id) ON DELETE CASCADE
);

CREATE INDEX ix_advisor_sessions_advisor_id ON advisor_sessions (advisor_id);

CREATE INDEX ix_advisor_sessions_last_seen_at ON advisor_sessions (last_seen_at);

CREATE TABLE handoff_delivery_attempts (
	id SERIAL NOT NULL,
	handoff_id INTEGER NOT NULL,
	revision INTEGER NOT NULL,
	started_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	duration_ms FLOAT NOT NULL,
	http_status INTEGER,
	error VARCHAR(200),
	worker VARCHAR(128) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(handoff_id) REFERENCES handoffs (id) ON DELETE CASCADE
);

CREATE INDEX ix_handoff_delivery_attempts_handoff_id ON handoff_delivery_attempts (handoff_id);

CREATE TABLE handoff_inbox_receipts (
	id SERIAL NOT NULL,
	handoff_id INTEGER NOT NULL,
	revision INTEGER NOT NULL,
	first_received_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	last_received_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	times_received INTEGER NOT NULL,
	body_sha256 VARCHAR(64) NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_handoff_inbox_receipts_revision UNIQUE (handoff_id, revision),
	FOREIGN KEY(handoff_id) REFERENCES handoffs (id) ON DELETE CASCADE
);

CREATE INDEX ix_handoff_inbox_receipts_handoff_id ON handoff_inbox_receipts (handoff_id);

CREATE TABLE handoff_messages (
	id SERIAL NOT NULL,
	handoff_id INTEGER NOT NULL,
	position INTEGER NOT NULL,
	at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	sender VARCHAR(16) NOT NULL,
	text TEXT NOT NULL,
	buttons JSON NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_handoff_messages_position UNIQUE (handoff_id, position),
	CONSTRAINT ck_handoff_messages_sender CHECK (sender IN ('visitor', 'assistant')),
	FOREIGN KEY(handoff_id) REFERENCES handoffs (id) ON DELETE CASCADE
);

CREATE INDEX ix_handoff_messages_handoff_id ON handoff_messages (handoff_id);

CREATE TABLE handoff_outbox (
	id SERIAL NOT NULL,
	handoff_id INTEGER NOT NULL,
	revision INTEGER NOT NULL,
	status VARCHAR(16) NOT NULL,
	next_attempt_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	consecutive_failures INTEGER NOT NULL,
	attempt_count INTEGER NOT NULL,
	lease_owner VARCHAR(128),
	lease_until TIMESTAMP WITHOUT TIME ZONE,
	last_attempt_at TIMESTAMP WITHOUT TIME ZONE,
	last_error VARCHAR(200),
	delivered_at TIMESTAMP WITHOUT TIME ZONE,
	delivered_revision INTEGER,
	PRIMARY KEY (id),
	CONSTRAINT ck_handoff_outbox_status CHECK (status IN ('pending', 'delivered')),
	UNIQUE (handoff_id),
	FOREIGN KEY(handoff_id) REFERENCES handoffs (id) ON DELETE CASCADE
);

CREATE INDEX ix_handoff_outbox_due ON handoff_outbox (status, next_attempt_at);

CREATE TABLE handoff_status_changes (
	id SERIAL NOT NULL,
	handoff_id INTEGER NOT NULL,
	at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
	status VARCHAR(16) NOT NULL,
	advisor_username VARCHAR(64),
	note TEXT NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT ck_handoff_status_changes_status CHECK (status IN ('new', 'contacted', 'closed')),
	FOREIGN KEY(handoff_id) REFERENCES handoffs (id) ON DELETE CASCADE
);

CREATE INDEX ix_handoff_status_changes_handoff_id ON handoff_status_changes (handoff_id);

CREATE TABLE program_service_codes (
	program_id INTEGER NOT NULL,
	code_id INTEGER NOT NULL,
	CONSTRAINT pk_program_service_codes PRIMARY KEY (program_id, code_id),
	FOREIGN KEY(program_id) REFERENCES programs (id) ON DELETE CASCADE,
	FOREIGN KEY(code_id) REFERENCES service_codes (id) ON DELETE CASCADE
);

CREATE INDEX ix_program_service_codes_code_program ON program_service_codes (code_id, program_id);
