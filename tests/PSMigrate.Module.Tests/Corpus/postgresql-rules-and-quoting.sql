-- Hand-written PostgreSQL: rules with several actions, every quoting form holding ';' and
-- parentheses, function bodies, nested comments, a settings line as pg_dump writes them.
SET client_min_messages = warning;
SET standard_conforming_strings = on;
CREATE TABLE t1 (id int PRIMARY KEY, note text);
CREATE TABLE t1_log (id int, note text, step int);
CREATE TABLE t1_audit (id int);
CREATE RULE t1_logged AS ON INSERT TO t1 DO ALSO (
    INSERT INTO t1_log VALUES (NEW.id, NEW.note, 1);
    INSERT INTO t1_audit VALUES (NEW.id)
);
INSERT INTO t1 VALUES
    (1, 'semi;colon (and a paren'),
    (2, 'it''s; here)'),
    (3, E'back\\slash; and \'quote\' ('),
    (4, $$dollar; body ($$),
    (5, $tag$nested $$ inside; ) $tag$);
CREATE FUNCTION plus_one(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1; $$;
CREATE FUNCTION plus_two(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x + 2; END;
/* a nested /* comment; */ still a comment; ( */
CREATE VIEW t1_view AS SELECT id, (SELECT count(*) FROM t1_log l WHERE l.id = t1.id) AS logged, plus_one(id) AS next FROM t1;
CREATE TABLE "semi;name" ("col;1" int, "paren(" text);
INSERT INTO "semi;name" VALUES (1, ';'), (2, '(');
COPY t1 (id, note) FROM stdin;
6	copied; with a tab \t and (paren
7	\N
8	back\\slash
\.
INSERT INTO t1 VALUES (9, 'after the copy');
