-- The PostgreSQL statements PSMigrate's static hazard rules are tested on, and compared with
-- squawk's rules (docs/hazards.md). Each statement has the rules PSMigrate must find above it.
-- 'orders', 'customers' and 'events' are existing tables (HazardCorpusOnPostgresTests creates them and runs each
-- statement on PostgreSQL in a rolled-back transaction); every statement is read on its own.

-- expect: drop-table
DROP TABLE orders;
-- expect: drop-table
DROP TABLE IF EXISTS public.orders CASCADE;
-- expect: drop-table, drop-table
DROP TABLE orders, customers;
-- expect: drop-column
ALTER TABLE orders DROP COLUMN note;
-- expect: drop-column
ALTER TABLE orders DROP note;
-- expect: drop-column
ALTER TABLE IF EXISTS ONLY orders DROP COLUMN IF EXISTS note CASCADE;
-- expect: none
ALTER TABLE orders DROP CONSTRAINT orders_note_check;
-- expect: truncate
TRUNCATE orders;
-- expect: truncate, truncate
TRUNCATE TABLE orders, customers RESTART IDENTITY CASCADE;
-- expect: delete-without-where
DELETE FROM orders;
-- expect: none
DELETE FROM orders WHERE created < now() - interval '1 year';
-- expect: update-without-where
UPDATE orders SET status = 'archived';
-- expect: none
UPDATE orders SET status = 'archived' WHERE status = 'closed';
-- expect: update-without-where
UPDATE orders SET note = 'a WHERE inside a string is not a WHERE';
-- expect: column-type-change
ALTER TABLE orders ALTER COLUMN id TYPE bigint;
-- expect: column-type-change
ALTER TABLE orders ALTER COLUMN total SET DATA TYPE numeric(14,2) USING total::numeric(14,2);
-- expect: column-type-change
ALTER TABLE orders ALTER note TYPE varchar(40);
-- expect: index-without-concurrently
CREATE INDEX ix_orders_customer ON orders (customer_id);
-- expect: index-without-concurrently
CREATE UNIQUE INDEX ux_orders_code ON orders (number);
-- expect: index-without-concurrently
CREATE INDEX IF NOT EXISTS ix_orders_open ON public.orders USING btree (created) WHERE status <> 'closed';
-- expect: none
CREATE INDEX CONCURRENTLY ix_orders_customer ON orders (customer_id);
-- expect: none
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_orders_number ON orders (number);
-- expect: none
ALTER TABLE orders ADD COLUMN flag integer DEFAULT 0;
-- expect: none
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
-- expect: volatile-default
ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- expect: volatile-default
ALTER TABLE orders ADD COLUMN seen timestamptz NOT NULL DEFAULT clock_timestamp();
-- expect: volatile-default
ALTER TABLE orders ADD COLUMN seq bigserial;
-- expect: volatile-default
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;
-- expect: none
ALTER TABLE orders ADD COLUMN remark text;
-- expect: foreign-key-validated
ALTER TABLE orders ADD CONSTRAINT fk_orders_customer2 FOREIGN KEY (customer_id) REFERENCES customers (id);
-- expect: foreign-key-validated
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;
-- expect: none
ALTER TABLE orders ADD CONSTRAINT fk_orders_customer3 FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
-- expect: none
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer;
-- expect: check-validated
ALTER TABLE orders ADD CONSTRAINT ck_total CHECK (total >= 0);
-- expect: none
ALTER TABLE orders ADD CONSTRAINT ck_total CHECK (total >= 0) NOT VALID;
-- expect: set-not-null
ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;
-- expect: none
ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;
-- expect: unique-constraint
ALTER TABLE orders ADD CONSTRAINT uq_orders_number UNIQUE (number);
-- expect: none
ALTER TABLE orders ADD CONSTRAINT uq_orders_number UNIQUE USING INDEX ux_orders_number;
-- expect: unique-constraint
ALTER TABLE events ADD PRIMARY KEY (id);
-- expect: unique-constraint
ALTER TABLE orders ADD COLUMN code text UNIQUE;
-- expect: none
ALTER TABLE orders ADD COLUMN customer2_id integer REFERENCES customers (id);
-- expect: none
ALTER TABLE orders RENAME COLUMN note TO remark;
-- expect: none
ALTER TABLE orders RENAME TO purchase_orders;
-- expect: none
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
-- expect: none
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
-- expect: column-type-change, set-not-null
ALTER TABLE orders ALTER COLUMN id TYPE bigint, ALTER COLUMN customer_id SET NOT NULL;
-- expect: drop-column, index-without-concurrently
ALTER TABLE orders DROP COLUMN legacy; CREATE INDEX ix_orders_status ON orders (status);
-- expect: vacuum-full
VACUUM FULL orders;
-- expect: cluster
CLUSTER orders USING ix_orders_created;
-- expect: reindex-without-concurrently
REINDEX TABLE orders;
-- expect: none
REINDEX TABLE CONCURRENTLY orders;
-- expect: none
INSERT INTO orders (id, status) VALUES (1001, 'new');
-- expect: none
CREATE VIEW open_orders AS SELECT * FROM orders WHERE status = 'open';
-- expect: none
COMMENT ON COLUMN orders.note IS 'DROP TABLE orders; -- not a statement';
